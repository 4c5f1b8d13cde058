#!/usr/bin/env bash
# Kinship's nightly backup: a custom-format pg_dump of the database and a tar of the media
# volume, written to BACKUP_DIR; the newest BACKUP_KEEP backups are kept. Runs in the official
# postgres image (docker-compose service `backup`), whose pg_dump matches the server's version.
#
#   backup.sh            the service: wait until BACKUP_AT (UTC) every day, back up, repeat
#   backup.sh once       back up now and exit: 0 when everything was written, non-zero otherwise
#   backup.sh next-run   print when the next nightly backup starts (UTC)
#   backup.sh health     exit non-zero when the last backup failed or none succeeded for 36 h
#
# Environment:
#   PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE   the database (libpq reads them itself)
#   BACKUP_DIR       where backups go (default /backups)
#   BACKUP_KEEP      how many backups to keep, newest first (default 14: two weeks of nights)
#   BACKUP_AT        the nightly time, HH:MM in UTC (default 02:30)
#   BACKUP_NAME      the file name prefix (default kinship)
#   BACKUP_ON_START  1: also back up once when the service starts (default 0)
#   MEDIA_DIR        the media volume to archive (default /media); empty when media is in an
#                    S3 bucket, which keeps its own versions (see the README)
#
# A backup is BACKUP_DIR/<name>-<UTC time>.dump and, with MEDIA_DIR, <name>-<UTC time>.media.tar.
# Each file is written under a hidden temporary name and renamed only once it is complete and
# read back, so a file with a backup's name is always whole. Old backups are pruned only after
# a successful run: a database that has been failing for a fortnight still has its last good
# backups.
set -Eeuo pipefail

BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_KEEP=${BACKUP_KEEP:-14}
BACKUP_AT=${BACKUP_AT:-02:30}
BACKUP_NAME=${BACKUP_NAME:-kinship}
MEDIA_DIR=${MEDIA_DIR-/media}
STATUS_FILE="$BACKUP_DIR/.last-run"
SELF=$(readlink -f "${BASH_SOURCE[0]}")
# The UTC time in a backup's name (20261204T023000Z): another BACKUP_NAME's files never match.
STAMP_GLOB='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z'
# A night's backup counts as missing after this long: a day and a half.
HEALTHY_FOR_SECONDS=$((36 * 3600))

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
fail() {
    log "FAILED: $*"
    exit 1
}

check_config() {
    [[ "$BACKUP_KEEP" =~ ^[1-9][0-9]*$ ]] || fail "BACKUP_KEEP must be a whole number >= 1, not '$BACKUP_KEEP'"
    [[ "$BACKUP_AT" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || fail "BACKUP_AT must be HH:MM (UTC), not '$BACKUP_AT'"
    [[ "$BACKUP_NAME" =~ ^[A-Za-z0-9_.-]+$ ]] || fail "BACKUP_NAME may hold letters, digits, '.', '_' and '-' only"
    if [ -n "$MEDIA_DIR" ] && [ ! -d "$MEDIA_DIR" ]; then
        fail "MEDIA_DIR $MEDIA_DIR is not a directory (set MEDIA_DIR= when media is in a bucket)"
    fi
    mkdir -p "$BACKUP_DIR" || fail "cannot create BACKUP_DIR $BACKUP_DIR"
}

# Seconds since the epoch of the next BACKUP_AT: today's, or tomorrow's once it has passed.
next_run_epoch() {
    local now next
    now=$(date -u +%s)
    next=$(date -u -d "today $BACKUP_AT" +%s)
    if [ "$next" -le "$now" ]; then
        next=$(date -u -d "tomorrow $BACKUP_AT" +%s)
    fi
    echo "$next"
}

record_status() {
    printf '%s %s\n' "$1" "$2" >"$STATUS_FILE.tmp" && mv -f "$STATUS_FILE.tmp" "$STATUS_FILE"
}

prune() {
    local keep=$BACKUP_KEEP dump stamp
    # Newest first: the UTC time in the name sorts as text.
    while IFS= read -r dump; do
        if [ "$keep" -gt 0 ]; then
            keep=$((keep - 1))
            continue
        fi
        stamp=${dump%.dump}
        rm -f -- "$dump" "$stamp.media.tar"
        log "pruned $(basename "$stamp")"
    done < <(find "$BACKUP_DIR" -maxdepth 1 -type f -name "$BACKUP_NAME-$STAMP_GLOB.dump" | sort -r)
    # A media archive whose dump is gone (pruned, or its run failed) is no backup on its own.
    local media
    while IFS= read -r media; do
        [ -e "${media%.media.tar}.dump" ] || rm -f -- "$media"
    done < <(find "$BACKUP_DIR" -maxdepth 1 -type f -name "$BACKUP_NAME-$STAMP_GLOB.media.tar")
}

# Not local: the EXIT and ERR traps read these after the function has returned.
backup_once() {
    started=$(date -u +%s)
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    base="$BACKUP_DIR/$BACKUP_NAME-$stamp"
    dump_tmp="$BACKUP_DIR/.$BACKUP_NAME-$stamp.dump.partial"
    media_tmp="$BACKUP_DIR/.$BACKUP_NAME-$stamp.media.tar.partial"
    # Whatever stops this run (an error, a signal), no temporary file outlives it.
    trap 'rm -f -- "$dump_tmp" "$media_tmp"' EXIT
    trap 'log "FAILED: line $LINENO: $BASH_COMMAND"; record_status failed "$stamp"' ERR
    # Only this script writes the hidden names, under its lock: leftovers are a killed run's.
    rm -f -- "$BACKUP_DIR"/."$BACKUP_NAME"-*.partial

    log "dumping database ${PGDATABASE:-?} on ${PGHOST:-local socket}"
    pg_dump --format=custom --file="$dump_tmp"
    # Read the whole archive back (every table's data, decompressed): a truncated or corrupt
    # file fails here, before it takes a backup's name.
    pg_restore --file=/dev/null "$dump_tmp"
    sync "$dump_tmp"
    mv -- "$dump_tmp" "$base.dump"
    log "wrote $(basename "$base.dump") ($(du -h "$base.dump" | cut -f1))"

    # After the dump: a file uploaded in between is in the archive without its row (harmless);
    # the other way round, a row would point at a file the archive lacks.
    if [ -n "$MEDIA_DIR" ]; then
        tar --create --file="$media_tmp" --directory="$MEDIA_DIR" .
        tar --list --file="$media_tmp" >/dev/null
        sync "$media_tmp"
        mv -- "$media_tmp" "$base.media.tar"
        log "wrote $(basename "$base.media.tar") ($(du -h "$base.media.tar" | cut -f1))"
    fi
    sync "$BACKUP_DIR"

    prune
    record_status ok "$stamp"
    log "done in $(($(date -u +%s) - started)) s; keeping the newest $BACKUP_KEEP"
}

# One run at a time: the nightly one and one started by hand.
locked_backup() {
    (
        exec 9>"$BACKUP_DIR/.lock"
        flock --nonblock 9 || fail "another backup is running"
        backup_once
    )
}

health() {
    [ -e "$STATUS_FILE" ] || exit 0 # nothing has run yet: not a failure
    local state stamp age
    read -r state stamp <"$STATUS_FILE"
    if [ "$state" != ok ]; then
        echo "the last backup ($stamp) failed: see the service's log" >&2
        exit 1
    fi
    age=$(($(date -u +%s) - $(stat -c %Y "$STATUS_FILE")))
    if [ "$age" -gt "$HEALTHY_FOR_SECONDS" ]; then
        echo "no backup has succeeded for $((age / 3600)) h (the last: $stamp)" >&2
        exit 1
    fi
}

# Each backup runs in a process of its own: bash ignores `set -e` inside a command whose status
# is tested (`a || b`), so a failed step would not stop the run, and the loop must outlive it.
run_child() {
    bash "$SELF" once || log "will try again at the next run"
}

serve() {
    # `docker compose stop` sends SIGTERM: stop sleeping at once. During a backup, bash runs the
    # trap when pg_dump or tar returns, so a backup in progress is finished first.
    sleeper=
    trap 'log "stopping"; [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null; exit 0' TERM INT
    log "nightly at $BACKUP_AT UTC into $BACKUP_DIR, keeping $BACKUP_KEEP"
    if [ "${BACKUP_ON_START:-0}" = 1 ]; then
        run_child
    fi
    local next
    while true; do
        next=$(next_run_epoch)
        log "next backup at $(date -u -d "@$next" +%Y-%m-%dT%H:%M:%SZ)"
        sleep $((next - $(date -u +%s))) &
        sleeper=$!
        wait "$sleeper" || true
        sleeper=
        run_child
    done
}

case "${1:-serve}" in
    serve)
        check_config
        serve
        ;;
    once)
        check_config
        locked_backup
        ;;
    next-run)
        check_config
        date -u -d "@$(next_run_epoch)" +%Y-%m-%dT%H:%M:%SZ
        ;;
    health) health ;;
    *)
        echo "usage: $0 [serve|once|next-run|health]" >&2
        exit 2
        ;;
esac
