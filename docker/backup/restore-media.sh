#!/usr/bin/env bash
# Restore a backup.sh media archive (<name>-<time>.media.tar) into a media directory.
#
#   restore-media.sh [--force] ARCHIVE DIRECTORY
#
# DIRECTORY (created when missing) must be empty unless --force, which writes the archive's
# files over it: files of the same name are replaced, files the archive lacks are kept (an
# upload newer than the backup stays; it is harmless without its database row). Run as root,
# tar gives each file its recorded owner back (the web image's kinship user).
set -Eeuo pipefail

log() { printf '%s restore-media: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
usage() {
    echo "usage: $0 [--force] ARCHIVE DIRECTORY" >&2
    exit 2
}

force=0
args=()
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        -*) usage ;;
        *) args+=("$arg") ;;
    esac
done
[ "${#args[@]}" = 2 ] || usage
archive=${args[0]}
directory=${args[1]}

# Read the whole archive first: a truncated one fails before anything is written.
listing=$(tar --list --file="$archive") || {
    log "FAILED: $archive is not a readable tar archive"
    exit 1
}
count=$(grep -cv '/$' <<<"$listing" || true)
mkdir -p -- "$directory"
if [ -n "$(find "$directory" -mindepth 1 -maxdepth 1 -print -quit)" ] && [ "$force" != 1 ]; then
    log "REFUSED: $directory is not empty; restore into an empty directory, or pass --force"
    log "to write the archive's files over it"
    exit 3
fi
trap 'log "FAILED: line $LINENO: $BASH_COMMAND (rerun with --force to complete it)"' ERR
log "restoring $count files from $(basename "$archive") into $directory"
tar --extract --file="$archive" --directory="$directory"
log "done"
