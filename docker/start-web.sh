#!/bin/sh
# Start the Kinship web process: apply migrations, then replace this shell with gunicorn.
# Tunables: GUNICORN_WORKERS (default 3), GUNICORN_TIMEOUT (default 60 s), PORT (default 8000).
# Any other gunicorn option can be passed through GUNICORN_CMD_ARGS, which gunicorn reads itself.
set -eu

python manage.py migrate --noinput

exec gunicorn cms.wsgi:application \
    --bind "0.0.0.0:${PORT:-8000}" \
    --workers "${GUNICORN_WORKERS:-3}" \
    --timeout "${GUNICORN_TIMEOUT:-60}" \
    --worker-tmp-dir /dev/shm \
    --access-logfile - \
    --error-logfile -
