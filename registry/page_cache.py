"""The public register's version and its cached pages for anonymous readers.

``register_changed`` starts a new version after anything that changes the public register; the
pages (and the register's cached counts, ``registry.selectors.register_overview``) are keyed by
it, so every stored page becomes unreachable the moment an enterprise is registered, changed or
deregistered. See ``core.page_cache``.
"""

import uuid

from django.utils import timezone

from core.page_cache import ReaderPages, page_cache, version_changed

# The page cache culls the alphabetically first keys when full; "~" sorts after the counts.
VERSION_KEY = "~registry:register-version"


def register_changed() -> dict:
    """Call after anything that changes the public register: cached counts become stale and
    open-data clients get the new data instead of a 304."""
    now = timezone.now().replace(microsecond=0)
    record = {"generation": uuid.uuid4().hex, "changed_at": now}
    page_cache.set(VERSION_KEY, record, timeout=None)
    version_changed(VERSION_KEY)
    return record


def register_version() -> dict:
    """The register's current generation (a random id) and when it last changed."""
    return register_version_in_force(page_cache.get(VERSION_KEY))


def register_version_in_force(record) -> dict:
    # First use or an emptied cache: a new version is the safe answer.
    return record if record is not None else register_changed()


def _generation(record) -> str:
    return register_version_in_force(record)["generation"]


cached_for_readers = ReaderPages("registry", VERSION_KEY, _generation).cached_for_readers
