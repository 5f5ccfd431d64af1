import json
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from core.page_cache import ReaderPages
from core.page_cache import page_cache as cache
from core.release import release_key

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


def test_a_page_stored_by_one_release_is_never_served_by_another(view, settings):
    assert get(view).content == b"page 1"
    settings.DEBUG = True  # make run and make serve sharing one database
    assert get(view).content == b"page 2"
    assert get(view).content == b"page 2"
    settings.DEBUG = False
    assert get(view).content == b"page 1"
    settings.RELEASE = "2026.11.2"  # the next deploy
    assert get(view).content == b"page 3"


def _with_manifest(settings, folder, paths: dict) -> None:
    folder.mkdir()
    (folder / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1"}))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = folder


def test_the_release_key_follows_debug_the_code_and_the_static_files(settings, tmp_path):
    keys = {release_key()}
    settings.DEBUG = True
    keys.add(release_key())
    settings.DEBUG = False
    settings.RELEASE = "2026.11.1"
    keys.add(release_key())
    settings.RELEASE = "2026.11.2"
    keys.add(release_key())
    _with_manifest(settings, tmp_path / "a", {"css/site.css": "css/site.1a2b3c.css"})
    keys.add(release_key())
    _with_manifest(settings, tmp_path / "b", {"css/site.css": "css/site.4d5e6f.css"})
    keys.add(release_key())
    assert len(keys) == 6
    assert release_key() == release_key()  # worked out once


def test_without_a_release_name_the_code_itself_is_the_version(tmp_path):
    from core.release import source_digest

    (tmp_path / "portal" / "templates").mkdir(parents=True)
    template = tmp_path / "portal" / "templates" / "home.html"
    template.write_text("<h1>Velkommen</h1>")
    (tmp_path / "node_modules").mkdir()
    first = source_digest(tmp_path)
    (tmp_path / "node_modules" / "pakke.json").write_text("{}")
    (tmp_path / "portal" / "logo.png").write_bytes(b"\x89PNG")
    assert source_digest(tmp_path) == first
    template.write_text("<h1>Velkommen til</h1>")
    assert source_digest(tmp_path) != first


def test_a_search_page_stores_only_the_parameters_it_understands(client):
    cache.clear()
    first = client.get("/soeg/", {"q": "kaffe", "type": "artikler", "kampagne": "<b>x</b>"})
    assert first.status_code == 200
    html = first.content.decode()
    assert 'name="type"' in html
    assert "kampagne" not in html  # neither in the stored page's links nor its hidden fields
    again = client.get("/soeg/", {"kampagne": "y", "type": "artikler", "q": "kaffe"})
    assert again.content == first.content


# --- What a reverse proxy or CDN may keep ---------------------------------------------------------


def test_a_shared_page_may_be_kept_by_a_proxy_for_a_few_seconds(client, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 10
    for response in (client.get("/viden/"), client.get("/viden/")):  # rendered, then stored
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert control == {"public", "max-age=0", "s-maxage=10"}
        vary = {part.strip() for part in response["Vary"].split(",")}
        assert {"Cookie", "Accept-Language"} <= vary


def test_no_proxy_keeps_a_page_for_someone_signed_in_or_with_a_csrf_token(
    pages, view, client, settings, django_user_model
):
    settings.PAGE_CACHE_PROXY_SECONDS = 10
    signed_in = get(view, **{settings.SESSION_COOKIE_NAME: "x"})
    assert "public" not in signed_in["Cache-Control"] and "no-cache" in signed_in["Cache-Control"]

    rendered = []

    @pages.cached_for_readers
    def form(request):
        rendered.append(request.path)
        return HttpResponse(f"<input value='{get_token(request)}'>")

    for _ in range(2):  # the visitor has the CSRF cookie already: no new one is set
        response = get(form, path="/formular/", csrftoken="a" * 32)
        assert "public" not in response["Cache-Control"]
        assert "no-cache" in response["Cache-Control"]
    assert rendered == ["/formular/", "/formular/"]  # never stored either

    user = django_user_model.objects.create_user(email="laeser@example.dk", password="x" * 12)
    client.force_login(user)
    assert "public" not in client.get("/viden/")["Cache-Control"]


def test_no_proxy_keeps_pages_when_turned_off(client, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 0
    control = client.get("/viden/")["Cache-Control"]
    assert "public" not in control and "s-maxage" not in control and "no-cache" in control
