"""Registry pages on a 390 px phone never scroll sideways (issue 17, found walking the
applicant's journey): 'Mine sager' stacks into labelled rows (DKFDS responsive headers), the
open-data field table scrolls inside its own box."""

import pytest
from playwright.sync_api import expect

from core.templatetags.html_time import long_date
from registry.models import ApplicationStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_cases_fit_a_phone_with_every_column_named(
    page, live_server, browser_sign_in, make_case, applicant, assert_accessible
):
    waiting = make_case(
        ApplicationStatus.AWAITING_APPLICANT, name="Socialøkonomisk Rengøring Nordjylland A/S"
    )
    make_case(ApplicationStatus.DRAFT, name="Fællesskabets Genbrugsværksted og Café ApS")
    browser_sign_in(applicant)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/registrering/mine-sager/")
    expect(page.get_by_role("link", name="Svar på spørgsmål fra sagsbehandleren")).to_be_visible()
    # The answer date is on the overview too, not only on the case page.
    expect(page.get_by_text(f"Svar senest {long_date(waiting.answer_due)}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Each cell says which column it is, as the hidden header row would.
    titles = (
        page.locator("tbody tr")
        .first.locator("td")
        .evaluate_all("cells => cells.map(cell => getComputedStyle(cell, '::before').content)")
    )
    assert titles == ['"Sag"', '"Virksomhed"', '"Status"', '"Seneste hændelse"', '"Næste skridt"']
    assert_accessible(page, "my-cases-390")


def test_the_open_data_documentation_fits_a_phone(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/registrering/register/aabne-data/")
    expect(page.get_by_role("table", name="Felter i de åbne data")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
