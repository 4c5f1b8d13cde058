"""Where uploads live: images, their renditions and documents (settings.STORAGES["default"]).

On local disk (MEDIA_ROOT) unless the environment names an S3-compatible bucket (AWS S3, MinIO,
Ceph, Garage…), so that any number of web containers see the same files. Either form:

    AWS_STORAGE_BUCKET_NAME=kinship-media   with, all optional, AWS_S3_ENDPOINT_URL,
        AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN, AWS_S3_URL_PROTOCOL, AWS_LOCATION,
        AWS_S3_ADDRESSING_STYLE, AWS_QUERYSTRING_AUTH, AWS_QUERYSTRING_EXPIRE and the
        credentials AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (django-storages' names);
    MEDIA_STORAGE_URL=s3://KEY:SECRET@BUCKET/PREFIX?endpoint_url=http://minio:9000&region=eu-west-1
        with the same options as query parameters (endpoint_url, region, custom_domain,
        url_protocol, addressing_style, querystring_auth, querystring_expire; the path is
        AWS_LOCATION, a prefix for every key); key and secret are percent-encoded (a "/" in a
        secret is %2F) and, like the prefix, may be left out.

Without credentials boto3 finds its own (AWS_SESSION_TOKEN, a profile, an instance role).

Images and renditions are linked straight from the bucket, so the bucket (or the CDN on
AWS_S3_CUSTOM_DOMAIN) must let anyone read `images/*`, where Wagtail keeps renditions, and
nothing else: documents stay private and are streamed by Wagtail's own view, which applies
collection privacy (WAGTAILDOCS_SERVE_METHOD in base.py). A bucket that cannot be public at
all can sign every link instead (AWS_QUERYSTRING_AUTH=1), at the cost of addresses that change
on every render.

This module is read while the settings load, so it never touches django.conf.settings.
"""

import copy
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"

# What every bucket gets unless the environment says otherwise (it can say so only of
# querystring_auth).
S3_DEFAULT_OPTIONS = {
    # Two uploads of "photo.jpg" are two objects (Django adds a random suffix to the second),
    # as on disk; django-storages would otherwise replace the first one's file.
    "file_overwrite": False,
    # Stable, public addresses for images unless the operator asks for signed ones.
    "querystring_auth": False,
    # Objects keep the bucket's own ACL (private); reading images/* is the bucket policy's job.
    "default_acl": None,
    # A rendition's address may come back with other content after its image's file is
    # replaced, so a browser or CDN keeps one a day, not for ever.
    "object_parameters": {"CacheControl": "max-age=86400"},
}

# Environment variable and URL query parameter for each S3Storage option, and how to read it.
_OPTIONS = {
    "endpoint_url": ("AWS_S3_ENDPOINT_URL", "endpoint_url", "url"),
    "region_name": ("AWS_S3_REGION_NAME", "region", "text"),
    "custom_domain": ("AWS_S3_CUSTOM_DOMAIN", "custom_domain", "text"),
    "url_protocol": ("AWS_S3_URL_PROTOCOL", "url_protocol", "protocol"),
    "location": ("AWS_LOCATION", None, "prefix"),  # the URL's path
    "addressing_style": ("AWS_S3_ADDRESSING_STYLE", "addressing_style", "style"),
    "querystring_auth": ("AWS_QUERYSTRING_AUTH", "querystring_auth", "flag"),
    "querystring_expire": ("AWS_QUERYSTRING_EXPIRE", "querystring_expire", "seconds"),
}


def _url(name, value):
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"{name}: {value!r} is not an http:// or https:// URL.")
    return value.rstrip("/")


def _protocol(name, value):
    value = value if value.endswith(":") else value + ":"
    if value not in ("http:", "https:"):
        raise ImproperlyConfigured(f"{name}: {value!r} is neither http: nor https:.")
    return value


def _style(name, value):
    if value not in ("auto", "path", "virtual"):
        raise ImproperlyConfigured(f"{name}: {value!r} is not one of auto, path, virtual.")
    return value


def _flag(name, value):
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name}: {value!r} is neither 0 nor 1.")
    return value == "1"


def _seconds(name, value):
    if not value.isdigit() or int(value) == 0:
        raise ImproperlyConfigured(f"{name}: {value!r} is not a number of seconds.")
    return int(value)


_READERS = {
    "url": _url,
    "text": lambda name, value: value,
    "prefix": lambda name, value: value.strip("/"),
    "protocol": _protocol,
    "style": _style,
    "flag": _flag,
    "seconds": _seconds,
}


def _read(option, name, value):
    return _READERS[_OPTIONS[option][2]](name, value)


def _from_variables(environ):
    options = {"bucket_name": environ["AWS_STORAGE_BUCKET_NAME"].strip()}
    access_key = environ.get("AWS_S3_ACCESS_KEY_ID") or environ.get("AWS_ACCESS_KEY_ID")
    secret_key = environ.get("AWS_S3_SECRET_ACCESS_KEY") or environ.get("AWS_SECRET_ACCESS_KEY")
    if access_key and secret_key:
        options.update(access_key=access_key, secret_key=secret_key)
    for option, (variable, _parameter, _kind) in _OPTIONS.items():
        if environ.get(variable, "").strip():
            options[option] = _read(option, variable, environ[variable].strip())
    return options


def _from_url(url):
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL must look like s3://KEY:SECRET@BUCKET/PREFIX?endpoint_url=..."
        )
    options = {"bucket_name": parts.hostname}
    if parts.username and parts.password:
        options.update(access_key=unquote(parts.username), secret_key=unquote(parts.password))
    elif parts.username or parts.password:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL: give both the key and the secret, or none.")
    if parts.path.strip("/"):
        options["location"] = unquote(parts.path).strip("/")
    by_parameter = {parameter: option for option, (_v, parameter, _k) in _OPTIONS.items()}
    for parameter, value in parse_qsl(parts.query, keep_blank_values=True):
        if parameter not in by_parameter:
            known = ", ".join(sorted(p for p in by_parameter if p))
            raise ImproperlyConfigured(
                f"MEDIA_STORAGE_URL: unknown parameter {parameter!r} (known: {known})."
            )
        option = by_parameter[parameter]
        if option in options:
            raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: {parameter!r} is given twice.")
        options[option] = _read(option, f"MEDIA_STORAGE_URL {parameter}", value)
    return options


def media_storage(environ):
    """The STORAGES["default"] entry that `environ` (a mapping such as os.environ) asks for."""
    url = environ.get("MEDIA_STORAGE_URL", "").strip()
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if url and bucket:
        raise ImproperlyConfigured(
            "Set MEDIA_STORAGE_URL or AWS_STORAGE_BUCKET_NAME for the media bucket, not both."
        )
    if not (url or bucket):
        return dict(FILE_SYSTEM)
    options = _from_url(url) if url else _from_variables(environ)
    return {"BACKEND": S3_BACKEND, "OPTIONS": {**copy.deepcopy(S3_DEFAULT_OPTIONS), **options}}


def is_object_storage(storage):
    return storage["BACKEND"] == S3_BACKEND


def media_origin(storage):
    """The origin (scheme://host[:port]) of the addresses `storage` gives images, for the
    Content-Security-Policy's img-src; None for local disk, whose images are the site's own."""
    if not is_object_storage(storage):
        return None
    options = storage["OPTIONS"]
    if options.get("custom_domain"):
        address = f"{options.get('url_protocol', 'https:')}//{options['custom_domain']}"
    else:
        # The address django-storages would give, from botocore itself: whether the bucket is
        # in the host name or the path depends on the endpoint, the style and the bucket's name.
        # Unsigned, so no credentials are needed (and none are looked for) at start-up.
        import boto3
        from botocore import UNSIGNED
        from botocore.config import Config

        client = boto3.session.Session().client(
            "s3",
            endpoint_url=options.get("endpoint_url"),
            region_name=options.get("region_name"),
            config=Config(
                signature_version=UNSIGNED,
                s3={"addressing_style": options.get("addressing_style")},
            ),
        )
        address = client.generate_presigned_url(
            "get_object", Params={"Bucket": options["bucket_name"], "Key": "images/x"}
        )
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"
