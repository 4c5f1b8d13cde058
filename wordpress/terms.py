"""WordPress categories and tags as Kinship's, by slug (kept as it was), then by name."""

from taggit.models import Tag

from blog.taxonomy import BlogCategory


class TermIndex:
    """The categories and tags of one import, looked up once each."""

    def __init__(self, dry_run, count):
        self.dry_run = dry_run
        self.count = count
        self.categories = {}  # slug -> id (None for one a dry run would create)
        self.tags = {}  # slug -> name

    def declare(self, term, importer):
        if term.taxonomy == "category":
            self.category(term.slug, term.name)
        elif term.taxonomy == "post_tag":
            self.tag(term.slug, term.name)
        else:
            importer.skipped[f"{term.taxonomy or 'other'} terms"] += 1

    def for_item(self, item, importer):
        """(category ids, tag names) of a post's <category> elements."""
        category_ids, tag_names = [], []
        for taxonomy, slug, name in item.terms:
            if taxonomy == "category":
                found = self.category(slug, name)
                if found is not None:
                    category_ids.append(found)
            elif taxonomy == "post_tag":
                found = self.tag(slug, name)
                if found:
                    tag_names.append(found)
        return sorted(set(category_ids)), sorted(set(tag_names))

    def category(self, slug, name):
        slug = (slug or "").strip()[:80]
        name = " ".join((name or slug).split())[:80]
        if not slug or slug in self.categories:
            return self.categories.get(slug)
        found = (
            BlogCategory.objects.filter(slug=slug).first()
            or BlogCategory.objects.filter(name__iexact=name).first()
        )
        if found is not None:
            self.count("categories", "unchanged")
        elif self.dry_run:
            self.count("categories", "created")
        else:
            found = BlogCategory.objects.create(slug=slug, name=name)
            self.count("categories", "created")
        self.categories[slug] = found.pk if found else None
        return self.categories[slug]

    def tag(self, slug, name):
        slug = (slug or "").strip()[:100]
        name = " ".join((name or slug).split())[:100]
        if not slug or slug in self.tags:
            return self.tags.get(slug)
        found = (
            Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name__iexact=name).first()
        )
        if found is not None:
            self.count("tags", "unchanged")
        elif self.dry_run:
            self.count("tags", "created")
        else:
            found = Tag.objects.create(slug=slug, name=name)
            self.count("tags", "created")
        self.tags[slug] = found.name if found else name
        return self.tags[slug]
