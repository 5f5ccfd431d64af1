"""Issue 17, applying for registration: the places where applicants stumbled."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.forms import DanishIntegerField, EnterpriseForm
from registry.models import Application, ApplicationStatus
from registry.services import applying, case_handling, representatives
from registry.tests.conftest import PDF_BYTES, enterprise_data
from registry.tests.test_applying import CVR, ENTERPRISE_POST
from registry.tests.test_claims import finish

pytestmark = pytest.mark.django_db


def step_url(application, step):
    return reverse("registry:apply_step", args=[application.case_number, step])


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1.200.000", 1200000), ("1200000", 1200000), ("1 200 000", 1200000), ("0", 0)],
)
def test_amounts_accept_danish_thousands_separators(typed, number):
    assert DanishIntegerField().clean(typed) == number


@pytest.mark.parametrize("typed", ["1.20.000", "12,5", "1.2", "en million"])
def test_amounts_refuse_what_is_not_a_whole_number(typed):
    with pytest.raises(Exception, match="Skriv et helt tal"):
        DanishIntegerField().clean(typed)


def test_amounts_are_text_boxes_shown_back_in_danish_format(make_case):
    application = make_case(ApplicationStatus.DRAFT, revenue=1_200_000)
    html = str(EnterpriseForm(instance=application.enterprise)["revenue"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'value="1.200.000"' in html
    assert "fx 1.200.000" in str(EnterpriseForm()["revenue"].help_text)


def test_a_logged_out_visitor_is_told_why_to_sign_in(client):
    response = client.get(reverse("registry:apply"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/konto/login/?next=/registrering/ansoeg/")
    assert "Log ind for at ansøge om registrering" in page


def test_the_contact_email_is_filled_in_from_the_account(client, applicant):
    representatives.grant_by_mitid(CVR, by=applicant)
    client.force_login(applicant)
    page = client.get(reverse("registry:apply"), {"cvr": CVR}).content.decode()
    assert f'value="{applicant.email}"' in page


def test_the_purpose_is_asked_once_in_the_purpose_step(client, applicant):
    representatives.grant_by_mitid(CVR, by=applicant)
    client.force_login(applicant)
    first = client.get(reverse("registry:apply"), {"cvr": CVR}).content.decode()
    assert 'name="purpose"' not in first and 'name="purpose_field"' not in first
    client.post(reverse("registry:apply"), ENTERPRISE_POST)
    application = Application.objects.get()
    url = step_url(application, "purpose")
    assert 'name="purpose"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "purpose": "Cykler og job.",
            "purpose_field": "employment",
            "purpose_in_articles": "True",
            "purpose_text": "Unge får job.",
        },
    )
    application.enterprise.refresh_from_db()
    assert application.enterprise.purpose == "Cykler og job."


def test_save_for_later_keeps_a_half_filled_step_as_typed(client, applicant, make_case):
    application = make_case(ApplicationStatus.DRAFT)
    client.force_login(applicant)
    url = step_url(application, "trade")
    typed = {"trade_income_share": "", "vat_registered": "True", "trade_text": "Café og værksted."}
    response = client.post(url, {**typed, "save_and_leave": ""})
    assert response["Location"] == reverse("registry:my_cases")
    application.refresh_from_db()
    assert application.draft_input["trade"]["trade_text"] == "Café og værksted."
    assert "trade" not in application.completed_steps
    page = client.get(url).content.decode()
    assert "Café og værksted." in page and "Dette felt er påkrævet" not in page
    assert re.search(r'value="True"[^>]*id="id_vat_registered_0"\s+checked', page)
    # Sending the step checks it; once it passes, the typed copy is gone.
    page = client.post(url, typed).content.decode()
    assert "Dette felt er påkrævet" in page
    client.post(url, {**typed, "trade_income_share": "80"})
    application.refresh_from_db()
    assert "trade" in application.completed_steps and "trade" not in application.draft_input
    assert application.trade_income_share == 80


def test_save_for_later_on_the_first_step_keeps_what_was_typed(client, applicant):
    representatives.grant_by_mitid(CVR, by=applicant)
    client.force_login(applicant)
    typed = {**ENTERPRISE_POST, "founded_year": "", "revenue": "1.200.000 kr"}
    response = client.post(reverse("registry:apply"), {**typed, "save_and_leave": ""})
    assert response["Location"] == reverse("registry:my_cases")
    application = Application.objects.get()
    assert application.status == ApplicationStatus.DRAFT
    assert "enterprise" not in application.completed_steps
    assert application.draft_input["enterprise"]["revenue"] == "1.200.000 kr"
    page = client.get(step_url(application, "enterprise")).content.decode()
    assert 'value="1.200.000 kr"' in page and 'value="kontakt@cykel.example.dk"' in page
    assert case_handling.missing_for_submission(application)[0] == "Virksomheden"
    # The summary links each missing part to the step where it is filled in.
    summary = client.get(step_url(application, "summary")).content.decode()
    assert f'<a href="{step_url(application, "enterprise")}">Virksomheden</a></li>' in summary
    assert f'<a href="{step_url(application, "documents")}">Vedtægter (dokument)</a>' in summary


def test_saving_a_half_typed_first_step_leaves_a_known_enterprise_as_it_was(client, applicant):
    representatives.grant_by_mitid(CVR, by=applicant)
    earlier = applying.start_application(CVR, enterprise_data(), by=applicant)
    applying.withdraw_application(earlier, by=applicant)
    enterprise = earlier.enterprise
    client.force_login(applicant)
    typed = {**ENTERPRISE_POST, "founded_year": "", "contact_email": "x"}
    client.post(reverse("registry:apply"), {**typed, "save_and_leave": ""})
    enterprise.refresh_from_db()
    assert enterprise.founded_year == 2012 and enterprise.contact_email == "kontakt@example.dk"
    draft = Application.objects.get(enterprise=enterprise, status=ApplicationStatus.DRAFT)
    assert draft.draft_input["enterprise"]["contact_email"] == "x"


def test_fortsaet_uploads_the_chosen_file(client, applicant, make_case, media):
    application = make_case(ApplicationStatus.DRAFT)
    client.force_login(applicant)
    report = SimpleUploadedFile("aarsrapport.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(step_url(application, "documents"), {"kind": "annual_report", "file": report})
    upload = SimpleUploadedFile("vedtaegter.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        step_url(application, "documents"), {"kind": "articles", "file": upload, "next": ""}
    )
    assert response["Location"] == step_url(application, "summary")
    assert application.documents.get(kind="articles").original_name == "vedtaegter.pdf"
    application.refresh_from_db()
    assert "documents" in application.completed_steps


def test_save_for_later_on_the_documents_step_keeps_the_chosen_file(
    client, applicant, make_case, media
):
    application = make_case(ApplicationStatus.DRAFT)
    client.force_login(applicant)
    url = step_url(application, "documents")
    assert "Gem og fortsæt senere" in client.get(url).content.decode()
    fake = SimpleUploadedFile("vedtaegter.pdf", b"not a pdf", content_type="application/pdf")
    bad = client.post(url, {"kind": "articles", "file": fake, "save_and_leave": ""})
    assert bad.status_code == 200 and "gyldig fil" in bad.content.decode()
    upload = SimpleUploadedFile("budget.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(url, {"kind": "budget", "file": upload, "save_and_leave": ""})
    assert response["Location"] == reverse("registry:my_cases")
    assert application.documents.filter(original_name="budget.pdf", kind="budget").exists()


def test_the_summary_shows_every_answer_and_the_case_keeps_a_copy_and_a_pdf(
    client, applicant, make_case
):
    application = finish(
        make_case(ApplicationStatus.DRAFT, website="https://cafe.example.dk", revenue=1_200_000),
        applicant,
    )
    client.force_login(applicant)
    summary = client.get(step_url(application, "summary")).content.decode()
    for answer in ["2012", "Antal ansatte", "1.200.000 kr.", "https://cafe.example.dk", "80 %"]:
        assert answer in summary, answer
    client.post(step_url(application, "summary"), {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    case = client.get(application.get_absolute_url()).content.decode()
    assert "Det sendte du" in case and "1.200.000 kr." in case and "Vi driver en café" in case
    # A later change to the enterprise leaves the copy of what was sent as it was.
    application.enterprise.revenue = 5
    application.enterprise.save()
    assert "1.200.000 kr." in client.get(application.get_absolute_url()).content.decode()
    pdf = client.get(reverse("registry:receipt_pdf", args=[application.case_number]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert application.case_number in pdf["Content-Disposition"]


def test_the_pdf_receipt_is_only_for_sent_cases_and_their_applicants(
    client, applicant, other_user, make_case
):
    draft = make_case(ApplicationStatus.DRAFT)
    client.force_login(applicant)
    assert client.get(reverse("registry:receipt_pdf", args=[draft.case_number])).status_code == 404
    sent = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(other_user)
    assert client.get(reverse("registry:receipt_pdf", args=[sent.case_number])).status_code == 404


def test_the_self_tests_answers_are_carried_into_the_application(client, applicant):
    answers = {
        "legal_form": "aps",
        "purpose": "yes",
        "trade": "most",
        "independence": "no",
        "governance": "yes",
        "profit": "reinvest",
    }
    client.get(reverse("registry:self_test"), answers)
    representatives.grant_by_mitid(CVR, by=applicant)
    client.force_login(applicant)  # signing in keeps the visitor's session
    client.post(reverse("registry:apply"), ENTERPRISE_POST)
    application = Application.objects.get()
    assert application.purpose_in_articles is True
    assert application.public_board_majority is False
    assert application.involves_employees is True and application.involves_stakeholders is True
    assert application.profit_use == "reinvest"
    assert application.trade_income_share is None  # the self-test gave no number
    assert not set(application.completed_steps) - {"enterprise"}  # the applicant still confirms


def test_the_error_summary_links_to_radio_groups_and_reads_as_sentences(
    client, applicant, make_case
):
    application = make_case(ApplicationStatus.DRAFT)
    client.force_login(applicant)
    page = client.post(step_url(application, "trade"), {}).content.decode()
    assert 'data-module="error-summary"' in page
    assert 'href="#id_vat_registered_0"' in page and 'href="#"' not in page
    assert "Vælg et svar på „Er virksomheden momsregistreret?“." in page
    assert "Udfyld „Beskriv salget af varer og tjenester“." in page
    assert "?: Dette felt" not in page
