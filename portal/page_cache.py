"""The portal's cached pages for anonymous readers, invalidated when published content changes.

The services bump the *content version* whenever an article changes (see
``core.page_cache``); it also moves on by itself when the next scheduled ``publish_at``
passes, because the version record remembers that time. So no cron job is needed and a scheduled
article appears on the home page and in lists the moment its time comes.
"""

import uuid

from django.utils import timezone

from core.page_cache import ReaderPages, page_cache, version_changed

# The page cache culls the alphabetically first keys when it is full; "~" sorts after every
# page key, so the version record outlives the pages it versions.
VERSION_KEY = "~portal:content-version"


def _next_scheduled_publication():
    from portal.models import Article, ArticleStatus

    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=timezone.now())
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def bump_content_version() -> str:
    """Start a new content version: every cached page becomes unreachable at once."""
    return _new_state()["version"]


def _new_state() -> dict:
    state = {
        "version": uuid.uuid4().hex,
        "next_publication": _next_scheduled_publication(),
        "changed_at": timezone.now().replace(microsecond=0),
    }
    page_cache.set(VERSION_KEY, state, timeout=None)
    version_changed(VERSION_KEY)
    return state


def _state_in_force(state) -> dict:
    # A record from before "changed_at" was kept is replaced once, like a missing one.
    if state is None or "changed_at" not in state:
        return _new_state()
    due = state["next_publication"]
    if due is not None and due <= timezone.now():
        return _new_state()
    return state


def _version_in_force(state) -> str:
    return _state_in_force(state)["version"]


def content_version() -> str:
    return _version_in_force(page_cache.get(VERSION_KEY))


def content_state() -> dict:
    """The content version in force and when it began (``changed_at``): the open API's
    ``ETag`` and ``Last-Modified`` for articles and events."""
    return _state_in_force(page_cache.get(VERSION_KEY))


cached_for_readers = ReaderPages("portal", VERSION_KEY, _version_in_force).cached_for_readers


# The site search (/soeg/) also shows the register, events and network profiles: its pages are
# versioned by the portal's content, the register's generation and a version of their own that
# events and the network move on when a public event or profile changes.
SEARCH_VERSION_KEY = "~portal:search-version"


def search_content_changed() -> None:
    """Call when a public event or network profile changes (or stops being public)."""
    page_cache.set(SEARCH_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _search_version_in_force(record) -> str:
    from registry.page_cache import VERSION_KEY as REGISTER_KEY
    from registry.page_cache import register_version_in_force

    others = page_cache.get_many([REGISTER_KEY, SEARCH_VERSION_KEY])
    own = others.get(SEARCH_VERSION_KEY)
    if own is None:
        own = uuid.uuid4().hex
        page_cache.set(SEARCH_VERSION_KEY, own, timeout=None)
    register = register_version_in_force(others.get(REGISTER_KEY))["generation"]
    return f"{_version_in_force(record)}.{register}.{own}"


cached_search = ReaderPages("search", VERSION_KEY, _search_version_in_force).cached_for_readers
