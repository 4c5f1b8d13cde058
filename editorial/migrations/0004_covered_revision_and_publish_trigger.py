"""CoveredRevision, and the publish rule in the database: a PostgreSQL constraint trigger.

The trigger is the last line beneath the model's checks (editorial/publish_rule.py), for writes
Django cannot see (raw SQL, Page.objects.update()). When an article's page row becomes live, or
its live revision changes, then at commit the article must point at its own latest clinical
approval, and the live revision must be that approval's revision or a CoveredRevision of it.
It is deferred to commit because Django writes an article in several statements (the page
table before the article table; seed_bench inserts pages before their approvals). Unpublishing
is never checked. Other databases (SQLite for `make run`) skip it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ARTICLE_APP, ARTICLE_MODEL = settings.KINSHIP_ARTICLE_MODEL.lower().split(".")
ARTICLE_TABLE = f"{ARTICLE_APP}_{ARTICLE_MODEL}"

CREATE_TRIGGER = f"""
CREATE FUNCTION editorial_publish_rule() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    page record;
    approval record;
    latest_id bigint;
BEGIN
    -- The row as it stands at commit, which later statements may have changed.
    SELECT p.id, p.live, p.live_revision_id INTO page
    FROM wagtailcore_page p JOIN django_content_type ct ON ct.id = p.content_type_id
    WHERE p.id = NEW.id AND ct.app_label = '{ARTICLE_APP}' AND ct.model = '{ARTICLE_MODEL}';
    IF NOT FOUND OR NOT page.live THEN
        RETURN NULL;
    END IF;
    SELECT a.id, a.page_id, a.revision_id INTO approval
    FROM {ARTICLE_TABLE} b JOIN editorial_clinicalapproval a ON a.id = b.clinical_approval_id
    WHERE b.page_ptr_id = page.id;
    IF NOT FOUND OR approval.page_id <> page.id THEN
        RAISE EXCEPTION 'publish rule: page % cannot go live without a clinical approval', page.id
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT a.id INTO latest_id FROM editorial_clinicalapproval a
    WHERE a.page_id = page.id ORDER BY a.approved_at DESC, a.id DESC LIMIT 1;
    IF latest_id <> approval.id THEN
        RAISE EXCEPTION 'publish rule: page % goes live with an approval that is not its latest',
            page.id USING ERRCODE = 'check_violation';
    END IF;
    IF page.live_revision_id IS NULL OR NOT (
        approval.revision_id IS NOT DISTINCT FROM page.live_revision_id
        OR EXISTS (
            SELECT 1 FROM editorial_coveredrevision c
            WHERE c.approval_id = approval.id AND c.revision_id = page.live_revision_id
        )
    ) THEN
        RAISE EXCEPTION 'publish rule: the live revision of page % is not clinically approved',
            page.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER editorial_publish_rule_insert
AFTER INSERT ON wagtailcore_page DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (NEW.live) EXECUTE FUNCTION editorial_publish_rule();

CREATE CONSTRAINT TRIGGER editorial_publish_rule_update
AFTER UPDATE OF live, live_revision_id ON wagtailcore_page DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (
    NEW.live AND (NOT OLD.live OR NEW.live_revision_id IS DISTINCT FROM OLD.live_revision_id)
) EXECUTE FUNCTION editorial_publish_rule();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS editorial_publish_rule_update ON wagtailcore_page;
DROP TRIGGER IF EXISTS editorial_publish_rule_insert ON wagtailcore_page;
DROP FUNCTION IF EXISTS editorial_publish_rule();
"""


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL on PostgreSQL; a no-op elsewhere (SQLite has no plpgsql)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_writers_own_pages_only"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("blog", "0003_related_posts"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="CoveredRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "approval",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="editorial.clinicalapproval",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.revision",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("approval", "revision"), name="editorial_covered_revision_once"
                    )
                ],
            },
        ),
        PostgreSQLOnly(CREATE_TRIGGER, DROP_TRIGGER),
    ]
