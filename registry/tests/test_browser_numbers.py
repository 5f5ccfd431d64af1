"""/tal/ as a visitor meets it: filters, charts with their tables, on a desktop and a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.demo("registry"),
]


def test_a_visitor_reads_the_sector_in_numbers_on_a_desktop_and_a_phone(
    demo, page, live_server, assert_accessible, csp_violations
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/registrering/register/")
    page.get_by_role("link", name="Se sektoren i tal").click()
    expect(page.get_by_role("heading", name="Socialøkonomi i tal", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Registrerede virksomheder efter region")).to_be_visible()

    page.get_by_label("Region", exact=True).select_option(label="Hovedstaden")
    page.get_by_label("År", exact=True).select_option("2024")
    page.get_by_role("button", name="Vis tallene").click()
    expect(page.get_by_role("heading", name="Region Hovedstaden · 2024")).to_be_visible()
    assert page.get_by_label("Region", exact=True).input_value() == "1084"  # the choice is kept
    # With a region chosen its municipalities are drawn too; every chart has its table.
    expect(page.get_by_role("img", name="Registrerede virksomheder efter kommune")).to_be_visible()
    figure = page.locator("figure", has=page.locator("#chart-formaal-title"))
    figure.get_by_text("Vis tallene som tabel").click()
    expect(figure.get_by_role("table")).to_be_visible()
    assert_accessible(page, "numbers-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/tal/")
    expect(page.get_by_role("img", name="Sociale regnskaber indsendt til tiden")).to_be_visible()
    page.locator("figure", has=page.locator("#chart-udvikling-title")).get_by_text(
        "Vis tallene som tabel"
    ).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "numbers-390")

    page.get_by_role("link", name="English").click()  # the same figures, written the English way
    expect(page.get_by_role("heading", level=1)).to_have_text("The social economy in numbers")
    expect(page.locator("main")).to_contain_text(",000 DKK")
    expect(page.locator("main")).not_to_contain_text(" kr.")
    assert_accessible(page, "numbers-390-english")
    assert not csp_violations
