"""The portal's cached pages for anonymous readers, invalidated when published content changes.

The services bump the *content version* whenever an article changes (see
``core.page_cache``); it also moves on by itself when the next scheduled ``publish_at``
passes, because the version record remembers that time. So no cron job is needed and a scheduled
article appears on the home page and in lists the moment its time comes.
"""

import uuid

from django.utils import timezone

from core.page_cache import ReaderPages, page_cache

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
    state = {"version": uuid.uuid4().hex, "next_publication": _next_scheduled_publication()}
    page_cache.set(VERSION_KEY, state, timeout=None)
    return state["version"]


def _version_in_force(state) -> str:
    if state is None:
        return bump_content_version()
    due = state["next_publication"]
    if due is not None and due <= timezone.now():
        return bump_content_version()
    return state["version"]


def content_version() -> str:
    return _version_in_force(page_cache.get(VERSION_KEY))


cached_for_readers = ReaderPages("portal", VERSION_KEY, _version_in_force).cached_for_readers
