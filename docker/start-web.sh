#!/bin/sh
# Start the Kinship web process: apply migrations, then replace this shell with gunicorn.
# Tunables: GUNICORN_WORKERS (default 3), GUNICORN_TIMEOUT (default 60 s), PORT (default 8000),
# KINSHIP_SITE_HOSTNAME and KINSHIP_SITE_PORT (the address readers use; see below).
# Any other gunicorn option can be passed through GUNICORN_CMD_ARGS, which gunicorn reads itself.
set -eu

python manage.py migrate --noinput
# Where readers reach the site, for canonical, OpenGraph, feed and sitemap URLs (port 443 means
# https://). Unset or empty: the Site keeps whatever Settings > Sites in the admin says.
if [ -n "${KINSHIP_SITE_HOSTNAME:-}" ]; then
    python manage.py set_site_hostname "$KINSHIP_SITE_HOSTNAME" --port "${KINSHIP_SITE_PORT:-443}"
fi

exec gunicorn cms.wsgi:application \
    --bind "0.0.0.0:${PORT:-8000}" \
    --workers "${GUNICORN_WORKERS:-3}" \
    --timeout "${GUNICORN_TIMEOUT:-60}" \
    --worker-tmp-dir /dev/shm \
    --access-logfile - \
    --error-logfile -
