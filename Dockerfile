# syntax=docker/dockerfile:1
# Kinship web image: gunicorn serving cms.wsgi, static files built in and served by WhiteNoise.
# Runtime configuration (DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, ...) comes from the environment;
# see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    MEDIA_ROOT=/app/media

RUN groupadd --system --gid 1000 kinship \
    && useradd --system --uid 1000 --gid kinship --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin kinship

WORKDIR /app

# Runtime dependencies only (requirements-test.txt stays out of the image).
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Production settings refuse to load without SECRET_KEY and ALLOWED_HOSTS, or without Redis
# unless one process is declared. These placeholders exist only for the collectstatic step
# below; they are not kept in the image's environment.
ARG BUILD_SECRET_KEY=collectstatic-build-placeholder-not-a-secret
ARG BUILD_ALLOWED_HOSTS=localhost
RUN SECRET_KEY="$BUILD_SECRET_KEY" ALLOWED_HOSTS="$BUILD_ALLOWED_HOSTS" KINSHIP_SINGLE_PROCESS=1 \
        python manage.py collectstatic --noinput \
    && chmod 0755 docker/*.sh docker/*.py \
    # The media and import volumes are created from these directories, so they must belong
    # to the app user.
    && mkdir -p /app/media /app/var/wordpress-imports \
    && chown -R kinship:kinship /app/media /app/var

USER kinship

EXPOSE 8000

# Applies migrations, then execs gunicorn cms.wsgi:application on 0.0.0.0:8000.
CMD ["/app/docker/start-web.sh"]
