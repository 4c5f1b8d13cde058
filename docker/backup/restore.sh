#!/usr/bin/env bash
# Restore a backup.sh dump into a new database, never over the site's data by accident.
#
#   restore.sh [--force] DUMP DATABASE
#
# DATABASE is created (owned by PGUSER). An existing one is used only when it holds nothing;
# one with tables, sequences or views is refused unless --force, which drops it first (and
# disconnects whoever is connected to it). The restore is one transaction: it lands whole or
# not at all. Then the planner statistics are rebuilt (a dump holds none) and, when
# MIGRATE_CHECK is set, it is run against the new database with DATABASE_URL pointing there
# (e.g. MIGRATE_CHECK="python manage.py migrate --check": the code and the restored schema must
# agree before the site is switched over).
#
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD as for psql; RESTORE_MAINTENANCE_DB is where
# databases are created and dropped from (default postgres).
# Exit status: 0 restored; 1 failed; 2 usage; 3 refused (not empty); 4 migrations check failed.
set -Eeuo pipefail

log() { printf '%s restore: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
usage() {
    echo "usage: $0 [--force] DUMP DATABASE" >&2
    exit 2
}

force=0
args=()
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        -h | --help) usage ;;
        -*) usage ;;
        *) args+=("$arg") ;;
    esac
done
[ "${#args[@]}" = 2 ] || usage
dump=${args[0]}
database=${args[1]}
maintenance=${RESTORE_MAINTENANCE_DB:-postgres}

# The name goes into SQL and URLs unquoted: plain identifiers only.
[[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || {
    log "FAILED: the database name must be lower-case letters, digits and '_', not '$database'"
    exit 2
}
[ -r "$dump" ] || {
    log "FAILED: cannot read $dump"
    exit 1
}
# A custom-format archive lists its contents; anything else (a truncated copy, a plain SQL
# file) stops here, before a database is touched.
pg_restore --list "$dump" >/dev/null || {
    log "FAILED: $dump is not a readable pg_dump -Fc archive"
    exit 1
}

sql() { psql --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 "$@"; }

created=0
exists=$(sql --dbname="$maintenance" --command="SELECT 1 FROM pg_database WHERE datname = '$database'")
if [ -n "$exists" ]; then
    # Anything a restore would collide with or replace, in any schema but the system's.
    objects=$(sql --dbname="$database" --command="
        SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg_toast%'")
    if [ "$objects" != 0 ]; then
        if [ "$force" != 1 ]; then
            log "REFUSED: database $database is not empty ($objects tables, sequences or views)."
            log "Restore into a new database name, or pass --force to drop $database first."
            exit 3
        fi
        log "dropping $database (--force), with its $objects tables, sequences and views"
        dropdb --maintenance-db="$maintenance" --force "$database"
        exists=
    fi
fi
if [ -z "$exists" ]; then
    createdb --maintenance-db="$maintenance" "$database"
    created=1
fi

# A failed restore leaves no half-made database behind (the transaction is rolled back; a
# database this run created is dropped again), so the same command can simply be rerun.
cleanup() {
    log "FAILED: line $1: $2"
    if [ "$created" = 1 ]; then
        dropdb --maintenance-db="$maintenance" --if-exists "$database" || true
    fi
}
trap 'cleanup "$LINENO" "$BASH_COMMAND"' ERR

log "restoring $(basename "$dump") into $database"
# Objects belong to the user restoring (the dump's owners and grants may not exist here).
# A comment on an extension can only be set by the extension's owner, a superuser: it is the
# one part of the archive that is left out, so a database owner without superuser rights can
# restore too.
list=$(mktemp)
trap 'rm -f "$list"' EXIT
pg_restore --list "$dump" | grep -v ' COMMENT - EXTENSION ' >"$list"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --use-list="$list" --dbname="$database" "$dump"
vacuumdb --analyze-only --quiet --dbname="$database"
trap - ERR

tables=$(sql --dbname="$database" --command="
    SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
migrations=$(sql --dbname="$database" --command="SELECT count(*) FROM django_migrations" 2>/dev/null || echo none)
log "restored $database: $tables tables, $migrations migrations recorded"

if [ -n "${MIGRATE_CHECK:-}" ]; then
    # Host, port, user and password come from the PG* variables (libpq reads them).
    log "checking migrations: $MIGRATE_CHECK"
    if ! DATABASE_URL="postgres:///$database" bash -c "$MIGRATE_CHECK"; then
        log "FAILED: the migrations check failed on $database: the restored schema and this"
        log "code disagree (restore with the code of the dump's day, or migrate it first)"
        exit 4
    fi
    log "migrations check passed"
fi
log "done: point DATABASE_URL at $database, or rename it (see the README)"
