"""The case handler's day in a real browser: an internal note, a request that stops the four
weeks, the applicant's answer that starts them again, and one social account sent back."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from registry.models import Application, ApplicationStatus, SocialAccount
from registry.services import social_accounts
from registry.tests.conftest import pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

NOTE = "Ringede til direktøren: kunden i Viborg er en kommune."


def test_a_note_a_paused_clock_the_answer_and_a_returned_social_account(
    page, live_server, browser_sign_in, make_case, applicant, handler, assert_accessible
):
    case = make_case(ApplicationStatus.UNDER_REVIEW, name="Lærkens Genbrug ApS")
    first_deadline = case.deadline
    browser_sign_in(handler)
    page.goto(f"{live_server.url}/admin/registry/application/{case.pk}/change/")
    page.get_by_role("link", name="Skriv intern note").click()
    page.get_by_label("Intern note").fill(NOTE)
    page.get_by_role("button", name="Skriv intern note").click()
    expect(page.locator(".messagelist")).to_contain_text("Ansøgeren kan ikke se den")
    history = page.locator(".rsv-records").filter(has_text=NOTE)
    expect(history.locator("tr", has_text=NOTE).locator(".rsv-internal")).to_have_text("Intern")

    page.get_by_role("link", name="Bed om flere oplysninger").click()
    page.get_by_label("Besked til ansøgeren").fill("Send kontrakten med kommunen.")
    page.get_by_role("button", name="Bed om flere oplysninger").click()
    expect(page.locator(".field-paused_display")).to_contain_text("venter på ansøgeren")
    assert_accessible(page, "casework-case-paused")

    # Five days pass while the case waits for the applicant (the case is moved back in time).
    five_days = dt.timedelta(days=5)
    Application.objects.filter(pk=case.pk).update(
        submitted_at=F("submitted_at") - five_days,
        deadline=F("deadline") - five_days,
        paused_since=F("paused_since") - five_days,
    )
    page.goto(f"{live_server.url}/admin/registry/application/")
    row = page.locator("#result_list tr", has_text=case.case_number)
    expect(row).to_contain_text("stoppet, 5 d. i bero")
    expect(row).to_contain_text("28 dage")
    assert_accessible(page, "casework-queue-paused")

    browser_sign_in(applicant)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    expect(page.get_by_text("Fristen for afgørelse er stoppet, til I har svaret.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(NOTE)
    expect(page.locator("main")).not_to_contain_text("Intern note")
    page.get_by_label("Dit svar").fill("Kontrakten er vedlagt som PDF i morgen.")
    page.get_by_role("button", name="Send svar").click()
    moved = date_format(timezone.localtime(first_deadline), "j. F Y")  # 28 days left still
    facts = page.locator(".rsv-facts").first
    expect(facts).to_contain_text(f"Afgørelse senest {moved}")
    expect(facts).to_contain_text("flyttet 5 dage, mens sagen ventede på jer")
    expect(page.locator(".rsv-history")).to_contain_text("Fristen for afgørelse er flyttet")
    assert_accessible(page, "casework-applicant-resumed")

    # One social account, sent back with a reason the enterprise reads.
    registered = make_case(ApplicationStatus.REGISTERED, name="Ravnens Køkken ApS")
    account = SocialAccount.objects.create(
        enterprise=registered.enterprise, financial_year=2025, deadline=dt.date(2026, 5, 31)
    )
    social_accounts.submit_social_account(
        account,
        {
            "profit_after_tax": 300_000,
            "dividend_paid": 0,
            "paid_in_capital": 40_000,
            "management_pay": "Direktør: 410.000 kr.",
            "purpose_report": "Ni unge i lære i køkkenet.",
            "independence_report": "Brugerråd.",
        },
        annual_report=pdf_upload("aarsrapport-2025.pdf"),
        by=applicant,
    )
    browser_sign_in(handler)
    page.goto(f"{live_server.url}/admin/registry/socialaccount/{account.pk}/change/")
    expect(page.get_by_role("link", name="aarsrapport-2025.pdf")).to_be_visible()
    page.get_by_role("link", name="Send tilbage til rettelse").click()
    page.get_by_label("Begrundelse (sendes til virksomheden)").fill(
        "Vederlaget til bestyrelsen mangler."
    )
    page.get_by_role("button", name="Vis brevet med begrundelsen").click()
    letter = page.locator(".rsv-letter")
    expect(letter).to_contain_text("Vederlaget til bestyrelsen mangler.")
    expect(letter).to_contain_text("Erhvervsankenævnet")
    assert_accessible(page, "casework-account-return-letter")
    page.get_by_role("button", name="Send tilbage til rettelse").click()
    expect(page.locator(".messagelist")).to_contain_text("Regnskabet er gennemgået")
    expect(page.locator(".field-status")).to_contain_text("Sendt tilbage til rettelse")
    assert_accessible(page, "casework-account-returned-admin")

    browser_sign_in(applicant)
    page.goto(f"{live_server.url}{account.get_absolute_url()}")
    expect(page.locator(".alert-warning")).to_contain_text("Vederlaget til bestyrelsen mangler.")
    expect(page.get_by_label("Årsrapport for regnskabsåret")).to_be_visible()
    assert_accessible(page, "casework-account-returned")
