"""Two journeys in the browser: a municipal officer on the municipalities' pages (at a desktop's
and a phone's width), and an editor changing the accessibility statement."""

import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from accounts import roles
from accounts.services import ensure_verified_user
from events.tests.factories import make_event
from geography.models import Municipality
from registry.tests.test_public import registered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_municipal_officer_finds_the_municipalitys_page_and_asks_an_adviser(
    page, live_server, assert_accessible, csp_violations, width
):
    page.set_viewport_size({"width": width, "height": 900})
    registered([f"Aarhus Virksomhed {number}" for number in range(30)], municipality_code=751)
    make_event(title="Netværksmøde i Aarhus", region=Municipality.objects.get(code=751).region)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Socialøkonomi i kommunerne").click()
    assert_accessible(page, f"municipalities-{width}")
    page.get_by_role("link", name="Aarhus", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aarhus Kommune")
    expect(page.get_by_text("30 registrerede virksomheder i Aarhus")).to_be_visible()
    expect(page.get_by_role("link", name="Netværksmøde i Aarhus")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"municipality-aarhus-{width}")
    page.locator(".pagination .button-next").click()
    expect(page.locator(".rsv-register-list > li")).to_have_count(5)  # 30 at 25 a page

    page.get_by_role("link", name="Stil et spørgsmål til en rådgiver").click()
    expect(page.get_by_label("Hvilken kommune hører du til?")).to_have_value(
        str(Municipality.objects.get(code=751).pk)
    )
    assert csp_violations == []


def test_an_editor_changes_the_accessibility_statement(
    page, live_server, browser_sign_in, assert_accessible
):
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.EDITORS]
    )
    browser_sign_in(editor)
    page.goto(f"{live_server.url}/admin/portal/page/")
    page.locator("#result_list").get_by_role("link", name="Tilgængelighedserklæring").click()
    assert_accessible(page, "admin-accessibility-statement")
    problems = page.get_by_role("textbox", name="Indhold, der ikke er tilgængeligt")
    problems.fill(problems.input_value() + "\n- **Kortet** over arrangementer har en tekstliste.")
    page.get_by_label("Beskriv ændringen").fill("Nyt kendt problem: kortet")
    page.get_by_role("button", name="Gem", exact=True).click()

    # On a phone, as a reader: the new problem, and the date of this change.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/tilgaengelighed/")
    expect(page.get_by_text("over arrangementer har en tekstliste")).to_be_visible()
    today = date_format(timezone.localdate(), "j. F Y")
    expect(page.locator(".last-updated")).to_have_text(f"Sidst opdateret {today}")
    for part in ("Overholdelsesstatus", "Sådan er erklæringen udarbejdet", "Feedback og kontakt"):
        expect(page.get_by_role("heading", name=part)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("digst.dk"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).hyphens") == "auto"
    assert_accessible(page, "accessibility-statement-390")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/portal/page/")
    page.locator("#result_list").get_by_role("link", name="Tilgængelighedserklæring").click()
    page.locator(".object-tools").get_by_role("link", name="Versioner").click()
    expect(page.get_by_text("Nyt kendt problem: kortet")).to_be_visible()
    assert_accessible(page, "admin-page-versions")
    page.get_by_role("button", name="Sammenlign valgte versioner").click()
    expect(page.locator("ins.diff-added").last).to_contain_text("Kortet")
    # Only the part the editor changed: the textarea's CRLF line breaks are no change.
    expect(page.locator(".revision-diff h2")).to_have_text(["Indhold, der ikke er tilgængeligt"])
    assert_accessible(page, "admin-page-compare")
