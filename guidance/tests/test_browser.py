"""User journeys in a real browser: asking and replying, answering in the admin, the statistics."""

import re

import pytest
from playwright.sync_api import expect

from guidance import services
from guidance.models import Enquiry, EnquiryStatus, MessageKind, Referral
from portal.tests.factories import article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_path(mail, pattern: str) -> str:
    return re.search(rf"https?://[^/\s]+({pattern})", mail.body).group(1)


def test_an_anonymous_municipality_employee_asks_confirms_gets_an_answer_and_replies(
    page, live_server, mailbox, adviser, assert_accessible, csp_violations
):
    page.goto(f"{live_server.url}/raadgivning/")
    assert_accessible(page, "guidance-index")
    page.get_by_role("link", name="Stil et spørgsmål").first.click()

    page.get_by_label("Kommune", exact=True).check()
    page.get_by_label("Dit navn").fill("Mette Jensen")
    page.get_by_label("Organisation eller virksomhed").fill("Odense Kommune, Jobcentret")
    page.get_by_label("Hvilken kommune hører du til?").select_option(label="Odense")
    page.get_by_label("E-mailadresse").fill("mette@example.dk")
    page.get_by_label("Beskæftigelsesordninger med jobcentret").check()
    page.get_by_label("Offentlige indkøb og sociale klausuler").check()
    page.get_by_label("Dit spørgsmål").fill("Hvordan kan vi bruge sociale klausuler i et udbud?")
    page.locator("input[type=file]").set_input_files(
        [{"name": "udbud.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 udbud"}]
    )
    page.get_by_role("button", name="Gå videre").click()

    expect(page.locator(".alert-error")).to_contain_text("Du skal give samtykke")
    expect(page.get_by_label("Dit navn")).to_have_value("Mette Jensen")
    expect(page.get_by_label(re.compile(r"^udbud\.pdf"))).to_be_checked()  # no need to re-attach
    assert_accessible(page, "guidance-ask-errors")
    page.get_by_label(re.compile("Jeg giver samtykke")).check()
    page.get_by_role("button", name="Gå videre").click()

    expect(page.get_by_role("heading", name="Tjek dine oplysninger")).to_be_visible()
    expect(page.locator("main table")).to_contain_text("udbud.pdf")
    assert not Enquiry.objects.exists()  # nothing is sent before the user has checked it
    assert_accessible(page, "guidance-check")
    page.get_by_role("button", name="Send henvendelse").click()

    expect(page.get_by_role("heading", name="Tak for din henvendelse")).to_be_visible()
    enquiry = Enquiry.objects.get()
    expect(page.locator("main")).to_contain_text(enquiry.reference)
    expect(page.locator(".guidance-facts")).to_contain_text("udbud.pdf")
    assert enquiry.status == EnquiryStatus.UNCONFIRMED
    attachment = enquiry.messages.get().attachments.get()
    assert attachment.original_name == "udbud.pdf" and attachment.file.read() == b"%PDF-1.4 udbud"
    assert_accessible(page, "guidance-receipt")

    page.goto(live_server.url + link_path(mailbox()[-1], "/raadgivning/bekraeft/[^/]+/"))
    page.get_by_role("button", name="Bekræft og send henvendelsen").click()
    expect(page.get_by_role("heading", name=f"Henvendelse {enquiry.reference}")).to_be_visible()
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.RECEIVED and enquiry.due_date

    services.assign(enquiry, adviser, by=adviser)
    services.reply_as_adviser(
        enquiry, "I kan stille krav om praktikpladser i kontrakten.", by=adviser
    )
    answer = mailbox()[-1]
    assert answer.to == ["mette@example.dk"]
    page.goto(live_server.url + link_path(answer, "/raadgivning/sag/[^/]+/"))
    expect(page.locator(".guidance-thread")).to_contain_text("krav om praktikpladser")
    page.get_by_label("Din besked").fill("Tak! Gælder det også for mindre udbud?")
    page.get_by_role("button", name="Send besked").click()
    expect(page.locator(".alert-success")).to_contain_text("Din besked er sendt")
    assert_accessible(page, "guidance-case")

    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.IN_PROGRESS
    assert enquiry.messages.filter(kind=MessageKind.REQUESTER).last().body.startswith("Tak!")
    assert csp_violations == []


def test_an_adviser_triages_answers_refers_and_closes_then_sees_the_statistics(
    page, live_server, mailbox, adviser, make_enquiry, settings, assert_accessible, log_in
):
    settings.STAFF_MFA_REQUIRED = False
    enquiry = make_enquiry(name="Jonas Holm", requester_type="entrepreneur", topics=["financing"])
    article("Finansiering af en socialøkonomisk virksomhed", slug="finansiering")
    log_in(page, adviser)

    page.goto(f"{live_server.url}/admin/guidance/enquiry/")
    page.get_by_role("link", name="Modtaget", exact=True).click()
    assert_accessible(page, "guidance-admin-queue")
    page.get_by_role("link", name=enquiry.reference).click()
    assert_accessible(page, "guidance-admin-enquiry")
    page.get_by_role("button", name="Tildel").click()
    expect(page.locator(".messagelist")).to_contain_text("tildelt")

    page.get_by_label("Intern note (ses aldrig af spørgeren)").fill("Har talt med Vækstfonden.")
    page.get_by_role("button", name="Gem note").click()
    expect(page.locator(".messagelist")).to_contain_text("Noten er gemt")
    page.get_by_label("Svar til spørgeren").fill("Kontakt Vækstfonden om et lån.")
    picker = page.locator(".form-row", has=page.get_by_text("Link til artikler på vidensportalen"))
    picker.locator(".select2-selection").click()
    page.keyboard.type("finansiering")
    page.locator(".select2-results__option", has_text="Finansiering af en").click()
    page.get_by_role("button", name="Send svar").click()
    expect(page.locator(".messagelist")).to_contain_text("Svaret er sendt")
    page.get_by_label("Henvis til").select_option(label="Lokal erhvervsservice")
    page.get_by_label("Navn på samarbejdspartner").fill("Erhvervshus Fyn")
    page.get_by_role("button", name="Registrér henvisning").click()
    page.get_by_role("button", name="Lukket").click()
    expect(page.locator(".messagelist")).to_contain_text("Status er nu “Lukket”")

    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CLOSED and enquiry.adviser == adviser
    assert enquiry.first_answered_at is not None
    assert enquiry.messages.get(kind=MessageKind.NOTE).body == "Har talt med Vækstfonden."
    answer = enquiry.messages.get(kind=MessageKind.ADVISER).body
    assert answer.startswith("Kontakt Vækstfonden") and answer.endswith("/viden/finansiering/")
    assert Referral.objects.get(enquiry=enquiry).partner_name == "Erhvervshus Fyn"
    assert [c.to_status for c in enquiry.status_changes.all()] == [
        EnquiryStatus.UNCONFIRMED,
        EnquiryStatus.RECEIVED,
        EnquiryStatus.IN_PROGRESS,
        EnquiryStatus.ANSWERED,
        EnquiryStatus.CLOSED,
    ]
    [question] = [m for m in mailbox() if "tilfreds" in m.subject]

    page.context.clear_cookies()
    page.goto(live_server.url + link_path(question, "/raadgivning/sag/[^/#]+/"))
    expect(page.locator(".guidance-thread")).to_contain_text("Kontakt Vækstfonden om et lån.")
    expect(page.locator(".guidance-thread")).not_to_contain_text("Har talt med")
    page.get_by_role("button", name="Send vurdering").click()
    expect(page.locator("#id_rating-score_error")).to_contain_text("påkrævet")
    # The reply form on the page the rating's error is shown on still writes to the adviser.
    page.get_by_label("Din besked").fill("Her er vores budget.")
    page.locator("input[type=file]").set_input_files(
        [{"name": "budget.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 a program"}]
    )
    page.get_by_role("button", name="Send besked").click()
    expect(page.locator("#id_attachments_error")).to_contain_text("budget.pdf: Filen er ikke")
    expect(page.get_by_label("Din besked")).to_have_value("Her er vores budget.")
    assert_accessible(page, "guidance-case-errors")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Kommentar").fill("Hurtigt og konkret svar.")
    page.get_by_role("button", name="Send vurdering").click()
    expect(page.locator("main")).to_contain_text("Tak for din vurdering: 4 ud af 5.")
    assert enquiry.satisfaction.score == 4

    log_in(page, adviser)

    page.goto(f"{live_server.url}/raadgivning/statistik/")
    expect(page.locator("main")).to_contain_text("1 henvendelse modtaget")
    expect(page.locator("#chart-type-svgtitle")).to_contain_text("Iværksætter 1")
    expect(page.locator(".guidance-keyfigures")).to_contain_text("4,0 / 5 (1 svar)")
    expect(page.locator(".guidance-keyfigures")).to_contain_text("100 % (1 / 1)")
    expect(page.locator("#chart-in-time-svgtitle")).to_contain_text(" 100 %")
    assert_accessible(page, "guidance-statistics")


def test_on_a_phone_the_form_says_when_the_phone_number_is_needed_and_a_repicked_file_goes_once(
    page, live_server, mailbox, assert_accessible, csp_violations
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/raadgivning/")
    page.get_by_role("link", name="Stil et spørgsmål").first.click()
    phone = page.get_by_label(re.compile("^Telefonnummer"))
    label = page.locator("label[for=id_phone]")
    expect(label).to_contain_text("skal udfyldes, hvis vi skal ringe til dig")
    expect(label).not_to_contain_text("frivilligt")

    page.get_by_label("Kommune", exact=True).check()
    page.get_by_label("Dit navn").fill("Mette Jensen")
    page.get_by_label("Hvilken kommune hører du til?").select_option(label="Odense")
    page.get_by_label("E-mailadresse").fill("mette@example.dk")
    page.get_by_label("Telefon", exact=True).check()
    page.get_by_label("Offentlige indkøb og sociale klausuler").check()
    page.get_by_label("Dit spørgsmål").fill("Hvordan kan vi bruge sociale klausuler?")
    page.get_by_label(re.compile("Jeg giver samtykke")).check()
    plan = {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 plan"}
    page.locator("input[type=file]").set_input_files([plan])
    page.get_by_role("button", name="Gå videre").click()

    expect(page.locator("#id_phone_error")).to_contain_text("Skriv dit telefonnummer")
    expect(page.get_by_label(re.compile(r"^plan\.pdf"))).to_be_checked()
    assert_accessible(page, "guidance-ask-phone-error")
    phone.fill("33 12 34 56")
    page.locator("input[type=file]").set_input_files([plan])  # picked again, as people do
    page.get_by_role("button", name="Gå videre").click()
    expect(page.get_by_role("heading", name="Tjek dine oplysninger")).to_be_visible()
    page.get_by_role("button", name="Send henvendelse").click()

    expect(page.get_by_role("heading", name="Tak for din henvendelse")).to_be_visible()
    [attachment] = Enquiry.objects.get().messages.get().attachments.all()
    assert attachment.original_name == "plan.pdf"
    assert csp_violations == []
