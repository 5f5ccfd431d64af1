import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.history import local_time_label
from registry.models import (
    Application,
    ApplicationStatus,
    Enterprise,
    Representation,
    RepresentationSource,
    RepresentationStatus,
)
from registry.services import applying, case_handling, representatives
from registry.tests.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

# A fictional company in the local CVR data set (registry/data/cvr_local.json).
CVR = "99900008"
CVR_NAME = "Cykelværkstedet Nordvest ApS"
ENTERPRISE_POST = {
    "cvr": CVR,
    "contact_email": "kontakt@cykel.example.dk",
    "contact_phone": "",
    "website": "",
    "founded_year": "2015",
    "employees": "8",
    "revenue": "1200000",
    "purpose": "At give unge uden job en vej ind på arbejdsmarkedet.",
    "purpose_field": "employment",
}


def test_applying_needs_login(client):
    response = client.get(reverse("registry:apply"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


@pytest.mark.parametrize(
    ("cvr", "error"),
    [
        ("12345678", "CVR-nummeret er ikke gyldigt"),
        ("99900091", "CVR-registret kender ikke nummeret 99900091"),
        ("99900059", "regnes som sameje"),  # an I/S in CVR
    ],
)
def test_a_bad_unknown_or_ineligible_cvr_gets_a_danish_error_next_to_the_field(
    client, applicant, cvr, error
):
    client.force_login(applicant)
    page = client.get(reverse("registry:apply"), {"cvr": cvr}).content.decode()
    assert error in page
    assert f'value="{cvr}"' in page and 'aria-invalid="true"' in page
    assert not Enterprise.objects.exists()


def test_name_address_and_legal_form_come_from_cvr_as_read_only_facts(client, applicant):
    representatives.grant_by_mitid(CVR, by=applicant)
    client.force_login(applicant)
    page = client.get(reverse("registry:apply"), {"cvr": CVR}).content.decode()
    assert CVR_NAME in page and "Frederikssundsvej 112" in page and "Anpartsselskab" in page
    for typed in ['name="name"', 'name="address"', 'name="legal_form"', 'name="claim-statement"']:
        assert typed not in page
    # A posted name is ignored: the facts are CVR's.
    response = client.post(reverse("registry:apply"), {**ENTERPRISE_POST, "name": "Andet ApS"})
    application = Application.objects.get()
    assert response["Location"].endswith(f"/{application.case_number}/purpose/")
    enterprise = application.enterprise
    assert (enterprise.name, enterprise.legal_form, enterprise.municipality.code) == (
        CVR_NAME,
        "aps",
        101,
    )
    assert application.status == ApplicationStatus.DRAFT and not application.awaits_claim
    assert list(enterprise.representatives.all()) == [applicant]
    step = client.get(reverse("registry:apply_step", args=[application.case_number, "enterprise"]))
    assert CVR_NAME in step.content.decode() and 'name="name"' not in step.content.decode()


def test_without_proof_a_claim_needs_a_statement_and_stays_pending(client, applicant, media):
    client.force_login(applicant)
    page = client.post(reverse("registry:apply"), {**ENTERPRISE_POST, "founded_year": ""})
    invalid = re.findall(r'aria-invalid="true"[^>]*id="id_([\w-]+)"', page.content.decode())
    assert sorted(invalid) == ["claim-statement", "founded_year"]  # every error at once
    page = page.content.decode()
    assert 'value="kontakt@cykel.example.dk"' in page
    assert not Application.objects.exists()
    page = client.post(reverse("registry:apply"), ENTERPRISE_POST).content.decode()
    assert re.findall(r'aria-invalid="true"[^>]*id="id_([\w-]+)"', page) == ["claim-statement"]
    proof = SimpleUploadedFile("fuldmagt.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(
        reverse("registry:apply"),
        {**ENTERPRISE_POST, "claim-statement": "Jeg er direktør.", "claim-evidence": proof},
    )
    application = Application.objects.get()
    assert application.awaits_claim and not application.enterprise.representatives.exists()
    claim = Representation.objects.get()
    assert (claim.status, claim.source, claim.statement) == (
        RepresentationStatus.PENDING,
        RepresentationSource.CLAIM,
        "Jeg er direktør.",
    )
    assert (media / claim.evidence.name).exists() and claim.evidence_name == "fuldmagt.pdf"
    assert claim.changes.get().changed_by == applicant
    # The claimant may prepare the draft, and sees their proof; nobody else does.
    assert client.get(application.get_absolute_url()).status_code == 200
    assert client.get(reverse("registry:evidence", args=[claim.pk])).status_code == 200


def test_a_step_saves_and_can_be_resumed(client, applicant, make_case):
    application = make_case(ApplicationStatus.DRAFT)
    client.force_login(applicant)
    url = reverse("registry:apply_step", args=[application.case_number, "purpose"])
    answers = {"purpose": "Job til unge.", "purpose_field": "employment"}
    response = client.post(
        url,
        {**answers, "purpose_in_articles": "True", "purpose_text": "Job.", "save_and_leave": ""},
    )
    assert response["Location"] == reverse("registry:my_cases")
    application.refresh_from_db()
    assert application.purpose_in_articles is True and "purpose" in application.completed_steps
    resume = client.get(reverse("registry:apply_resume", args=[application.case_number]))
    assert resume["Location"].endswith("/trade/")


def test_a_criterion_step_with_missing_answers_keeps_the_rest(client, applicant, make_case):
    application = make_case(ApplicationStatus.DRAFT)
    client.force_login(applicant)
    url = reverse("registry:apply_step", args=[application.case_number, "trade"])
    page = client.post(url, {"trade_income_share": "140", "trade_text": "Café"}).content.decode()
    assert "Denne værdi skal være mindre end eller lig 100." in page
    assert "Café" in page
    assert "trade" not in Application.objects.get(pk=application.pk).completed_steps


def test_documents_are_checked_by_content(client, applicant, make_case, media):
    application = make_case(ApplicationStatus.DRAFT)
    client.force_login(applicant)
    url = reverse("registry:apply_step", args=[application.case_number, "documents"])
    fake = SimpleUploadedFile("vedtaegter.pdf", b"not a pdf at all", content_type="application/pdf")
    page = client.post(url, {"kind": "articles", "file": fake, "upload": ""}).content.decode()
    assert "ikke en gyldig fil" in page
    page = client.post(url, {"next": ""}).content.decode()
    assert "Upload virksomhedens vedtægter" in page
    real = SimpleUploadedFile("vedtaegter.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(url, {"kind": "articles", "file": real, "upload": ""})
    document = application.documents.get()
    assert document.kind == "articles" and (media / document.file.name).exists()
    client.post(url, {"remove": str(document.pk)})
    assert not application.documents.exists() and not (media / document.file.name).exists()


def test_submit_needs_the_declaration_then_shows_a_receipt(client, applicant, make_case, mailbox):
    application = make_case(ApplicationStatus.DRAFT)

    from registry.tests.conftest import CRITERION_ANSWERS, pdf_upload

    Application.objects.filter(pk=application.pk).update(**CRITERION_ANSWERS)
    for step in ["purpose", "trade", "independence", "governance", "profit", "documents"]:
        applying.save_step(application, step)
    applying.add_document(application, "articles", pdf_upload(), by=applicant)
    applying.add_document(application, "annual_report", pdf_upload("aarsrapport.pdf"), by=applicant)
    client.force_login(applicant)
    url = reverse("registry:apply_step", args=[application.case_number, "summary"])
    page = client.post(url, {}).content.decode()
    assert "Du skal afgive erklæringen" in page
    response = client.post(url, {"declaration": "on"})
    assert response["Location"].endswith("/kvittering/")
    receipt = client.get(response["Location"]).content.decode()
    assert application.case_number in receipt
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.declaration_accepted_at
    assert application.case_number in mailbox()[-1].subject


def test_other_users_get_404_for_cases_steps_and_documents(client, other_user, make_case):
    application = make_case(ApplicationStatus.SUBMITTED)
    document = application.documents.get(kind="articles")
    client.force_login(other_user)
    for url in [
        application.get_absolute_url(),
        reverse("registry:apply_step", args=[application.case_number, "purpose"]),
        reverse("registry:receipt", args=[application.case_number]),
        document.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("registry:withdraw", args=[application.case_number])).status_code == 404
    )
    assert application.case_number not in client.get(reverse("registry:my_cases")).content.decode()


def test_a_second_representative_sees_the_case(client, other_user, make_case):
    application = make_case(ApplicationStatus.SUBMITTED)
    application.enterprise.representatives.add(other_user)
    client.force_login(other_user)
    assert application.case_number in client.get(reverse("registry:my_cases")).content.decode()
    document = application.documents.get(kind="articles")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_applicant_answers_an_information_request_with_a_document(
    client, applicant, make_case, media
):
    application = make_case(ApplicationStatus.AWAITING_APPLICANT)
    client.force_login(applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Send årsrapporten." in page
    upload = SimpleUploadedFile("aarsrapport.pdf", PDF_BYTES, content_type="application/pdf")
    answer = {"answer-text": "Vedlagt.", "answer-file": upload}
    response = client.post(application.get_absolute_url(), answer)
    assert "Vælg, hvad dokumentet er" in response.content.decode()  # the kind is asked for
    upload.seek(0)
    client.post(application.get_absolute_url(), {**answer, "answer-kind": "annual_report"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert application.documents.count() == 3
    assert application.documents.last().original_name == "aarsrapport.pdf"
    assert application.documents.last().uploaded_by == applicant
    assert application.events.last().note == "Vedlagt."


@pytest.mark.parametrize("reason", ["Vi venter et år.", ""])
def test_applicant_can_withdraw_with_or_without_a_reason(client, applicant, make_case, reason):
    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    client.post(
        reverse("registry:withdraw", args=[application.case_number]),
        {"withdraw-reason": reason},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


@pytest.mark.parametrize("count", [1, 6])
def test_my_cases_runs_a_fixed_number_of_queries(
    client, applicant, make_case, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("registry:my_cases")).content.decode()
    assert page.count("Ansøgning indsendt") == count


def test_voluntary_deregistration_leaves_the_list_but_keeps_the_page(client, applicant, make_case):
    application = make_case(ApplicationStatus.REGISTERED)
    client.force_login(applicant)
    url = reverse("registry:withdraw", args=[application.case_number])
    # No reason: the case page again, the error next to the field and the form open.
    response = client.post(url, {"withdraw-reason": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_withdraw-reason_error"' in page
    assert "Skriv, hvorfor virksomheden vil afregistreres." in page
    assert '<details class="details mt-6" open>' in page
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REGISTERED
    client.post(url, {"withdraw-reason": "Vi lukker virksomheden."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DEREGISTERED
    assert application.events.last().action == "deregister_voluntarily"
    name = application.enterprise.name
    assert name not in client.get(reverse("registry:register")).content.decode()
    page = client.get(application.enterprise.get_absolute_url()).content.decode()
    assert "blev afregistreret" in page


def test_after_a_rejection_the_applicant_applies_again_from_the_old_answers(
    client, applicant, make_case
):
    rejected = make_case(ApplicationStatus.REJECTED)
    client.force_login(applicant)
    assert "ansøg igen" in client.get(reverse("registry:my_cases")).content.decode()
    page = client.get(rejected.get_absolute_url()).content.decode()
    assert "Ansøg igen" in page and "Salget er for lille." in page
    response = client.post(reverse("registry:reapply", args=[rejected.case_number]))
    new = Application.objects.exclude(pk=rejected.pk).get()
    assert response.status_code == 302 and new.case_number in response.url
    assert new.status == ApplicationStatus.DRAFT and new.enterprise == rejected.enterprise
    assert new.trade_text == rejected.trade_text and new.trade_income_share == 80
    assert "summary" not in new.completed_steps and "profit" in new.completed_steps
    assert sorted(new.documents.values_list("kind", flat=True)) == ["annual_report", "articles"]
    copied = new.documents.get(kind="articles").file.name
    assert copied != rejected.documents.get(kind="articles").file.name
    assert new.events.get().action == "reapply"
    assert rejected.case_number in new.events.get().note
    summary = client.get(response.url).content.decode()
    assert "Café Fællesskab ApS" in summary and "vedtaegter.pdf" in summary

    # One active case per CVR number: a second "Ansøg igen" opens nothing.
    client.post(reverse("registry:reapply", args=[rejected.case_number]))
    assert Application.objects.count() == 2


def test_only_rejected_or_withdrawn_cases_of_ones_own_can_be_reapplied(
    client, applicant, other_user, make_case
):
    registered = make_case(ApplicationStatus.REGISTERED)
    client.force_login(applicant)
    client.post(reverse("registry:reapply", args=[registered.case_number]))
    assert Application.objects.count() == 1
    assert "Ansøg igen" not in client.get(registered.get_absolute_url()).content.decode()
    rejected = make_case(ApplicationStatus.REJECTED)
    client.force_login(other_user)
    response = client.post(reverse("registry:reapply", args=[rejected.case_number]))
    assert response.status_code == 404 and Application.objects.count() == 2


def test_the_case_history_shows_danish_labels_in_local_time_and_no_staff_entries(
    client, make_case, handler, applicant
):
    application = make_case(ApplicationStatus.UNDER_REVIEW)
    case_handling.save_assessment(application.assessments.first(), by=handler)
    assessed = application.events.get(action="assess")
    assert assessed.staff_only and assessed.changed_by == handler
    taken = application.events.get(action="take")
    client.force_login(applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Kriterium vurderet" not in page
    assert f"{local_time_label(taken.changed_at)}</time> \u2013 <strong>Sagen er taget" in page
    assert " kl. " in local_time_label(taken.changed_at)
