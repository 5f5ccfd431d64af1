"""The paged lists on a phone's screen: the pagination's arrows keep an accessible name.

DKFDS hides the words "Forrige" and "Næste" beside the arrows on small screens, which left the
links without a name; axe checks them at a phone's width.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 375, "height": 740}}


@pytest.mark.demo("portal")
def test_the_pagination_arrows_have_a_name_on_a_phone(page, live_server, assert_accessible, demo):
    paths = [
        reverse("portal:search") + "?q=virksomheder&type=artikler",
        reverse("portal:knowledge") + "?type=guide&page=2",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        next_link = page.locator(".pagination .button-next")
        expect(next_link).to_have_count(1)
        expect(next_link.locator(".pagination-nav-link")).to_be_hidden()
        expect(page.get_by_role("link", name="Næste")).to_be_visible()
        assert_accessible(page)


def test_select_boxes_keep_the_dkfds_look_in_our_smaller_stylesheet(page, live_server):
    """The select box styles live in DKFDS's dropdown component, which our build must include.

    The heading is drawn in IBM Plex Sans on a first visit too: its bold is preloaded, not left
    to arrive too late for the page and fall back to the system's font."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(  # a first visit over a real line: every file takes a while
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    page.goto(live_server.url + reverse("guidance:ask"))
    page.evaluate("document.fonts.ready")
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    assert {font["familyName"] for font in fonts} == {"IBM Plex Sans"}, fonts
    select = page.locator("select.form-select").first
    box = select.bounding_box()
    assert box["height"] >= 40  # DKFDS's 40 px field height; a bare select is about 20 px
    assert select.evaluate("e => getComputedStyle(e).display") == "block"


def test_the_register_on_a_phone_shows_results_first_with_filters_folded(
    page, live_server, assert_accessible, csp_violations
):
    from registry.tests.test_public import registered

    registered([f"Virksomhed {n}" for n in range(30)])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/registrering/register/")
    results = page.get_by_role("heading", name="30 virksomheder")
    assert page.evaluate("scrollY") + results.bounding_box()["y"] < 844  # on the first screen
    expect(page.locator(".rsv-facet").first).to_be_hidden()
    assert_accessible(page, "register-phone")

    page.get_by_text("Filtrér").click()
    kommune = page.get_by_role("navigation", name="Kommune").get_by_role("link").first
    expect(kommune).to_be_visible()
    for link in page.locator(".rsv-facet a").all():
        box = link.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24
    assert_accessible(page, "register-phone-filters")
    kommune.click()
    expect(page.get_by_text("Filtrér (1 valgt)")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Regneark til Excel"))).to_be_visible()
    assert csp_violations == []

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.locator(".rsv-facet").first).to_be_visible()  # open beside the results


@pytest.mark.demo("portal")
def test_the_knowledge_list_on_a_phone_shows_articles_first_with_filters_folded(
    page, live_server, assert_accessible, demo
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/viden/?maalgruppe=kommune")
    expect(page.get_by_text("Filtrér (1 valgt)")).to_be_visible()
    count = page.locator(".result-count")
    assert page.evaluate("scrollY") + count.bounding_box()["y"] < 844
    expect(page.locator(".facet-list").first).to_be_hidden()
    assert_accessible(page, "knowledge-phone")
    page.get_by_text("Filtrér (1 valgt)").click()
    for link in page.locator(".facet-list a").all():
        assert link.bounding_box()["height"] >= 24
    page.get_by_role("link", name=re.compile("^Kommune \\(")).click()  # removes the filter
    expect(page).to_have_url(re.compile(r"/viden/$"))
