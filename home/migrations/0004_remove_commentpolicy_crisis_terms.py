"""Crisis terms move from the Comment policy setting to their own model (blog 0011, edited in
the admin under Crisis terms). A site's own additions to the old list are carried over, so
nothing a clinician added is lost; the old default words are all covered by the new list."""

from django.db import migrations

OLD_DEFAULTS = {
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "end it all",
    "want to die",
    "don't want to live",
    "no reason to live",
    "better off dead",
    "self-harm",
    "self harm",
    "hurt myself",
    "hurting myself",
    "cutting myself",
    "overdose",
    "overdosed",
    "od'd",
    "took too many pills",
    "relapse tonight",
}


def carry_over_crisis_terms(apps, schema_editor):
    import re

    from blog.comments.triage import canonical_pattern, pattern_problems

    CommentPolicy = apps.get_model("home", "CommentPolicy")
    CrisisTerm = apps.get_model("blog", "CrisisTerm")
    existing = set(CrisisTerm.objects.values_list("pattern", flat=True))
    for policy in CommentPolicy.objects.order_by("pk"):
        for line in (policy.crisis_terms or "").splitlines():
            term = line.strip()
            if not term or term.lower().replace("’", "'") in OLD_DEFAULTS:
                continue
            # The old list was plain words: drop characters the pattern syntax does not use.
            pattern = canonical_pattern(re.sub(r"[^\w\s'*/.\-]", " ", term))
            if not pattern or pattern in existing or pattern_problems(pattern):
                continue
            CrisisTerm.objects.create(
                group=1,
                pattern=pattern,
                note=f"Carried over from the Comment policy of site {policy.site_id}: "
                "check its group.",
                active=True,
            )
            existing.add(pattern)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_comments"),
        ("blog", "0011_crisis_terms"),
    ]

    operations = [
        migrations.RunPython(carry_over_crisis_terms, migrations.RunPython.noop),
        migrations.RemoveField(model_name="commentpolicy", name="crisis_terms"),
    ]
