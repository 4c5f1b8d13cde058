"""`make drill-restore`: the demo site through the real backup and restore scripts.

The drill builds the demo site (dev settings, on PostgreSQL) in a database of its own, backs it
up with docker/backup/backup.sh, restores the dump with restore.sh into a second new database
(the migrations check included) and the media archive with restore-media.sh into a new
directory, then compares source and copy row for row in SQL. It prints what it compared and
exits non-zero on any difference. tests/deploy/test_backup.py runs the same comparison, faster.

    python -m drills.restore [--server postgres://postgres@127.0.0.1:5432] [--keep]
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import dj_database_url
import psycopg
from psycopg import sql

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = PROJECT_ROOT / "docker" / "backup"
# Debian's postgresql-client (the postgres image has them all too).
CLIENT_TOOLS = ("pg_dump", "pg_restore", "psql", "createdb", "dropdb", "vacuumdb")
INSTALL_HINT = (
    "the PostgreSQL client tools are missing ({missing}): install them with "
    "`sudo apt-get install -y postgresql-client` (the same major version as the server, or newer)"
)
# The drill's own databases, dropped before and after it runs: never any other.
SOURCE_DATABASE = "kinship_backup_drill_source"
COPY_DATABASE = "kinship_backup_drill_copy"

# What the source must hold for the drill to prove anything.
REQUIRED = (
    "pages",
    "revisions",
    "clinical approvals",
    "threaded replies",
    "pending comments",
    "removed comments",
    "comment moderation",
    "comment reports",
)


def missing_tools():
    return [tool for tool in CLIENT_TOOLS if shutil.which(tool) is None]


def libpq_env(settings_dict, database):
    """The PG* variables that point psql, pg_dump and the scripts at `database` on the server
    of a Django DATABASES entry."""
    env = {
        "PGHOST": settings_dict.get("HOST") or "127.0.0.1",
        "PGPORT": str(settings_dict.get("PORT") or 5432),
        "PGUSER": settings_dict.get("USER") or "postgres",
        "PGDATABASE": database,
    }
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def connect(pg_env, database=None):
    """A psycopg connection (autocommit) from the PG* variables."""
    return psycopg.connect(
        host=pg_env["PGHOST"],
        port=pg_env["PGPORT"],
        user=pg_env["PGUSER"],
        password=pg_env.get("PGPASSWORD"),
        dbname=database or pg_env["PGDATABASE"],
        autocommit=True,
    )


def drop_database(pg_env, database):
    with connect(pg_env, "postgres") as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(database)))


def run_script(name, *args, env, check=True, timeout=600):
    """docker/backup/<name> with `env` added to this process's environment."""
    return subprocess.run(
        ["bash", str(SCRIPTS / name), *map(str, args)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def backup_files(backup_dir, name="kinship"):
    """backup.sh's finished backups in `backup_dir`, oldest first: [(dump, media or None)]."""
    found = []
    for dump in sorted(Path(backup_dir).glob(f"{name}-*.dump")):
        if re.fullmatch(rf"{re.escape(name)}-\d{{8}}T\d{{6}}Z\.dump", dump.name):
            media = dump.with_name(dump.name.removesuffix(".dump") + ".media.tar")
            found.append((dump, media if media.exists() else None))
    return found


def migrate_check_command(settings_module):
    """The MIGRATE_CHECK restore.sh runs: this venv's Django against the restored database."""
    return (
        f"DJANGO_SETTINGS_MODULE={settings_module} "
        f"{sys.executable} {PROJECT_ROOT / 'manage.py'} migrate --check"
    )


# --- what is compared ----------------------------------------------------------------------


def named_checks():
    """(label, query) of what a restore must bring back, read from the models' tables."""
    from django.apps import apps
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Page, Revision, TaskState, WorkflowState

    from cms.articles import get_article_model
    from comments.models import CommentModeration, CommentReport
    from editorial.models import ClinicalApproval, CoveredRevision

    def table(model):
        return model._meta.db_table

    comment = apps.get_model("django_comments", "Comment")
    # Every column of the comment and its thread: position (thread, parent, level, order) and
    # the moderator's decision (is_public, is_removed).
    comments = (
        f"SELECT c.*, x.* FROM {table(comment)} c "
        f"JOIN {table(XtdComment)} x ON x.comment_ptr_id = c.id"
    )
    return [
        ("pages", f"SELECT * FROM {table(Page)}"),
        ("articles", f"SELECT * FROM {table(get_article_model())}"),
        ("revisions", f"SELECT * FROM {table(Revision)}"),
        ("clinical approvals", f"SELECT * FROM {table(ClinicalApproval)}"),
        ("covered revisions", f"SELECT * FROM {table(CoveredRevision)}"),
        ("workflow states", f"SELECT * FROM {table(WorkflowState)}"),
        ("task states", f"SELECT * FROM {table(TaskState)}"),
        ("comments", comments),
        ("threaded replies", f"{comments} WHERE x.level > 0"),
        ("pending comments", f"{comments} WHERE NOT c.is_public AND NOT c.is_removed"),
        ("removed comments", f"{comments} WHERE c.is_removed"),
        ("comment moderation", f"SELECT * FROM {table(CommentModeration)}"),
        ("comment reports", f"SELECT * FROM {table(CommentReport)}"),
    ]


# The schema beyond tables: a restore that lost the publish-rule trigger or an index would
# hold the same rows and still be wrong. Described by name, table, kind and columns rather than
# by their SQL text, which PostgreSQL may word differently once it has read it back (a partial
# index's `IN (...)` comes back with its casts moved).
SCHEMA_OBJECTS = """
WITH columns AS (
    -- Column names, not numbers: a restored table has no slots for columns dropped long ago.
    SELECT attrelid, attnum, attname FROM pg_attribute WHERE attnum > 0
)
SELECT format('index %s on %s (%s) unique=%s partial=%s', i.indexrelid::regclass,
              i.indrelid::regclass,
              (SELECT string_agg(coalesce(a.attname, 'expression'), ', ' ORDER BY k.n)
               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
               LEFT JOIN columns a ON a.attrelid = i.indrelid AND a.attnum = k.attnum),
              i.indisunique, i.indpred IS NOT NULL)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT format('constraint %s on %s type %s (%s) references %s', conname, conrelid::regclass,
              contype,
              (SELECT string_agg(a.attname, ', ' ORDER BY k.n)
               FROM unnest(conkey) WITH ORDINALITY AS k(attnum, n)
               JOIN columns a ON a.attrelid = conrelid AND a.attnum = k.attnum),
              confrelid::regclass)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL
SELECT format('trigger %s on %s calls %s type %s deferred %s', tgname, tgrelid::regclass,
              tgfoid::regproc, tgtype, tginitdeferred)
FROM pg_trigger WHERE NOT tgisinternal
UNION ALL
SELECT format('function %s: %s', p.oid::regprocedure, md5(pg_get_functiondef(p.oid)))
FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
UNION ALL
SELECT format('extension %s %s', extname, extversion) FROM pg_extension
"""


@dataclass
class Snapshot:
    named: dict  # label -> sorted row texts
    tables: dict  # table -> (row count, md5 of its sorted rows)
    sequences: dict  # sequence -> last value (None before first use)
    schema: list  # sorted descriptions of indexes, constraints, triggers, functions, extensions


def snapshot(conn, checks):
    """Everything compared, read from one database."""
    named = {}
    for label, query in checks:
        rows = conn.execute(f"SELECT q::text FROM ({query}) AS q").fetchall()
        named[label] = sorted(row[0] for row in rows)
    tables = {}
    names = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    for (name,) in names:
        tables[name] = conn.execute(
            sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                " FROM {} AS t"
            ).format(sql.Identifier(name))
        ).fetchone()
    sequences = dict(
        conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
    )
    schema = sorted(row[0] for row in conn.execute(SCHEMA_OBJECTS).fetchall())
    return Snapshot(named, tables, sequences, schema)


@dataclass
class Line:
    what: str
    source: int
    restored: int
    same: bool
    detail: str = ""


def compare(source, restored):
    """One line per named check, then the whole database: tables, sequences, schema."""
    lines = []
    for label, rows in source.named.items():
        copied = restored.named.get(label, [])
        lines.append(Line(label, len(rows), len(copied), rows == copied))
    differing = sorted(
        name
        for name in source.tables.keys() | restored.tables.keys()
        if source.tables.get(name) != restored.tables.get(name)
    )
    lines.append(
        Line(
            f"rows of every table ({len(source.tables)})",
            sum(count for count, _ in source.tables.values()),
            sum(count for count, _ in restored.tables.values()),
            not differing,
            ", ".join(differing),
        )
    )
    moved = sorted(
        name
        for name in source.sequences.keys() | restored.sequences.keys()
        if source.sequences.get(name) != restored.sequences.get(name)
    )
    lines.append(
        Line(
            "sequences (next ids)",
            len(source.sequences),
            len(restored.sequences),
            not moved,
            ", ".join(moved),
        )
    )
    lost = sorted(set(source.schema) ^ set(restored.schema))
    lines.append(
        Line(
            "indexes, constraints, triggers, functions",
            len(source.schema),
            len(restored.schema),
            not lost,
            "; ".join(lost[:3]),
        )
    )
    return lines


def format_table(lines):
    width = max(len(line.what) for line in lines)
    out = [f"{'what':<{width}}  {'source':>8}  {'restored':>8}  same"]
    for line in lines:
        same = "yes" if line.same else "NO"
        row = f"{line.what:<{width}}  {line.source:>8}  {line.restored:>8}  {same}"
        out.append(row + (f"  ({line.detail})" if line.detail and not line.same else ""))
    return "\n".join(out)


def file_digests(directory):
    """{relative path: sha256} of every file under `directory`."""
    root = Path(directory)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# --- the source data -----------------------------------------------------------------------


def add_moderation_cases():
    """What the demo does not show, so that a restore is checked against it too: a comment a
    moderator removed (through Kinship's own action), a reader's report on a public comment,
    and a reply in a thread still waiting for a moderator, with its hold reason."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_comments_xtd.models import XtdComment

    from comments.models import CommentModeration, CommentReport
    from comments.moderation_actions import remove

    moderator = get_user_model().objects.get(username="moderator")
    public = XtdComment.norel_objects.filter(is_public=True, is_removed=False).order_by("pk")
    leaf = public.filter(nested_count=0).last()
    remove(leaf, moderator)

    reported = public.exclude(pk=leaf.pk).first()
    CommentReport.objects.create(
        comment=reported,
        reason="This reads like advice to stop medication.",
        reporter_name="A reader",
        reporter_email="reporter@example.org",
    )

    parent = public.filter(level__lt=settings.COMMENTS_XTD_MAX_THREAD_LEVEL).first()
    written = timezone.now() - timedelta(minutes=5)
    reply = XtdComment(
        content_type_id=parent.content_type_id,
        object_pk=parent.object_pk,
        site_id=parent.site_id,
        user_name="Jordan",
        user_email="jordan@example.org",
        user_url="",
        comment="Thank you. Where can I find the meeting times? https://example.org/meetings",
        submit_date=written,
        ip_address=None,
        is_public=False,
        is_removed=False,
        parent_id=parent.pk,
        followup=True,
    )
    reply.save()  # xtd threads it under the parent
    CommentModeration.objects.create(
        comment=reply,
        hold_reasons=["Contains a link"],
        confirmed_at=written + timedelta(minutes=2),
        created_at=written,
    )
    return {"removed": leaf, "reported": reported, "pending reply": reply}


# --- the drill -----------------------------------------------------------------------------


def step(what, started):
    print(f"{what} ({time.monotonic() - started:.1f} s)", flush=True)


def build_source(server, database, media_root):
    """The demo site in `database`: migrations, load_demo_content, the moderation cases."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DATABASE_URL=f"{server}/{database}",
        MEDIA_ROOT=str(media_root),
    )
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    step(f"migrated {database}", started)
    call_command("load_demo_content", verbosity=0)
    add_moderation_cases()
    step("loaded the demo content and the moderation cases", started)
    connections.close_all()


def drill(server, keep=False):
    missing = missing_tools()
    if missing:
        print(INSTALL_HINT.format(missing=", ".join(missing)), file=sys.stderr)
        return 2
    pg_env = libpq_env(dj_database_url.parse(f"{server}/postgres"), SOURCE_DATABASE)
    work = Path(tempfile.mkdtemp(prefix="kinship-drill-restore-"))
    media, restored_media, backups = work / "media", work / "media-restored", work / "backups"
    media.mkdir()
    started = time.monotonic()
    try:
        for database in (SOURCE_DATABASE, COPY_DATABASE):
            drop_database(pg_env, database)
        with connect(pg_env, "postgres") as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SOURCE_DATABASE)))
        build_source(server, SOURCE_DATABASE, media)

        run_script(
            "backup.sh", "once", env={**pg_env, "BACKUP_DIR": str(backups), "MEDIA_DIR": str(media)}
        )
        [(dump, media_archive)] = backup_files(backups)
        step(f"backup.sh wrote {dump.name} and {media_archive.name}", started)

        check = migrate_check_command("cms.settings.dev")
        restored = run_script(
            "restore.sh",
            dump,
            COPY_DATABASE,
            env={**pg_env, "PGDATABASE": COPY_DATABASE, "MIGRATE_CHECK": check},
            check=False,
        )
        if restored.returncode != 0:
            print(restored.stdout + restored.stderr, file=sys.stderr)
            print(f"restore.sh failed (exit {restored.returncode})", file=sys.stderr)
            return 1
        run_script("restore-media.sh", media_archive, restored_media, env=pg_env)
        step(f"restore.sh restored {COPY_DATABASE}, migrations checked; media restored", started)

        checks = named_checks()
        with connect(pg_env, SOURCE_DATABASE) as source, connect(pg_env, COPY_DATABASE) as copy:
            lines = compare(snapshot(source, checks), snapshot(copy, checks))
        source_files, copied_files = file_digests(media), file_digests(restored_media)
        lines.append(
            Line("media files", len(source_files), len(copied_files), source_files == copied_files)
        )
        print()
        print(format_table(lines))
        print()
        empty = [line.what for line in lines if line.what in REQUIRED and line.source == 0]
        if empty:
            print(f"The source holds no {', '.join(empty)}: the drill proves nothing for them.")
            return 1
        if not all(line.same for line in lines):
            print("DIFFERENT: the restored copy is not the site that was backed up.")
            return 1
        print(f"Restore drill passed in {time.monotonic() - started:.0f} s.")
        return 0
    except subprocess.CalledProcessError as error:
        print(error.stdout + error.stderr, file=sys.stderr)
        print(f"{' '.join(error.cmd)} failed (exit {error.returncode})", file=sys.stderr)
        return 1
    finally:
        if keep:
            print(f"Kept: databases {SOURCE_DATABASE} and {COPY_DATABASE}, files in {work}")
        else:
            for database in (SOURCE_DATABASE, COPY_DATABASE):
                drop_database(pg_env, database)
            shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server",
        default=os.environ.get("DRILL_SERVER", "postgres://postgres@127.0.0.1:5432"),
        help="the PostgreSQL server, as a URL without a database name",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    args = parser.parse_args(argv)
    return drill(args.server.rstrip("/"), keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
