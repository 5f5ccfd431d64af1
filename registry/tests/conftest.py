"""Fixtures for the registry tests: users, enterprises and cases in any status."""

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import roles
from accounts.services import ensure_verified_user
from geography.models import Municipality
from registry.fictional import fictional_cvrs
from registry.models import (
    Application,
    ApplicationStatus,
    Assessment,
    Criterion,
    Hearing,
    Outcome,
)
from registry.services import applying, case_handling, hearings, representatives

PASSWORD = "test-Password-2026"
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

CRITERION_ANSWERS = {
    "purpose_in_articles": True,
    "purpose_text": "Vi skaber job for mennesker langt fra arbejdsmarkedet.",
    "trade_income_share": 80,
    "vat_registered": True,
    "trade_text": "Vi driver en café og et cykelværksted.",
    "public_ownership_share": 0,
    "public_board_majority": False,
    "independence_text": "Ingen offentlige ejere.",
    "involves_employees": True,
    "involves_stakeholders": True,
    "governance_text": "To medarbejdere sidder i bestyrelsen.",
    "profit_use": "reinvest",
    "profit_lock_in_articles": True,
    "profit_text": "Overskuddet geninvesteres.",
}


@pytest.fixture
def cvr_numbers():
    return fictional_cvrs(5000)


def pdf_upload(name="vedtaegter.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def applicant(db):
    return ensure_verified_user("ansoeger@example.dk", PASSWORD, first_name="Anna")


@pytest.fixture
def other_user(db):
    return ensure_verified_user("anden@example.dk", PASSWORD, first_name="Bo")


@pytest.fixture
def handler(db):
    return ensure_verified_user(
        "sagsbehandler@example.dk", PASSWORD, is_staff=True, groups=[roles.CASE_HANDLERS]
    )


@pytest.fixture
def staff_client(client, handler, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(handler)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


_counter = itertools.count()


def enterprise_data(**overrides):
    data = {
        "name": "Café Fællesskab ApS",
        "legal_form": "aps",
        "address": "Nørregade 1",
        "postal_code": "8000",
        "city": "Aarhus C",
        "municipality": Municipality.objects.get(code=751),
        "contact_email": "kontakt@example.dk",
        "contact_phone": "",
        "website": "",
        "founded_year": 2012,
        "employees": 12,
        "revenue": 3_000_000,
        "purpose": "At skabe arbejdspladser for unge uden uddannelse.",
        "purpose_field": "employment",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_case(applicant, handler, media, cvr_numbers):
    """A case brought to ``status`` through the real services."""

    def make(status=ApplicationStatus.SUBMITTED, user=None, **enterprise_overrides) -> Application:
        user = user or applicant
        cvr = next(cvr_numbers)
        representatives.grant_by_mitid(
            cvr, by=user
        )  # the applicant has proved they act for the company
        application = applying.start_application(
            cvr, enterprise_data(**enterprise_overrides), by=user
        )
        if status == ApplicationStatus.DRAFT:
            return application
        Application.objects.filter(pk=application.pk).update(**CRITERION_ANSWERS)
        for step in ["purpose", "trade", "independence", "governance", "profit", "documents"]:
            applying.save_step(application, step)
        applying.add_document(application, "articles", pdf_upload(), by=user)
        applying.add_document(application, "annual_report", pdf_upload("aarsrapport.pdf"), by=user)
        application.refresh_from_db()
        applying.submit_application(application, by=user)
        if status == ApplicationStatus.SUBMITTED:
            return application
        if status == ApplicationStatus.WITHDRAWN:
            return applying.withdraw_application(application, by=user)
        case_handling.take_case(application, by=handler)
        if status == ApplicationStatus.UNDER_REVIEW:
            return application
        if status == ApplicationStatus.AWAITING_APPLICANT:
            return case_handling.request_information(application, "Send årsrapporten.", by=handler)
        if status == ApplicationStatus.REJECTED:
            assess(application, Outcome.NOT_MET, note="Salget er for lille.")
            return case_handling.reject(application, by=handler)
        assess(application, Outcome.MET)
        case_handling.register(application, by=handler)
        if status == ApplicationStatus.REGISTERED:
            return application
        hear_until_deadline_passed(application, handler)
        return case_handling.deregister(application, "Manglende socialt regnskab.", by=handler)

    return make


def ceased_in_cvr(enterprise, form="ApS") -> dict:
    """The enterprise as the CVR register knows it (``registry.cvr._local``), ceased."""
    return {
        "name": enterprise.name,
        "form": form,
        "street": "Nørregade 1",
        "postal_code": "8000",
        "city": "Aarhus C",
        "municipality": 751,
        "status": "OPHØRT",
    }


def hear_until_deadline_passed(application, handler):
    """A hearing about deregistration whose deadline for an answer passed yesterday."""
    hearing = hearings.start_hearing(
        application, "missing_accounts", "Det sociale regnskab mangler.", by=handler
    )
    Hearing.objects.filter(pk=hearing.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    return hearing


def fill_stated_enterprise(page, email, founded, employees, revenue) -> None:
    """In a browser: what the applicant states beside the facts from CVR (the purpose is asked
    in the next step, see fill_purpose)."""
    page.get_by_label("Kontakt-e-mail").fill(email)
    page.get_by_label("Stiftelsesår").fill(founded)
    page.get_by_label("Antal ansatte").fill(employees)
    page.get_by_label("Omsætning sidste år (kr.)").fill(revenue)


def fill_purpose(page, purpose, field) -> None:
    """In a browser: the enterprise's purpose, on the purpose step."""
    page.get_by_label("Formål", exact=True).fill(purpose)
    page.get_by_label("Formålsområde").select_option(field)


def assess(application, outcome, note=""):
    for criterion in Criterion.values:
        Assessment.objects.update_or_create(
            application=application,
            criterion=criterion,
            defaults={"outcome": outcome, "note": note},
        )
