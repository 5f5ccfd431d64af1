"""The public register's cached pages for anonymous readers, kept until the register changes.

Keyed by the register's version (``registry.selectors.register_changed`` starts a new one), so
every stored page becomes unreachable the moment an enterprise is registered, changed or
deregistered. See ``core.page_cache``.
"""

from core.page_cache import ReaderPages
from registry.selectors import VERSION_KEY, register_version_in_force


def _generation(record) -> str:
    return register_version_in_force(record)["generation"]


cached_for_readers = ReaderPages("registry", VERSION_KEY, _generation).cached_for_readers
