import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from accounts.services import ensure_verified_user
from portal.models import Article, ArticleType, Audience, StartStep
from portal.page_cache import bump_content_version, search_content_changed
from portal.tests.factories import article, theme
from registry.page_cache import register_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    start = theme("Opstart", "opstart")
    money = theme("Finansiering", "finansiering")
    municipality = Audience.objects.get(slug="kommune")
    entrepreneur = Audience.objects.get(slug="ivaerksaetter")
    guide = article(
        "Sådan starter du en socialøkonomisk virksomhed",
        slug="start",
        themes=[start],
        audiences=[entrepreneur],
        featured=True,
        body="## Første skridt\n\nVirksomheden skal have et socialt formål.",
    )
    news = article(
        "Vækstcentret åbner",
        slug="aabning",
        type=ArticleType.NEWS,
        themes=[start, money],
        audiences=[municipality],
    )
    guide.related.add(news)
    draft = article("Hemmelig kladde", slug="kladde", published=False, themes=[start])
    english = article("How to start", slug="how-to-start", language="en", translation=guide)
    return {"guide": guide, "news": news, "draft": draft, "english": english, "start": start}


def test_home_shows_entry_points_featured_guides_and_news(client, content):
    html = client.get("/").content.decode()
    assert "/viden/start/ivaerksaetter/" in html
    assert "/viden/start/kommune/" in html
    assert "Sådan starter du en socialøkonomisk virksomhed" in html
    assert "Vækstcentret åbner" in html
    assert "Hemmelig kladde" not in html
    assert 'type="application/rss+xml"' in html and 'href="/feeds/nyheder/"' in html
    assert "Sidst opdateret" in html


def test_an_audience_entry_starts_with_the_editors_path_in_the_readers_language(client, content):
    entrepreneur = Audience.objects.get(slug="ivaerksaetter")
    url = "/viden/start/ivaerksaetter/"
    assert client.get(url)["Location"] == "/viden/?maalgruppe=ivaerksaetter"  # none chosen yet
    plan = article("Fra idé til forretningsplan", slug="plan", audiences=[entrepreneur])
    StartStep.objects.create(audience=entrepreneur, article=plan, position=2)
    StartStep.objects.create(audience=entrepreneur, article=content["guide"], position=1)
    bump_content_version()
    html = client.get(url).content.decode()
    assert "<h1>Jeg vil starte en socialøkonomisk virksomhed</h1>" in html
    assert html.index("Sådan starter du") < html.index("Fra idé til forretningsplan")
    assert "/viden/?maalgruppe=ivaerksaetter" in html  # the way on to everything
    english = client.get("/en" + url).content.decode()
    assert "How to start" in english and "Fra idé til forretningsplan" not in english
    assert 'href="/kommuner/"' not in html.split("<footer")[0]
    municipality = Audience.objects.get(slug="kommune")
    StartStep.objects.create(audience=municipality, article=plan, position=1)
    bump_content_version()
    html = client.get("/viden/start/kommune/").content.decode().split("<footer")[0]
    assert 'href="/kommuner/">Se socialøkonomien i din kommune' in html  # their own page


def test_old_news_leaves_the_home_page_for_the_history_page(client, content):
    old = article(
        "Vækstcentret lukker ved årets udgang",
        slug="lukker",
        type=ArticleType.NEWS,
        themes=[content["start"]],
        publish_at=dt.datetime(2015, 12, 15, 9, tzinfo=dt.UTC),
    )
    home = client.get("/").content.decode()
    assert "Vækstcentret åbner" in home  # current news
    assert "Vækstcentret lukker" not in home
    assert 'href="/om/historie/"' in home
    history = client.get("/om/historie/").content.decode()
    assert "<h2>2015</h2>" in history and "Vækstcentret lukker" in history
    assert "Vækstcentret åbner" not in history
    page = client.get(old.get_absolute_url()).content.decode()
    assert "Denne nyhed er fra 15. december 2015 og hører til Vækstcentrets historie" in page
    assert "hører til Vækstcentrets historie" not in client.get("/viden/aabning/").text


def test_lists_are_last_updated_when_their_newest_article_changed(client, content):
    guide = content["guide"]
    Article.objects.filter(pk=guide.pk).update(
        last_substantive_change=dt.datetime(2030, 5, 17, 12, tzinfo=dt.UTC)
    )
    bump_content_version()
    for url in ("/", "/viden/", "/viden/tema/opstart/"):
        html = client.get(url).content.decode()
        assert 'Sidst opdateret <time datetime="2030-05-17T14:00:00+02:00">17. maj 2030' in html, (
            url
        )


def test_knowledge_list_filters_combine_with_counts(client, content):
    html = client.get("/viden/").content.decode()
    assert "2 artikler" in html
    assert "Hemmelig kladde" not in html and "How to start" not in html
    assert re.search(r"Opstart \(2\)", html)
    assert re.search(r"Finansiering \(1\)", html)

    html = client.get("/viden/?tema=opstart&maalgruppe=kommune").content.decode()
    assert "1 artikel" in html
    assert "Vækstcentret åbner" in html and "Sådan starter" not in html
    assert "tema=opstart&amp;maalgruppe=kommune&amp;type=news" in html  # links keep the others

    html = client.get("/viden/?type=news&tema=opstart").content.decode()
    assert "1 artikel" in html and "Vækstcentret åbner" in html

    html = client.get("/viden/?type=faq").content.decode()
    assert "Ingen artikler passer" in html


def test_english_pages_list_english_articles(client, content):
    html = client.get("/en/viden/").content.decode()
    assert "How to start" in html and "Sådan starter" not in html
    response = client.get("/en/viden/how-to-start/")
    assert response.status_code == 200
    assert "Læs artiklen på dansk" in response.content.decode()
    assert 'href="/viden/start/"' in response.content.decode()  # the language switch
    danish_only = client.get("/viden/aabning/").content.decode()
    assert 'href="/en/viden/"' in danish_only


def test_pagination_uses_dkfds_markup(client):
    for number in range(12):
        article(f"Vejledning {number}", slug=f"v-{number}")
    html = client.get("/viden/?side=2").content.decode()
    assert 'class="pagination"' in html
    assert 'aria-current="page"' in html
    assert "12 artikler" in html


def test_article_page_has_breadcrumbs_metadata_and_related(client, content):
    response = client.get("/viden/start/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="breadcrumbs"' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/viden/start/">' in html
    assert (
        '<meta property="og:title" content="Sådan starter du en socialøkonomisk virksomhed">'
        in html
    )
    assert "print.css" in html
    assert "<h2>Første skridt</h2>" in html
    assert "Vækstcentret åbner" in html  # related
    assert "Sidst opdateret" in html
    assert "Read this article in English" in html


def test_drafts_and_scheduled_articles_are_not_public(client, content):
    assert client.get("/viden/kladde/").status_code == 404
    article("Senere", slug="senere", publish_at=timezone.now() + dt.timedelta(days=1))
    assert client.get("/viden/senere/").status_code == 404


def test_theme_page_lists_its_articles(client, content):
    html = client.get("/viden/tema/opstart/").content.decode()
    assert "<h1>Opstart</h1>" in html
    assert "Vækstcentret åbner" in html and "Sådan starter" in html
    assert client.get("/viden/tema/findes-ikke/").status_code == 404


def test_article_pages_answer_conditional_get(client, content):
    first = client.get("/viden/start/")
    assert first["ETag"] and first["Last-Modified"]
    assert "max-age=0" in first["Cache-Control"] and "Cookie" in first["Vary"]  # browsers ask
    cached = client.get("/viden/start/")
    assert cached["ETag"] == first["ETag"] and "max-age=0" in cached["Cache-Control"]
    assert client.get("/viden/start/", headers={"if-none-match": first["ETag"]}).status_code == 304
    modified = client.get("/viden/start/", headers={"if-modified-since": first["Last-Modified"]})
    assert modified.status_code == 304


def test_anonymous_pages_come_from_the_cache_until_content_changes(
    client, content, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.get("/viden/start/")
    with django_assert_max_num_queries(2):  # the content version and the page
        assert "Sådan starter" in client.get("/viden/start/").content.decode()
    guide = content["guide"]
    guide.title = "Ny titel på vejledningen"
    from portal import services

    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(guide, by=None)
    assert "Ny titel på vejledningen" in client.get("/viden/start/").content.decode()


def test_logged_in_users_never_get_a_cached_page(client, content):
    client.get("/")  # cached for anonymous readers
    user = ensure_verified_user("reader@example.org", "x-pass-123456", first_name="Rita")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "reader@example.org" in html or "Log ud" in html or "Rita" in html


def test_preview_is_for_editors_only(client, content, verified_login):
    url = f"/viden/forhaandsvisning/{content['draft'].pk}/"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(ensure_verified_user("someone@example.org", "x-pass-123456"))
    assert client.get(url).status_code == 403
    editor = ensure_verified_user(
        "ed@example.org", "x-pass-123456", is_staff=True, groups=[roles.EDITORS]
    )
    verified_login(client, editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Forhåndsvisning" in response.content.decode()
    assert "Hemmelig kladde" in response.content.decode()


def test_feeds_sitemap_and_robots(client, content):
    rss = client.get("/feeds/nyheder/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Vækstcentret åbner" in rss.content.decode()
    assert "Sådan starter" not in rss.content.decode()
    atom = client.get("/feeds/nyheder/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-articles.xml" in index
    articles = client.get("/sitemap-articles.xml").content.decode()
    assert "/viden/start/" in articles and "/en/viden/how-to-start/" in articles
    assert "/viden/kladde/" not in articles
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/viden/",
        "/viden/?tema=opstart&type=guide",
        "/viden/start/",
        "/soeg/?q=virksomheder",
        "/soeg/?q=socialøkonomsk",
        "/viden/tema/opstart/",
        "/feeds/nyheder/",
    ],
)
def test_public_pages_run_a_fixed_number_of_queries(client, url, django_assert_max_num_queries):
    start = theme("Opstart", "opstart")
    audiences = list(Audience.objects.all()[:2])

    def add(count: int, offset: int):
        for number in range(count):
            article(
                f"Socialøkonomisk virksomhed {offset + number}",
                slug="start" if offset + number == 0 else f"a-{offset + number}",
                themes=[start, theme(f"Tema {offset + number}")],
                audiences=audiences,
                type=ArticleType.NEWS if number % 2 else ArticleType.GUIDE,
                featured=True,
            )

    add(2, 0)
    # Measured uncached, with the content versions in the cache (search reads three).
    bump_content_version()
    register_changed()
    search_content_changed()
    with django_assert_max_num_queries(24) as few:
        assert client.get(url).status_code == 200
    add(25, 2)
    bump_content_version()
    with django_assert_max_num_queries(24) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_about_page_says_what_the_centre_offers_how_to_use_it_and_how_to_reach_it(client):
    html = client.get("/om/").content.decode()
    assert "Det kan vi hjælpe med" in html and "Sådan bruger du Vækstcentret" in html
    for link in ('href="/viden/"', 'href="/raadgivning/henvendelse/"', 'href="/feeds/nyheder/"'):
        assert link in html
    assert "mailto:" in html and "Telefon" in html


def test_an_uncached_article_costs_one_query_besides_the_cache(
    client, content, django_assert_num_queries
):
    """The content version with the page's stored copy (none), the article with everything it
    shows, and storing the page (a savepoint, the write and its release in the test's
    transaction). Themes, audiences and related articles were three queries more; the names
    of themes and audiences are read once per content version, by the first page after it."""
    later = article("En senere artikel", slug="senere", themes=[content["start"]])
    content["guide"].related.add(later, content["draft"])
    bump_content_version()
    client.get("/viden/aabning/")
    with django_assert_num_queries(5):
        html = client.get("/viden/start/").content.decode()
    aside = html[html.index('<aside class="article-aside"') :]
    themes = aside[: aside.index("Målgrupper")]
    assert 'href="/viden/tema/opstart/"' in themes and "Finansiering" not in themes
    assert "?maalgruppe=ivaerksaetter" in aside and "?maalgruppe=kommune" not in aside
    related = html[html.index('id="related-heading"') :]
    assert related.index("En senere artikel") < related.index("Vækstcentret åbner")  # newest first
    assert "Hemmelig kladde" not in html  # a draft is not shown as related
    assert 'hreflang="en" href="/en/viden/how-to-start/"' in html


def test_a_scheduled_or_foreign_article_is_not_found_by_slug(client, content):
    later = timezone.now() + dt.timedelta(days=1)
    article("Planlagt", slug="planlagt", publish_at=later)
    assert client.get("/viden/planlagt/").status_code == 404
    assert client.get("/viden/how-to-start/").status_code == 404  # English, not under /viden/
    assert client.get("/en/viden/how-to-start/").status_code == 200


def test_a_renamed_theme_or_audience_is_on_every_article_page_at_once(
    client, content, admin_client, settings, django_capture_on_commit_callbacks
):
    """Article pages name their themes and audiences from a table each process keeps per
    content version; the admin's change starts a new version, so the next page reads it."""
    settings.STAFF_MFA_REQUIRED = False
    assert "Opstart" in client.get("/viden/start/").content.decode()  # the names are read
    start, audience = content["start"], Audience.objects.get(slug="kommune")
    theme_form = {"name": "Kom i gang", "slug": start.slug, "position": 0, "description": ""}
    audience_form = {"name": "Kommuner", "slug": audience.slug, "position": audience.position}
    audience_form |= {"start_steps-TOTAL_FORMS": 0, "start_steps-INITIAL_FORMS": 0}
    with django_capture_on_commit_callbacks(execute=True):
        for url, form in (
            (f"/admin/portal/theme/{start.pk}/change/", theme_form),
            (f"/admin/portal/audience/{audience.pk}/change/", audience_form),
        ):
            assert admin_client.post(url, form | {"name_en": ""}).status_code == 302
    html = client.get("/viden/aabning/").content.decode()
    aside = html[html.index('<aside class="article-aside"') :]
    assert ">Kom i gang</a>" in aside and ">Kommuner</a>" in aside and "Opstart" not in aside


def test_the_article_query_is_planned_once_per_database_connection(client, content):
    """Planning it cost PostgreSQL three times what answering it did, on every uncached
    article: it is prepared once on each connection and executed after that."""
    bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        for slug in ("start", "aabning", "start"):
            assert client.get(f"/viden/{slug}/").status_code == 200
            bump_content_version()  # the next is rendered afresh
    statements = [query["sql"] for query in queries.captured_queries]
    assert sum(s.startswith("EXECUTE portal_article_page_readable(") for s in statements) == 3
    assert sum(s.startswith("PREPARE portal_article_page_readable(") for s in statements) <= 1
