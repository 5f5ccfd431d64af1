"""The case handler's back office in a real browser at 1280 px, and the applicant's answer."""

import re

import pytest
from playwright.sync_api import expect

from registry.models import ApplicationStatus, DocumentKind
from registry.tests.conftest import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Danish compact dates: "27. nov. 2026", "2. maj 2026", "5. juni 2026".
DANISH_SHORT_DATE = re.compile(r"^\d{1,2}\. [a-zæøå]+\.? \d{4}$")


def test_staff_find_the_back_office_on_min_side_and_it_speaks_danish(
    page, live_server, browser_sign_in, applicant, handler, assert_accessible
):
    browser_sign_in(applicant)
    page.goto(f"{live_server.url}/konto/")
    expect(page.get_by_role("heading", name="Min side")).to_be_visible()
    expect(page.get_by_role("link", name="Gå til administrationen")).to_have_count(0)

    browser_sign_in(handler)
    page.goto(f"{live_server.url}/konto/")
    assert_accessible(page, "back-office-min-side")
    page.get_by_role("link", name="Gå til administrationen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversigt")
    expect(page.locator("body")).not_to_contain_text("Back office")
    assert_accessible(page, "back-office-index")


def test_the_case_queue_a_case_and_a_decision_fit_a_1280_px_screen(
    page, live_server, browser_sign_in, make_case, handler, assert_accessible
):
    make_case(ApplicationStatus.SUBMITTED, name="Fællesskabets Genbrugsværksted og Café ApS")
    make_case(
        ApplicationStatus.AWAITING_APPLICANT, name="Socialøkonomisk Rengøring Nordjylland A/S"
    )
    case = make_case(ApplicationStatus.UNDER_REVIEW, name="Lærkens Genbrug ApS")
    browser_sign_in(handler)

    page.goto(f"{live_server.url}/admin/registry/application/")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    results = page.locator("#changelist .results")
    width, visible = results.evaluate("node => [node.scrollWidth, node.clientWidth]")
    assert width <= visible, "the case list scrolls sideways"
    submitted = page.get_by_role("columnheader", name="Indsendt").bounding_box()
    assert submitted["x"] + submitted["width"] <= results.bounding_box()["x"] + visible
    dates = page.locator("#result_list td.field-submitted_on").all_inner_texts()
    assert dates and all(DANISH_SHORT_DATE.match(date) for date in dates), dates
    expect(page.locator("#result_list").get_by_text("Overskredet med")).to_have_count(0)
    assert_accessible(page, "back-office-case-queue")

    page.get_by_role("link", name=case.case_number).click()
    group = page.locator(".rsv-assessments").bounding_box()
    for reason in page.locator(".rsv-assessments textarea").all():
        box = reason.bounding_box()
        assert box["x"] + box["width"] <= group["x"] + group["width"], "a reason runs off the page"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_accessible(page, "back-office-case")

    page.get_by_role("link", name="Bed om flere oplysninger").click()
    crumbs = page.locator("nav ol.breadcrumbs")
    expect(crumbs).to_have_css("background-color", "rgb(38, 75, 93)")
    expect(crumbs.get_by_role("link", name=case.case_number)).to_be_visible()
    assert_accessible(page, "back-office-transition")


def test_the_applicant_says_what_the_answers_document_is_and_the_handler_sees_it(
    page, live_server, browser_sign_in, make_case, applicant, handler, tmp_path, assert_accessible
):
    case = make_case(ApplicationStatus.AWAITING_APPLICANT)
    budget = tmp_path / "budget.pdf"
    budget.write_bytes(PDF_BYTES)
    browser_sign_in(applicant)

    page.goto(f"{live_server.url}/registrering/mine-sager/")
    latest = page.locator("table time").first.inner_text()
    assert DANISH_SHORT_DATE.match(latest), latest
    page.get_by_role("link", name="Svar på spørgsmål").click()

    page.get_by_label("Dit svar").fill("Budgettet for 2027 er vedlagt.")
    page.get_by_label("Nyt dokument").set_input_files(str(budget))
    page.get_by_role("button", name="Send svar").click()
    expect(page.locator("#id_answer-kind_error")).to_contain_text("Vælg, hvad dokumentet er")
    expect(page.get_by_label("Dit svar")).to_have_value("Budgettet for 2027 er vedlagt.")
    assert_accessible(page, "registry-answer-without-kind")

    page.get_by_label("Hvad er dokumentet?").select_option(
        label="Budget og beskrivelse af aktiviteter"
    )
    page.get_by_label("Nyt dokument").set_input_files(str(budget))
    page.get_by_role("button", name="Send svar").click()
    success = page.locator(".alert-success")
    expect(success).to_contain_text("Dit svar er sendt")
    # The DKFDS alert icon sits in the room the alert keeps for it on the left.
    icon = success.get_by_role("img", name="Udført")
    expect(icon).to_be_visible()
    icon_box, text_box = icon.bounding_box(), success.locator(".alert-text").bounding_box()
    assert icon_box["width"] >= 16 and icon_box["x"] + icon_box["width"] <= text_box["x"]
    assert icon.evaluate("svg => svg.querySelector('use').getBBox().width") > 0  # sprite loaded
    assert_accessible(page, "registry-answer-sent")
    document = case.documents.get(original_name="budget.pdf")
    assert document.kind == DocumentKind.BUDGET and document.uploaded_by == applicant

    browser_sign_in(handler)
    page.goto(f"{live_server.url}/admin/registry/application/{case.pk}/change/")
    row = page.locator(".rsv-records tr", has_text="budget.pdf")
    expect(row).to_contain_text("Budget og beskrivelse af aktiviteter")
