import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from vaekstcenter.page_cache import ReaderPages

pytestmark = pytest.mark.django_db

KEY = "~test:version"


@pytest.fixture
def pages():
    cache.clear()

    def version_in_force(record):
        if record is None:
            record = uuid.uuid4().hex
            cache.set(KEY, record, timeout=None)
        return record

    return ReaderPages("test", KEY, version_in_force)


@pytest.fixture
def view(pages):
    rendered = []

    @pages.cached_for_readers
    def page(request):
        rendered.append(request.path)
        return HttpResponse(f"page {len(rendered)}")

    page.rendered = rendered
    return page


def get(view, path="/side/", **cookies):
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies)
    request.user = AnonymousUser()
    return view(request)


def test_a_stored_page_costs_one_cache_read(view, django_assert_num_queries):
    assert get(view).content == b"page 1"
    with django_assert_num_queries(1):
        assert get(view).content == b"page 1"
    assert view.rendered == ["/side/"]


def test_a_new_version_is_never_answered_with_the_old_page(view):
    get(view)
    cache.set(KEY, "a-new-version", timeout=None)  # what an app does when its content changes
    assert get(view).content == b"page 2"
    assert get(view).content == b"page 2"
    cache.delete(KEY)  # an emptied cache starts a new version too
    assert get(view).content == b"page 3"


def test_pages_for_signed_in_visitors_are_neither_served_nor_stored(view, settings):
    get(view)
    assert get(view, **{settings.SESSION_COOKIE_NAME: "x"}).content == b"page 2"
    assert get(view).content == b"page 1"
    assert get(view, path="/anden/").content == b"page 3"
