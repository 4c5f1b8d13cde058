"""Crisis terms as a model clinicians edit in the admin, loaded with Kinship's default list,
and the rights to edit them for Clinical reviewers, Editors and Moderators."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import blog.comments.crisis
from blog.roles import apply_roles, create_missing_permissions


def load_default_terms(apps, schema_editor):
    from blog.comments.crisis import DEFAULT_TERMS
    from blog.comments.triage import canonical_pattern

    CrisisTerm = apps.get_model("blog", "CrisisTerm")
    existing = set(CrisisTerm.objects.values_list("pattern", flat=True))
    for group, pattern, note in DEFAULT_TERMS:
        pattern = canonical_pattern(pattern)
        if pattern not in existing:
            CrisisTerm.objects.create(group=group, pattern=pattern, note=note, active=True)
            existing.add(pattern)


def reapply_roles(apps, schema_editor):
    create_missing_permissions(apps)
    apply_roles(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0010_comment_delivery"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CrisisTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "group",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "Suicide and self-harm"),
                            (2, "Overdose and using"),
                            (3, "Danger from others"),
                        ]
                    ),
                ),
                (
                    "pattern",
                    models.CharField(
                        help_text="One word or phrase per term, matched as whole words. Capitals, accents, repeated letters (killlll), letters spelt out with spaces or dots (k i l l, k.i.l.l), leetspeak (k1ll) and invisible characters make no difference. * stands for any letters: overdos* matches overdose, overdosed and overdosing. ... stands for up to 3 other words: afraid ... kill me matches “afraid he will kill me”. A slash means either word: he/she hit* me. Spaces between words, hyphens and apostrophes are optional: self-harm also matches self harm and selfharm, don't also matches dont and do not. Whole words only: od does not match odd or period.",
                        max_length=200,
                        unique=True,
                        validators=[blog.comments.crisis.validate_pattern],
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="What this term catches and why it is on the list, for the next person.",
                        max_length=255,
                    ),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to stop matching this term without deleting it.",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last edited")),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="last edited by",
                    ),
                ),
            ],
            options={
                "verbose_name": "crisis term",
                "verbose_name_plural": "crisis terms",
                "ordering": ["group", "pattern"],
            },
        ),
        migrations.RunPython(load_default_terms, migrations.RunPython.noop),
        migrations.RunPython(reapply_roles, migrations.RunPython.noop),
    ]
