"""A case handler and an adviser sign in (second factor included) and land on their own work;
the case handler follows the desk to a supervision case and gives a remedy period."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from accounts.services import ensure_verified_user
from guidance import services as guidance_services
from registry.models import Application, ApplicationStatus, SignalKind
from registry.services import supervision
from registry.tests.conftest import (  # noqa: F401 - fixtures
    applicant,
    cvr_numbers,
    handler,
    make_case,
    media,
)
from tests.factories import guidance_enquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, locator, presses: int = 40) -> None:
    """Reach the element with the keyboard alone."""
    for _press in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("node => node === document.activeElement"):
            return
    raise AssertionError("not reachable by the keyboard")


def test_a_case_handler_and_an_adviser_land_on_their_own_work(
    page,
    live_server,
    browser_sign_in,
    make_case,  # noqa: F811 - the fixture
    handler,  # noqa: F811 - the fixture
    assert_accessible,
):
    overdue = make_case(ApplicationStatus.UNDER_REVIEW)
    Application.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - dt.timedelta(days=2))
    waiting = make_case(ApplicationStatus.SUBMITTED, name="Cykelværkstedet Fremad ApS")
    paused = make_case(ApplicationStatus.AWAITING_APPLICANT)
    watched = make_case(ApplicationStatus.REGISTERED, name="Tavse Tømrere ApS")
    supervision.raise_signal(watched.enterprise, SignalKind.NO_TRADE, "account:1", "0 kr.")
    browser_sign_in(handler)
    page.goto(f"{live_server.url}/admin/")
    mine = page.get_by_role("region", name="Mine åbne sager")
    expect(mine.get_by_role("heading")).to_have_text("Mine åbne sager (2)")
    first_case = mine.get_by_role("link", name=overdue.case_number)
    expect(mine.get_by_role("row", name=overdue.case_number)).to_contain_text("2 dage over fristen")
    expect(mine.get_by_role("row", name=paused.case_number)).to_contain_text(
        "(stoppet, venter på ansøgeren)"
    )
    unassigned = page.get_by_role("region", name="Sager uden sagsbehandler")
    expect(unassigned).to_contain_text("Cykelværkstedet Fremad ApS")
    expect(unassigned.get_by_role("link", name=waiting.case_number)).to_be_visible()
    expect(page.get_by_role("region", name="Mine åbne henvendelser")).to_have_count(0)
    assert_accessible(page, "staff-desk-case-handler")
    tab_to(page, first_case)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/admin/registry/application/{overdue.pk}/change/")

    # The supervision queue: a signal opened a case; the handler gives a remedy period.
    page.goto(f"{live_server.url}/admin/")
    tilsyn = page.get_by_role("region", name="Åbne tilsynssager")
    tilsyn.get_by_role("link", name="Tavse Tømrere ApS").click()
    expect(page.locator("main")).to_contain_text("Ingen omsætning i det seneste godkendte regnskab")
    page.get_by_role("link", name="Giv afhjælpningsfrist").click()
    page.get_by_label("Hvad skal virksomheden rette?").fill("Send regnskabet med omsætningen.")
    page.get_by_role("button", name="Giv afhjælpningsfrist").click()
    expect(page.locator(".messagelist")).to_contain_text("Tilsynssagen er opdateret")
    expect(page.locator(".field-status")).to_contain_text("Afhjælpningsfrist løber")
    assert_accessible(page, "staff-desk-supervision-remedy")

    adviser = ensure_verified_user(
        "raadgiver@example.dk",
        "x-Adgangskode-9876",
        first_name="Randi",
        is_staff=True,
        groups=[roles.ADVISERS],
    )
    enquiry = guidance_enquiry(confirmed=True, organisation="Aarhus Kommune")
    enquiry.refresh_from_db()
    guidance_services.assign(enquiry, adviser, by=adviser)
    browser_sign_in(adviser)
    page.goto(f"{live_server.url}/admin/")
    mine = page.get_by_role("region", name="Mine åbne henvendelser")
    expect(mine.get_by_role("row", name=enquiry.reference)).to_contain_text("arbejdsdage tilbage")
    expect(page.get_by_role("region", name="Mine åbne sager")).to_have_count(0)
    expect(page.get_by_text(overdue.case_number)).to_have_count(0)
    assert_accessible(page, "staff-desk-adviser")
    # On a phone the lists scroll sideways in their own box, not the whole page.
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="test-results/staff-desk-adviser-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
