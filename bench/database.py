"""The benchmark's PostgreSQL database: created when it is missing."""

import dj_database_url
import psycopg
from psycopg import errors, sql


def ensure_database(url):
    """Create the database named by `url` unless it exists; True if it was created."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ValueError("The benchmark measures PostgreSQL: DATABASE_URL must be postgres://.")
    server = {
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
    }
    server = {key: value for key, value in server.items() if value}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        try:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        except errors.DuplicateDatabase:
            return False
    return True
