"""The reader's and the editor's journeys in a real browser, with axe-core on every page."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts import roles
from accounts.services import ensure_verified_user
from portal.models import Article, ArticleStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.demo("portal"),
]


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((1600, 900)).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_reader_finds_filters_searches_and_reads(page, live_server, demo, assert_accessible):
    page.goto(live_server.url + "/")
    assert_accessible(page, "portal-home")
    page.get_by_role("link", name="Jeg arbejder i en kommune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jeg arbejder i en kommune")
    page.get_by_role("link", name="Al viden for målgruppen Kommune").click()
    expect(page).to_have_url(re.compile(r"/viden/\?maalgruppe=kommune$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Viden om socialøkonomiske virksomheder"
    )
    page.get_by_role("link", name=re.compile(r"^Udbud og sociale klausuler \(\d+\)")).click()
    expect(page).to_have_url(re.compile(r"maalgruppe=kommune&tema=udbud-og-indkoeb"))
    expect(page.get_by_role("link", name="Sociale klausuler i offentlige udbud")).to_be_visible()
    assert_accessible(page, "portal-list-filtered")

    page.get_by_role("link", name="Sociale klausuler i offentlige udbud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sociale klausuler i offentlige udbud"
    )
    expect(page.locator(".breadcrumbs")).to_contain_text("Viden")
    expect(page.locator("text=Sidst opdateret")).to_be_visible()
    assert_accessible(page, "portal-article")

    page.goto(live_server.url + "/soeg/")
    page.get_by_label("Søgeord").fill("virksomheder")
    page.get_by_label("Søgeord").press("Enter")
    expect(page.locator(".result-count")).to_contain_text("resultater for “virksomheder”")
    expect(page.locator("mark").first).to_be_visible()
    for group in ("Artikler", "Sider om vores tilbud"):
        expect(page.get_by_role("heading", name=re.compile(f"^{group} "))).to_be_visible()
    assert_accessible(page, "portal-search")
    page.screenshot(path="test-results/portal-search.png", full_page=True)

    page.get_by_role("link", name=re.compile(r"^Artikler \(\d+\)")).click()
    expect(page.locator(".result-count")).to_contain_text("blandt artikler for “virksomheder”")
    assert_accessible(page, "portal-search-articles")

    page.get_by_label("Søgeord").fill("socialøkonomsk")
    page.get_by_label("Søgeord").press("Enter")
    expect(page.locator(".search-suggestion")).to_contain_text("Mente du socialøkonomisk?")
    assert_accessible(page, "portal-search-typo")
    page.screenshot(path="test-results/portal-search-typo.png", full_page=True)
    page.locator(".search-suggestion a").click()
    expect(page.locator(".result-count")).to_contain_text("for “socialøkonomisk”")

    # Nothing found: an adviser is offered, with what was searched for carried over
    page.get_by_label("Søgeord").fill("blomsterkasser på taget")
    page.get_by_label("Søgeord").press("Enter")
    page.get_by_role("link", name="Spørg en rådgiver").click()
    expect(page.get_by_label("Dit spørgsmål")).to_have_value("blomsterkasser på taget")

    # Subscribe: the home page's feed link and the feed a reader's news app reads
    page.goto(live_server.url + "/")
    feed_link = page.get_by_role("link", name="Abonnér på nyheder (RSS)")
    feed = page.request.get(live_server.url + feed_link.get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("application/rss+xml")
    assert "<title>Vækstcentret er åbnet</title>" in feed.text()
    assert page.locator('link[rel=alternate][type="application/atom+xml"]').count() == 1


def test_an_editor_drafts_previews_schedules_publishes_and_restores(
    page, live_server, log_in, assert_accessible, demo, settings
):
    settings.STAFF_MFA_REQUIRED = False
    editor = ensure_verified_user(
        "redaktoer@example.org", "x-pass-123456", is_staff=True, groups=[roles.EDITORS]
    )
    log_in(page, editor)

    # Draft
    page.goto(live_server.url + "/admin/portal/article/add/")
    page.get_by_label("Titel").fill("Ny pulje til socialøkonomiske iværksættere")
    page.get_by_label("Manchet").fill("En ny pulje støtter iværksættere med et socialt formål.")
    page.get_by_label("Brødtekst").fill("## Hvem kan søge?\n\nIværksættere med et socialt formål.")
    page.get_by_label("Type").select_option("news")
    page.get_by_role("checkbox", name="Finansiering").check()
    page.locator("#id_hero_image").set_input_files(
        files=[{"name": "pulje.png", "mimeType": "image/png", "buffer": _photo()}]
    )
    page.get_by_label("Alternativ tekst til billedet").fill("Tre iværksættere ved et bord")
    page.get_by_label("Beskriv ændringen").fill("Første udkast")
    page.get_by_role("button", name="Gem og fortsæt med at redigere").click()
    expect(page.locator(".messagelist")).to_contain_text("blev tilføjet")
    article = Article.objects.get(title="Ny pulje til socialøkonomiske iværksættere")
    assert (
        article.status == ArticleStatus.DRAFT
        and article.slug == "ny-pulje-til-socialokonomiske-ivaerksaettere"
    )

    # Preview: exactly the public template, marked as a preview
    page.goto(live_server.url + f"/viden/forhaandsvisning/{article.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.locator(".alert")).to_contain_text("Forhåndsvisning")
    hero = page.get_by_role("img", name="Tre iværksættere ved et bord")
    expect(hero).to_have_attribute("srcset", re.compile(r" 480w, .* 960w, .* 1440w$"))
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")  # the editor sees it
    assert_accessible(page, "portal-preview")
    assert page.request.get(live_server.url + f"/viden/{article.slug}/").status == 404

    # Review, then schedule for tomorrow
    page.goto(live_server.url + f"/admin/portal/article/{article.pk}/change/")
    page.get_by_role("button", name="Send til gennemsyn").click()
    expect(page.locator(".messagelist")).to_contain_text("Klar til gennemsyn")
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    page.locator("#id_publish_at_0").fill(tomorrow.strftime("%d.%m.%Y"))
    page.locator("#id_publish_at_1").fill("09:00:00")
    page.get_by_role("button", name="Gem og fortsæt med at redigere").click()
    page.get_by_role("button", name="Planlæg udgivelse").click()
    expect(page.locator(".messagelist")).to_contain_text("Planlagt til")
    assert_accessible(page, "portal-admin-scheduled")
    article.refresh_from_db()
    assert article.is_scheduled
    assert page.request.get(live_server.url + f"/viden/{article.slug}/").status == 404

    # Publish now: clearing the scheduled time publishes at once
    page.locator("#id_publish_at_0").fill("")
    page.locator("#id_publish_at_1").fill("")
    page.get_by_label("Titel").fill("Ny pulje til iværksættere")
    page.get_by_label("Beskriv ændringen").fill("Kortere titel, udgivet nu")
    page.get_by_role("button", name="Gem og fortsæt med at redigere").click()
    article.refresh_from_db()
    assert article.is_visible and article.title == "Ny pulje til iværksættere"
    page.goto(live_server.url + f"/viden/{article.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny pulje til iværksættere")

    # Compare and restore the first version
    page.goto(live_server.url + f"/admin/portal/article/{article.pk}/versioner/")
    expect(page.locator("#compare-form table")).to_contain_text("Første udkast")
    assert_accessible(page, "portal-admin-revisions")
    for box in page.locator("input[name=v]").all():
        box.uncheck()
    page.locator("#compare-1").check()
    page.locator(f"#compare-{article.revisions.first().number}").check()
    page.get_by_role("button", name="Sammenlign valgte versioner").click()
    expect(page.locator("del.diff-removed").first).to_be_visible()
    assert_accessible(page, "portal-admin-compare")
    page.get_by_role("button", name="Gendan version 1").click()
    expect(page.locator(".messagelist")).to_contain_text("Version 1 er gendannet")
    article.refresh_from_db()
    assert article.title == "Ny pulje til socialøkonomiske iværksættere"
    assert article.status == ArticleStatus.PUBLISHED  # restoring content keeps the status
    page.goto(live_server.url + f"/viden/{article.slug}/")
    page.context.clear_cookies()
    page.goto(live_server.url + f"/viden/{article.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_home_page_reads_as_open_with_history_a_click_away(
    page, live_server, demo, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    news = page.locator("h2:has-text('Seneste nyheder') + .row")
    expect(news).to_contain_text("Nye netværksmøder for virksomheder og kommuner")
    expect(page.locator("main")).not_to_contain_text("Vækstcentret lukker ved årets udgang")
    assert_accessible(page, f"home-{width}")

    page.get_by_role("link", name="Vækstcentrets historie og ældre nyheder").click()
    expect(page.get_by_role("heading", name="2015")).to_be_visible()
    page.get_by_role("link", name="Vækstcentret lukker ved årets udgang").click()
    expect(page.get_by_role("note")).to_contain_text("hører til Vækstcentrets historie")
    assert_accessible(page, f"old-news-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_audience_entry_point_starts_with_a_curated_path(
    page, live_server, demo, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Jeg vil starte en socialøkonomisk virksomhed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jeg vil starte en socialøkonomisk virksomhed"
    )
    steps = page.locator("ol.start-path > li h2")
    expect(steps).to_have_count(5)
    expect(steps.first).to_have_text("Hvad er en socialøkonomisk virksomhed?")
    assert_accessible(page, f"start-here-{width}")
    page.get_by_role("link", name=re.compile("Al viden for målgruppen Iværksætter")).click()
    expect(page).to_have_url(re.compile(r"/viden/\?maalgruppe=ivaerksaetter"))
