"""Where uploaded files are kept: the local disk (default) or S3-compatible object storage.

With ``MEDIA_STORAGE=s3`` every web machine and the worker share one private bucket through
django-storages. Files are never linked to in the bucket: each download is checked by a view and
streamed through it (see docs/deploy.md), so the bucket needs no public access, no CORS and no
place in the Content-Security-Policy, and a download link cannot outlive a withdrawn permission.
"""

from collections.abc import Mapping

S3_BACKEND = "storages.backends.s3.S3Storage"
# A download is read into memory up to this size, then spills to a temporary file.
SPOOL_IN_MEMORY_BYTES = 2 * 1024 * 1024
# Only ever used if code asks a stored file for its URL; no page does.
SIGNED_URL_SECONDS = 60


def default_storage(environ: Mapping[str, str]) -> dict:
    """The ``STORAGES["default"]`` entry the environment asks for."""
    kind = environ.get("MEDIA_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise RuntimeError(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}.")
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise RuntimeError("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    return {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(environ)}


def s3_options(environ: Mapping[str, str]) -> dict:
    endpoint = environ.get("AWS_S3_ENDPOINT_URL") or None
    # MinIO and most non-AWS servers answer on one host name, with the bucket in the path.
    addressing = environ.get("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else None)
    return {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": endpoint,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        # Unset keys leave boto3 to its own chain (instance role, web identity).
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "addressing_style": addressing,
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        # Two uploads may get the same name (a registry document's name has the second it came
        # in): like the local disk, keep both, never overwrite.
        "file_overwrite": False,
        "max_memory_size": SPOOL_IN_MEMORY_BYTES,
    }
