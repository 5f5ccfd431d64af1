"""Issue 17 in a real browser: applying as a new user would, on a desktop, a 390 px phone and
by keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from registry.models import Application, ApplicationStatus
from registry.services import representatives
from registry.tests.conftest import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CVR = "99900040"  # Havnens Vaskeri ApS in the local CVR data


def test_signing_up_on_the_way_leads_back_to_the_application(
    page, live_server, mailbox, assert_accessible
):
    page.goto(f"{live_server.url}/registrering/ansoeg/")
    expect(page.get_by_text("Log ind for at ansøge om registrering")).to_be_visible()
    assert "next=/registrering/ansoeg/" in page.url.replace("%2F", "/")
    assert_accessible(page, "apply-login-says-why")
    page.locator('a[href^="/konto/signup/"]').first.click()
    assert "next=" in page.url
    page.locator('input[name="email"]').fill("ny.ansoeger@example.dk")
    page.locator('input[name="password1"]').fill("Sikker-Adgang-2026")
    page.locator('input[name="password2"]').fill("Sikker-Adgang-2026")
    page.locator('form[action^="/konto/signup/"] button[type="submit"]').click()
    expect(page.locator("h1")).to_be_visible()
    mail = mailbox()[-1]
    assert "Vækstcenter for socialøkonomiske virksomheder" in mail.body
    assert "127.0.0.1" not in mail.body.split("konto/confirm-email")[0]
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", mail.body).group(1)
    page.goto(live_server.url + link)
    assert "127.0.0.1" not in page.locator("main").inner_text()
    page.locator('form[action*="confirm-email"] button[type="submit"]').click()
    # Signed in, and back where they began.
    expect(page.get_by_label("CVR-nummer")).to_be_visible()
    assert page.url.endswith("/registrering/ansoeg/")


def test_applying_on_a_phone_saves_typed_input_uploads_and_keeps_a_copy(
    page, live_server, applicant, media, tmp_path, assert_accessible, log_in
):
    page.set_viewport_size({"width": 390, "height": 844})
    representatives.grant_by_mitid(CVR, by=applicant)
    log_in(page, applicant)
    # The self-test's answers come along into the application.
    page.goto(
        f"{live_server.url}/registrering/selvtest/?legal_form=aps&purpose=yes&trade=most"
        "&independence=no&governance=yes&profit=reinvest"
    )
    page.goto(f"{live_server.url}/registrering/ansoeg/?cvr={CVR}")
    assert page.get_by_label("Kontakt-e-mail").input_value() == applicant.email
    expect(page.get_by_label("Formål", exact=True)).to_have_count(0)  # asked in step 2
    page.get_by_label("Stiftelsesår").fill("2014")
    page.get_by_label("Antal ansatte").fill("9")
    revenue = page.get_by_label("Omsætning sidste år (kr.)")
    expect(revenue).to_have_attribute("type", "text")
    expect(page.get_by_text("fx 1.200.000")).to_be_visible()
    revenue.fill("1.200.000")
    page.get_by_label("Hjemmeside").fill("https://vaskeri.example.dk")
    assert_accessible(page, "apply-phone-step-1")
    page.get_by_role("button", name="Gem og fortsæt", exact=True).click()

    expect(page.get_by_role("heading", name="Socialt formål")).to_be_visible()
    application = Application.objects.get()
    assert application.enterprise.revenue == 1_200_000
    # The self-test said the purpose is in the articles.
    expect(
        page.get_by_role("group", name="Står det sociale formål").get_by_label("Ja")
    ).to_be_checked()
    page.get_by_label("Formål", exact=True).fill("Vi vasker for hoteller med folk uden job.")
    page.get_by_label("Formålsområde").select_option("employment")
    page.get_by_label("Hvordan gavner formålet samfundet?").fill("Job til ledige.")
    page.get_by_role("button", name="Gem og fortsæt", exact=True).click()

    # Half a step, saved for later: kept as typed.
    page.get_by_label("Beskriv salget").fill("Vask for hoteller.")
    page.get_by_role("button", name="Gem og fortsæt senere").click()
    expect(page.get_by_role("heading", name="Mine sager")).to_be_visible()
    page.get_by_role("link", name="Fortsæt ansøgningen").click()
    expect(page.get_by_role("heading", name="Erhvervsmæssig aktivitet")).to_be_visible()
    expect(page.get_by_label("Beskriv salget")).to_have_value("Vask for hoteller.")
    page.get_by_label("Andel af indtægterne").fill("90")
    page.get_by_role("group", name="momsregistreret").get_by_label("Ja").check()
    page.get_by_role("button", name="Gem og fortsæt", exact=True).click()
    page.get_by_label("Offentlige myndigheders ejerandel").fill("0")
    # From the self-test: no public influence, so no public board majority.
    expect(
        page.get_by_role("group", name="flertallet af bestyrelsen").get_by_label("Nej")
    ).to_be_checked()
    page.get_by_label("Beskriv forholdet").fill("Ingen offentlige ejere.")
    page.get_by_role("button", name="Gem og fortsæt", exact=True).click()
    page.get_by_label("Beskriv hvordan ledelsen inddrager").fill("Personalemøder.")
    page.get_by_role("button", name="Gem og fortsæt", exact=True).click()
    page.get_by_role("group", name="Binder vedtægterne").get_by_label("Ja").check()
    page.get_by_label("Beskriv håndteringen af overskud").fill("Alt geninvesteres.")
    page.get_by_role("button", name="Gem og fortsæt", exact=True).click()

    report = tmp_path / "aarsrapport.pdf"
    report.write_bytes(PDF_BYTES)
    page.get_by_label("Dokumenttype").select_option("annual_report")
    page.get_by_label("Fil (PDF").set_input_files(str(report))
    # Saved for later, the chosen file with it; "Fortsæt ansøgningen" comes back to this step.
    page.get_by_role("button", name="Gem og fortsæt senere").click()
    expect(page.get_by_role("heading", name="Mine sager")).to_be_visible()
    page.get_by_role("link", name="Fortsæt ansøgningen").click()
    expect(page.get_by_role("link", name="aarsrapport.pdf")).to_be_visible()
    assert_accessible(page, "apply-phone-documents")
    # The main button uploads the chosen file.
    pdf = tmp_path / "vedtaegter.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.get_by_label("Dokumenttype").select_option("articles")
    page.get_by_label("Fil (PDF").set_input_files(str(pdf))
    page.get_by_role("button", name="Fortsæt", exact=True).click()

    expect(page.get_by_role("heading", name="Opsummering og indsendelse")).to_be_visible()
    summary = page.locator("main")
    for answer in ["2014", "1.200.000 kr.", "https://vaskeri.example.dk", "vedtaegter.pdf"]:
        expect(summary).to_contain_text(answer)
    assert_accessible(page, "apply-phone-summary")
    page.get_by_role("button", name="Send ansøgningen").click()
    # Focus moves to the error summary at the top; its link leads to the checkbox.
    summary_box = page.locator('[data-module="error-summary"]')
    expect(summary_box).to_be_focused()
    assert summary_box.bounding_box()["y"] < 1000
    summary_box.get_by_role("link").click()
    expect(page.get_by_label("Jeg erklærer på tro og love")).to_be_focused()
    page.get_by_label("Jeg erklærer på tro og love").check()
    page.get_by_role("button", name="Send ansøgningen").click()

    expect(page.get_by_role("heading", name="vi har modtaget ansøgningen")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    page.get_by_role("link", name="Følg sagen under Mine sager").click()
    page.get_by_text("Det sendte du").click()
    expect(page.get_by_text("Vi vasker for hoteller med folk uden job.")).to_be_visible()
    assert_accessible(page, "apply-phone-case-copy")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent kvittering som PDF").click()
    assert download.value.suggested_filename == f"kvittering-{application.case_number}.pdf"
    assert download.value.path().read_bytes()[:4] == b"%PDF"


def test_the_error_summary_by_keyboard_alone(page, live_server, applicant, make_case, log_in):
    application = make_case(ApplicationStatus.DRAFT)
    log_in(page, applicant)
    page.goto(f"{live_server.url}/registrering/ansoeg/{application.case_number}/trade/")
    page.get_by_label("Beskriv salget").focus()
    page.keyboard.type("Café")
    # Tab to the main button and press Enter: nothing else answered.
    for _ in range(5):
        if page.evaluate("document.activeElement.name") == "next":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    summary_box = page.locator('[data-module="error-summary"]')
    expect(summary_box).to_be_focused()
    expect(summary_box).to_contain_text("Vælg et svar på „Er virksomheden momsregistreret?“.")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the first link is the share, the second the radio group
    expect(page.locator(":focus")).to_have_text(
        "Vælg et svar på „Er virksomheden momsregistreret?“."
    )
    page.keyboard.press("Enter")
    expect(page.locator("#id_vat_registered_0")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#id_vat_registered_0")).to_be_checked()
