"""The public register lists only enterprises in good standing (issue 15, a register kept true):
registered, not heard about deregistration, and not reported ceased in CVR."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.state_machine import TransitionNotAllowed
from registry import cvr, selectors
from registry.models import (
    Action,
    ApplicationStatus,
    Enterprise,
    Hearing,
    HearingOutcome,
    SignalKind,
    SocialAccount,
    SupervisionStatus,
)
from registry.services import case_handling, hearings, social_accounts, supervision
from registry.tests.conftest import ceased_in_cvr

pytestmark = pytest.mark.django_db

NAME = "Lyngbakkens Genbrugscafé ApS"


def _public_listings(client, enterprise) -> dict[str, bool]:
    """Where an anonymous reader finds the enterprise, each listing read afresh."""
    municipality = enterprise.municipality
    api = client.get("/api/v1/register/enterprises", {"q": "Lyngbakkens"}).json()
    return {
        "register": NAME in client.get(reverse("registry:register")).content.decode(),
        "search": NAME
        in client.get(reverse("registry:register"), {"q": "Lyngbakkens"}).content.decode(),
        "csv": enterprise.cvr in b"".join(client.get(reverse("registry:register_csv"))).decode(),
        "api": [row["cvr"] for row in api["results"]] == [enterprise.cvr],
        "site search": enterprise.get_absolute_url()
        in client.get("/soeg/", {"q": "Lyngbakkens"}).content.decode(),
        "municipality": NAME
        in client.get(reverse("geography:municipality", args=[municipality.slug])).content.decode(),
        "count": selectors.registered_per_municipality().get(municipality.pk, 0) == 1,
    }


def _listed_everywhere(client, enterprise) -> bool:
    listings = _public_listings(client, enterprise)
    assert len(set(listings.values())) == 1, listings  # every listing agrees
    return all(listings.values())


def test_a_hearing_takes_the_enterprise_off_the_public_listings_until_it_is_closed(
    client, make_case, handler
):
    case = make_case(ApplicationStatus.REGISTERED, name=NAME)
    enterprise = case.enterprise
    assert _listed_everywhere(client, enterprise)

    hearing = hearings.start_hearing(case, "no_longer_qualifies", "Ingen handel.", by=handler)
    assert not _listed_everywhere(client, enterprise)  # the cached pages moved on
    assert Enterprise.objects.registered().filter(pk=enterprise.pk).exists()  # /tal/ counts it

    hearings.close_hearing(hearing, "Handlen er dokumenteret.", by=handler)
    assert _listed_everywhere(client, enterprise)


def test_the_remedy_period_keeps_the_enterprise_listed_a_ceased_company_is_not(
    client, make_case, handler, monkeypatch
):
    case = make_case(ApplicationStatus.REGISTERED, name=NAME)
    enterprise = case.enterprise
    supervision.raise_signal(enterprise, SignalKind.NO_TRADE, "account:1", "0 kr.")
    supervision.start_remedy(
        enterprise.supervision_cases.get(), "Send dokumentation for salg.", by=handler
    )
    assert _listed_everywhere(client, enterprise)  # a signal is not a finding

    record = ceased_in_cvr(enterprise)
    monkeypatch.setattr(cvr, "_local", lambda: {enterprise.cvr: record})
    supervision.compare_with_cvr()
    enterprise.refresh_from_db()
    assert enterprise.cvr_ceased_on == timezone.localdate()
    assert not _listed_everywhere(client, enterprise)

    # CVR reports it active again (a mistaken status, corrected): listed again.
    record["status"] = "NORMAL"
    supervision.compare_with_cvr(now=timezone.now() + dt.timedelta(days=2))
    enterprise.refresh_from_db()
    assert enterprise.cvr_ceased_on is None
    assert _listed_everywhere(client, enterprise)


def test_a_deregistered_enterprise_is_on_no_public_listing(client, make_case, handler):
    case = make_case(ApplicationStatus.REGISTERED, name=NAME)
    hearing = hearings.start_hearing(case, "missing_accounts", "Regnskabet mangler.", by=handler)
    Hearing.objects.filter(pk=hearing.pk).update(deadline=timezone.localdate() - dt.timedelta(1))
    case_handling.deregister(case, "Regnskabet kom aldrig.", by=handler)
    assert not _listed_everywhere(client, case.enterprise)
    hearing.refresh_from_db()  # the decision closed the hearing
    assert hearing.closed_at is not None and hearing.outcome == HearingOutcome.DEREGISTERED


def test_the_page_by_its_address_says_the_registration_is_under_review(
    client, make_case, handler, django_assert_max_num_queries
):
    case = make_case(ApplicationStatus.REGISTERED, name=NAME)
    url = case.enterprise.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'id="under-review"' not in page and "noindex" not in page

    hearings.start_hearing(case, "no_longer_qualifies", "Ingen handel.", by=handler)
    with django_assert_max_num_queries(8):  # the standing is read with the enterprise
        page = client.get(url).content.decode()
    assert 'id="under-review"' in page and '<meta name="robots" content="noindex">' in page
    assert "vises ikke i registrets liste, før sagen er afgjort" in page
    english = client.get(f"/en{url}").content.decode()
    assert "is not shown in the register's list until the case is decided" in english

    record = client.get(f"/api/v1/register/enterprises/{case.enterprise.cvr}").json()
    assert record["cvr"] == case.enterprise.cvr and record["under_review"] is True
    number = case.enterprise.registration_number
    by_number = client.get(f"/api/v1/register/registration-numbers/{number}").json()
    assert by_number["under_review"] is True


def test_only_a_case_handler_closes_a_hearing_and_the_enterprise_is_told(
    client, make_case, handler, applicant, mailbox
):
    case = make_case(ApplicationStatus.REGISTERED, name=NAME)
    hearing = hearings.start_hearing(case, "no_longer_qualifies", "Ingen handel.", by=handler)
    with pytest.raises(PermissionDenied):
        hearings.close_hearing(hearing, "Jeg lukker den selv.", by=applicant)
    with pytest.raises(TransitionNotAllowed, match="Skriv, hvorfor"):
        hearings.close_hearing(hearing, "  ", by=handler)

    hearings.close_hearing(hearing, "Handlen er dokumenteret.", by=handler)
    hearing.refresh_from_db()
    assert hearing.closed_by == handler and hearing.outcome == HearingOutcome.CLOSED
    with pytest.raises(TransitionNotAllowed, match="allerede afsluttet"):
        hearings.close_hearing(hearing, "Igen.", by=handler)
    event = case.events.get(action=Action.HEARING_CLOSED)
    assert event.changed_by == handler and not event.staff_only
    assert event.note == "Handlen er dokumenteret."
    [mail] = [m for m in mailbox() if "forbliver registreret" in m.subject]
    assert "Handlen er dokumenteret." in mail.body and mail.to == [applicant.email]
    # A closed hearing is no ground for deregistering: a new hearing comes first.
    Hearing.objects.filter(pk=hearing.pk).update(deadline=timezone.localdate() - dt.timedelta(1))
    with pytest.raises(TransitionNotAllowed, match="partshøres først"):
        case_handling.deregister(case, "Alligevel.", by=handler)

    client.force_login(applicant)
    mine = client.get(reverse("registry:my_cases")).content.decode()
    assert "Partshøringen er afsluttet uden afregistrering" in mine
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="hearing-closed"' in page and "Handlen er dokumenteret." in page
    assert "Send svar på partshøringen" not in page


def test_closing_a_hearing_from_supervision_resolves_the_supervision_case(make_case, handler):
    case = make_case(ApplicationStatus.REGISTERED, name=NAME)
    supervision.raise_signal(case.enterprise, SignalKind.NO_TRADE, "account:1", "0 kr.")
    tilsyn = case.enterprise.supervision_cases.get()
    supervision.start_remedy(tilsyn, "Send dokumentation.", by=handler)
    type(tilsyn).objects.filter(pk=tilsyn.pk).update(
        remedy_deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    tilsyn.refresh_from_db()
    supervision.send_to_hearing(tilsyn, "Ingen omsætning.", by=handler)
    hearing = case.hearings.get()
    assert hearing.supervision_case == tilsyn

    hearings.close_hearing(hearing, "Omsætningen er dokumenteret.", by=handler)
    tilsyn.refresh_from_db()
    assert tilsyn.status == SupervisionStatus.RESOLVED
    assert tilsyn.events.last().note == "Omsætningen er dokumenteret."
    year = timezone.localdate().year
    assert selectors.supervision_outcomes_by_year()[year] == {
        "resolved": 1,
        "hearing": 0,
        "deregistered": 0,
    }


def test_the_handler_closes_the_hearing_from_the_case_page(
    staff_client, make_case, handler, settings
):
    case = make_case(ApplicationStatus.REGISTERED, name=NAME)
    change = reverse("admin:registry_application_change", args=[case.pk])
    close = reverse("admin:registry_application_close_hearing", args=[case.pk])
    assert close not in staff_client.get(change).content.decode()  # nothing to close yet
    assert staff_client.get(close).status_code == 302
    hearings.start_hearing(case, "no_longer_qualifies", "Ingen handel.", by=handler)
    page = staff_client.get(change).content.decode()
    assert close in page and "Afslut partshøringen uden afregistrering" in page
    empty = staff_client.post(close, {"message": ""})
    assert empty.status_code == 200 and "errorlist" in empty.content.decode()
    done = staff_client.post(close, {"message": "Handlen er dokumenteret."})
    assert done.status_code == 302 and done.url == change
    assert case.hearings.get().outcome == HearingOutcome.CLOSED
    assert reverse("admin:registry_application_hearing", args=[case.pk]) in (
        staff_client.get(change).content.decode()
    )  # a new hearing may be sent


def test_the_overdue_accounts_job_leaves_a_case_whose_hearing_awaits_a_decision(
    make_case, handler, applicant
):
    case = make_case(ApplicationStatus.REGISTERED, name=NAME)
    hearing = hearings.start_hearing(case, "no_longer_qualifies", "Ingen handel.", by=handler)
    hearings.answer_hearing(hearing, "Vi har salg; bilag følger.", by=applicant)
    SocialAccount.objects.create(
        enterprise=case.enterprise, financial_year=2023, deadline=dt.date(2024, 5, 31)
    )
    assert social_accounts.start_deregistration_hearings(dt.date(2026, 11, 1)) == 0
    assert case.hearings.count() == 1
