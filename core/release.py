"""The release this process runs, as a short key that every whole-page cache key contains.

So a deploy never serves pages that another release rendered, and a page rendered with
``DEBUG`` on (unhashed static links, the development toolbar of errors) never reaches a
production server, nor the other way round, even when they share one cache.

The key is a digest of: whether ``DEBUG`` is on; the code (``RELEASE`` from the environment
when the image build sets it, otherwise a digest of the project's source files, which also
holds in an image without ``.git`` and in a work tree with uncommitted changes); and the static
files' manifest (``staticfiles.json``) when hashed static files are in use. It is worked out
once per process, on first use (a few milliseconds), and again only when a test changes one of
the settings it depends on.
"""

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver

# What decides how a page looks: code, templates, translations and the locked dependencies.
SOURCE_SUFFIXES = frozenset({".py", ".html", ".txt", ".po", ".toml", ".lock", ".json"})
NOT_SOURCE = frozenset(
    {
        ".git",
        ".venv",
        ".tools",
        ".pgdata",
        ".pgrun",
        "node_modules",
        "staticfiles",
        "media",
        "test-results",
        "__pycache__",
        "benchmarks",
        "tests",
        "vendor",
    }
)


@cache
def release_key() -> str:
    parts = [
        f"debug={settings.DEBUG}",
        settings.RELEASE or source_digest(Path(settings.BASE_DIR)),
        _static_manifest_digest(),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def source_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in NOT_SOURCE)
        for name in sorted(files):
            path = Path(folder, name)
            if path.suffix in SOURCE_SUFFIXES and not name.startswith("test"):
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _static_manifest_digest() -> str:
    read_manifest = getattr(staticfiles_storage, "read_manifest", None)
    manifest = read_manifest() if read_manifest else None
    return hashlib.sha256(manifest.encode()).hexdigest() if manifest else "no-manifest"


@receiver(setting_changed)
def _forget_release(*, setting, **kwargs):
    if setting in {"DEBUG", "RELEASE", "STORAGES", "STATIC_ROOT", "BASE_DIR"}:
        release_key.cache_clear()
