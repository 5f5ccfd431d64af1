"""Decision letters, the hearing before deregistration, and supervision (tilsyn)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core.state_machine import TransitionNotAllowed
from registry import cvr, letters, selectors
from registry.models import (
    AccountStatus,
    ApplicationStatus,
    Enterprise,
    Hearing,
    LetterKind,
    Outcome,
    SignalKind,
    SocialAccount,
    SupervisionStatus,
)
from registry.services import case_handling, hearings, social_accounts, supervision
from registry.tests.conftest import (
    assess,
    ceased_in_cvr,
    hear_until_deadline_passed,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def _account(enterprise, year=2025, **fields):
    return SocialAccount.objects.create(
        enterprise=enterprise, financial_year=year, deadline=dt.date(year + 1, 5, 31), **fields
    )


# --- The hearing before deregistration ---------------------------------------------------------


def test_deregistration_is_refused_until_a_hearing_was_sent_and_its_deadline_passed(
    make_case, handler
):
    case = make_case(ApplicationStatus.REGISTERED)
    with pytest.raises(TransitionNotAllowed, match="partshøres først"):
        case_handling.deregister(case, "Ingen omsætning.", by=handler)
    hearing = hearings.start_hearing(case, "no_longer_qualifies", "Ingen omsætning.", by=handler)
    assert hearing.deadline == timezone.localdate() + dt.timedelta(days=14)
    with pytest.raises(TransitionNotAllowed, match="til og med"):
        case_handling.deregister(case, "Ingen omsætning.", by=handler)
    Hearing.objects.filter(pk=hearing.pk).update(deadline=timezone.localdate())
    with pytest.raises(TransitionNotAllowed):  # the last day to answer is still the enterprise's
        case_handling.deregister(case, "Ingen omsætning.", by=handler)
    Hearing.objects.filter(pk=hearing.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    case_handling.deregister(case, "Ingen omsætning.", by=handler)
    assert case.status == ApplicationStatus.DEREGISTERED


def test_deregistration_is_allowed_once_the_enterprise_has_answered(
    make_case, handler, applicant, settings
):
    settings.DEREGISTRATION_HEARING_DAYS = 30
    case = make_case(ApplicationStatus.REGISTERED)
    hearing = hearings.start_hearing(case, "dividend_breach", "Udbyttet er for stort.", by=handler)
    assert hearing.deadline == timezone.localdate() + dt.timedelta(days=30)
    hearings.answer_hearing(
        hearing, "Vi betaler det tilbage.", pdf_upload("svar.pdf"), by=applicant
    )
    assert case.events.filter(action="hearing_answered", note="Vi betaler det tilbage.").exists()
    assert case.documents.filter(original_name="svar.pdf").exists()
    with pytest.raises(TransitionNotAllowed, match="allerede besvaret"):
        hearings.answer_hearing(hearing, "Igen.", by=applicant)
    case_handling.deregister(case, "Udbyttet er ikke betalt tilbage.", by=handler)
    letter = case.letters.get(kind=LetterKind.DEREGISTRATION)
    html = letters.render_html(letters.build(case, LetterKind.DEREGISTRATION, reason="x"))
    assert "Vi betaler det tilbage." in html and "§ 2, stk. 3" in html
    assert letter.file.read().startswith(b"%PDF")


def test_each_letter_cites_its_section_or_else_the_law_as_a_whole(make_case, settings):
    settings.REGISTRY_LEGAL_BASIS = settings.REGISTRY_LEGAL_BASIS | {
        "refusal": "§ 2, stk. 2",
        "account_returned": "",
    }
    case = make_case(ApplicationStatus.REGISTERED)
    refusal = letters.render_html(letters.build(case, LetterKind.REFUSAL, reason="x"))
    assert "Afgørelsen er truffet efter § 2, stk. 2 i lov nr. 711" in refusal
    account = SocialAccount(enterprise=case.enterprise, financial_year=2025)
    returned = letters.build(case, LetterKind.ACCOUNT_RETURNED, reason="x", account=account)
    assert "Afgørelsen er truffet efter lov nr. 711" in letters.render_html(returned)


def test_only_a_case_handler_sends_a_hearing_and_only_one_at_a_time(make_case, handler, applicant):
    case = make_case(ApplicationStatus.REGISTERED)
    with pytest.raises(PermissionDenied):
        hearings.start_hearing(case, "missing_accounts", "Mangler.", by=applicant)
    hearing = hearings.start_hearing(case, "missing_accounts", "Mangler.", by=handler)
    # The history the applicant reads gives the deadline as the page does: "11. december 2026".
    deadline = re.search(r"Svarfrist: (.*)$", case.events.last().note).group(1)
    assert re.fullmatch(rf"{hearing.deadline.day}\. [a-z]+ {hearing.deadline.year}", deadline)
    with pytest.raises(TransitionNotAllowed, match="allerede en partshøring"):
        hearings.start_hearing(case, "missing_accounts", "Mangler.", by=handler)


# --- Decision letters ---------------------------------------------------------------------------


def test_every_decision_stores_a_letter_with_basis_reasons_and_complaint_guidance(
    make_case, settings
):
    settings.COMPLAINT_FEE_KR = 4500
    settings.COMPLAINT_DEADLINE_WEEKS = 6
    refused = make_case(ApplicationStatus.REJECTED)
    letter = refused.letters.get()
    assert letter.kind == LetterKind.REFUSAL and letter.file.read().startswith(b"%PDF")
    html = letters.render_html(letters.build(refused, LetterKind.REFUSAL))
    for expected in (
        refused.case_number,
        "Erhvervsstyrelsen",
        "lov nr. 711 af 25. juni 2014",
        "Væsentlig erhvervsmæssig aktivitet:</b> Ikke opfyldt. Salget er for lille.",
        "Erhvervsankenævnet",
        "6 uger",
        "4.500 kr.",
    ):
        assert expected in html
    registered = make_case(ApplicationStatus.REGISTERED)
    assert list(registered.letters.values_list("kind", flat=True)) == [LetterKind.REGISTRATION]
    gone = make_case(ApplicationStatus.DEREGISTERED)
    assert [letter.kind for letter in gone.letters.all()] == [
        LetterKind.REGISTRATION,
        LetterKind.DEREGISTRATION,
    ]


def test_the_letter_is_written_in_the_language_the_case_was_started_in(make_case):
    case = make_case(ApplicationStatus.REJECTED)
    case.language = "en"
    html = letters.render_html(letters.build(case, LetterKind.REFUSAL))
    assert "How to complain" in html and "Sådan klager du" not in html


def test_deregistration_on_request_and_a_returned_account_send_letters(
    make_case, handler, applicant
):
    case = make_case(ApplicationStatus.REGISTERED)
    account = _account(case.enterprise, status=AccountStatus.SUBMITTED)
    social_accounts.review_social_account(
        account, by=handler, approve=False, note="Vederlaget til ledelsen mangler."
    )
    returned = case.letters.get(kind=LetterKind.ACCOUNT_RETURNED)
    assert returned.social_account == account
    html = letters.render_html(
        letters.build(
            case, LetterKind.ACCOUNT_RETURNED, reason=account.review_note, account=account
        )
    )
    assert "Vederlaget til ledelsen mangler." in html and "2025" in html
    case_handling.deregister_voluntarily(case, "Vi lukker.", by=applicant)
    assert case.letters.filter(kind=LetterKind.DEREGISTRATION_ON_REQUEST).exists()


def test_a_letter_is_shown_to_the_representatives_and_case_handlers_only(
    client, make_case, applicant, other_user
):
    case = make_case(ApplicationStatus.REJECTED)
    letter = case.letters.get()
    client.force_login(applicant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert letter.get_absolute_url() in page
    response = client.get(letter.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(other_user)
    assert client.get(letter.get_absolute_url()).status_code == 404


# --- Answering a hearing in "Mine sager" ------------------------------------------------


def test_the_enterprise_answers_a_hearing_from_its_case_page(client, make_case, handler, applicant):
    case = make_case(ApplicationStatus.REGISTERED)
    hearings.start_hearing(case, "missing_accounts", "Regnskabet for 2025 mangler.", by=handler)
    client.force_login(applicant)
    listed = client.get(reverse("registry:my_cases")).content.decode()
    assert "Svar på partshøringen" in listed
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Regnskabet for 2025 mangler." in page and "Send svar på partshøringen" in page
    url = reverse("registry:answer_hearing", args=[case.case_number])
    bad = client.post(url, {"hearing-text": "Her er det.", "hearing-file": pdf_upload("x.txt")})
    assert bad.status_code == 200
    assert "Her er det." in bad.content.decode()  # kept, with the error next to the file
    assert "gyldig fil" in bad.content.decode()
    response = client.post(url, {"hearing-text": "Det er sendt i dag."})
    assert response.status_code == 302
    assert case.hearings.get().answer == "Det er sendt i dag."
    answered = client.get(case.get_absolute_url()).content.decode()
    assert "I svarede den" in answered and "Det er sendt i dag." in answered  # a copy of it


def test_the_handler_previews_the_letter_before_deciding(client, make_case, handler, settings):
    settings.STAFF_MFA_REQUIRED = False
    case = make_case(ApplicationStatus.REGISTERED)
    hear_until_deadline_passed(case, handler)
    client.force_login(handler)
    url = reverse("admin:registry_application_transition", args=[case.pk, "deregister"])
    page = client.get(url).content.decode()
    assert "Forhåndsvisning af afgørelsesbrevet" in page and "Sådan klager du" in page
    preview = client.post(
        url, {"version": case.version, "message": "Regnskabet kom aldrig.", "preview": "1"}
    )
    assert "Regnskabet kom aldrig." in preview.content.decode()
    case.refresh_from_db()
    assert case.status == ApplicationStatus.REGISTERED  # a preview decides nothing


def test_the_registration_letter_previewed_gives_the_number_the_decision_will_give(
    client, make_case, handler, settings
):
    """Not "registreringsnummer None": the enterprise has no number until the decision."""
    settings.STAFF_MFA_REQUIRED = False
    case = make_case(ApplicationStatus.UNDER_REVIEW)
    assess(case, Outcome.MET)
    client.force_login(handler)
    url = reverse("admin:registry_application_transition", args=[case.pk, "register"])
    number = f"RSV{timezone.localdate():%Y}{case.pk:06d}"
    page = client.get(url).content.decode()
    assert f"registreringsnummer {number}." in page and "None" not in page
    case_handling.register(case, by=handler)
    case.enterprise.refresh_from_db()
    assert case.enterprise.registration_number == number
    change = reverse("admin:registry_application_change", args=[case.pk])
    letter_row = client.get(change).content.decode().split('class="field-language_name"')[1]
    assert "<p>Dansk</p>" in letter_row.split("</td>")[0]  # not the code "da"


def test_the_handler_previews_the_letter_returning_a_social_account(
    client, make_case, handler, settings
):
    settings.STAFF_MFA_REQUIRED = False
    case = make_case(ApplicationStatus.REGISTERED)
    account = _account(case.enterprise, status=AccountStatus.SUBMITTED)
    client.force_login(handler)
    url = reverse("admin:registry_socialaccount_review", args=[account.pk, "return"])
    assert "Sådan klager du" in client.get(url).content.decode()
    preview = client.post(url, {"message": "Bestyrelsens vederlag mangler.", "preview": "1"})
    assert "Bestyrelsens vederlag mangler." in preview.content.decode()
    account.refresh_from_db()
    assert account.status == AccountStatus.SUBMITTED  # a preview decides nothing
    client.post(url, {"message": "Bestyrelsens vederlag mangler."})
    account.refresh_from_db()
    assert account.status == AccountStatus.RETURNED


# --- Supervision ---------------------------------------------------------------------------------


def test_signals_open_one_supervision_case_per_enterprise_and_detection_is_idempotent(make_case):
    enterprise = make_case(ApplicationStatus.REGISTERED).enterprise
    _account(enterprise, 2024, status=AccountStatus.APPROVED, turnover=0)
    _account(enterprise, 2025, status=AccountStatus.SUBMITTED, dividend_breaches=["For meget."])
    SocialAccount.objects.create(
        enterprise=enterprise, financial_year=2023, deadline=dt.date(2024, 5, 31)
    )
    assert supervision.detect_signals(dt.date(2026, 11, 1)) == 3
    assert supervision.detect_signals(dt.date(2026, 11, 2)) == 0
    case = enterprise.supervision_cases.get()
    assert case.status == SupervisionStatus.OPENED
    assert set(case.signals.values_list("kind", flat=True)) == {
        SignalKind.NO_TRADE,
        SignalKind.DIVIDEND_OVER_CAP,
        SignalKind.ACCOUNTS_LATE,
    }
    assert case.events.count() == 4  # opened, and one row per signal


def test_a_changed_legal_form_or_a_ceased_company_in_cvr_raises_a_signal(make_case, monkeypatch):
    enterprise = make_case(ApplicationStatus.REGISTERED).enterprise
    record = ceased_in_cvr(enterprise, form="I/S")
    monkeypatch.setattr(cvr, "_local", lambda: {enterprise.cvr: record})
    assert supervision.compare_with_cvr() == 2
    assert supervision.compare_with_cvr() == 0  # checked today already
    later = timezone.now() + dt.timedelta(days=2)
    assert supervision.compare_with_cvr(now=later) == 0  # the same signals are not raised twice
    kinds = set(enterprise.supervision_cases.get().signals.values_list("kind", flat=True))
    assert kinds == {SignalKind.CVR_LEGAL_FORM, SignalKind.CVR_CEASED}


def test_a_supervision_case_gives_a_remedy_period_before_a_hearing(
    make_case, handler, mailbox, settings
):
    settings.SUPERVISION_REMEDY_DAYS = 30
    case = make_case(ApplicationStatus.REGISTERED)
    supervision.raise_signal(case.enterprise, SignalKind.NO_TRADE, "account:1", "0 kr.")
    tilsyn = case.enterprise.supervision_cases.get()
    with pytest.raises(TransitionNotAllowed):
        supervision.send_to_hearing(tilsyn, "Ingen omsætning.", by=handler)
    supervision.start_remedy(tilsyn, "Send dokumentation for salg.", by=handler)
    assert tilsyn.remedy_deadline == timezone.localdate() + dt.timedelta(days=30)
    assert any("Tilsyn" in message.subject for message in mailbox())
    with pytest.raises(TransitionNotAllowed, match="Afhjælpningsfristen"):
        supervision.send_to_hearing(tilsyn, "Ingen omsætning.", by=handler)
    type(tilsyn).objects.filter(pk=tilsyn.pk).update(
        remedy_deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    tilsyn.refresh_from_db()
    supervision.send_to_hearing(tilsyn, "Ingen omsætning i 2025.", by=handler)
    assert tilsyn.status == SupervisionStatus.HEARING
    assert case.hearings.get().ground == "no_longer_qualifies"
    # Still registered until the decision, but no longer listed in the public register.
    assert Enterprise.objects.registered().filter(pk=case.enterprise.pk).exists()
    assert not Enterprise.objects.in_good_standing().filter(pk=case.enterprise.pk).exists()
    assert list(tilsyn.events.values_list("to_status", flat=True)) == [
        "opened",
        "",
        "remedy",
        "hearing",
    ]
    year = timezone.localdate().year
    assert selectors.supervision_outcomes_by_year() == {
        year: {"resolved": 0, "hearing": 1, "deregistered": 0}
    }
    Hearing.objects.update(deadline=timezone.localdate() - dt.timedelta(days=1))
    case_handling.deregister(case, "Ingen omsætning.", by=handler)
    assert selectors.supervision_outcomes_by_year()[year]["deregistered"] == 1


def test_the_enterprise_reads_its_remedy_period_and_the_outcome_but_not_the_signals(
    client, make_case, handler, applicant, settings, mailbox
):
    settings.SUPERVISION_REMEDY_DAYS = 30
    case = make_case(ApplicationStatus.REGISTERED)
    client.force_login(applicant)
    with CaptureQueriesContext(connection) as before:
        client.get(case.get_absolute_url())
    supervision.raise_signal(case.enterprise, SignalKind.NO_TRADE, "account:1", "Omsætning 0 kr.")
    tilsyn = case.enterprise.supervision_cases.get()
    supervision.start_remedy(tilsyn, "Send dokumentation for salg i 2025.", by=handler)
    deadline = date_format(timezone.localdate() + dt.timedelta(days=30), "j. F Y")

    with CaptureQueriesContext(connection) as after:
        page = client.get(case.get_absolute_url()).content.decode()
    assert "Tilsyn: forholdene skal rettes" in page
    assert "Send dokumentation for salg i 2025." in page
    assert f"Ret forholdene senest den {deadline}." in page
    assert "Omsætning 0 kr." not in page and str(SignalKind.NO_TRADE.label) not in page
    assert len(after) == len(before)  # the history is one query, whatever it holds

    supervision.resolve(tilsyn, "Salget er dokumenteret; intern vurdering OK.", by=handler)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Tilsyn: sagen er afsluttet" in page
    assert "Virksomheden opfylder fortsat kravene." in page
    assert "intern vurdering" not in page  # the handler's note stays with the supervision case
    [closed] = [m for m in mailbox() if "er lukket" in m.subject]
    assert "opfylder fortsat kravene" in closed.body and "intern vurdering" not in closed.body


def test_a_supervision_case_closed_before_a_remedy_period_never_reaches_the_enterprise(
    make_case, handler, mailbox
):
    case = make_case(ApplicationStatus.REGISTERED)
    supervision.raise_signal(case.enterprise, SignalKind.NO_TRADE, "account:1", "0 kr.")
    before = case.events.count()
    supervision.resolve(case.enterprise.supervision_cases.get(), "Fejlmelding.", by=handler)
    assert case.events.count() == before
    assert not [m for m in mailbox() if "Tilsyn" in m.subject]


def test_the_sector_figures_count_supervision_outcomes_and_hide_small_ones(
    client, make_case, handler
):
    from registry.numbers import sector_figures

    before = sector_figures(None, None)["supervision"]
    case = make_case(ApplicationStatus.REGISTERED)
    supervision.raise_signal(case.enterprise, SignalKind.NO_TRADE, "account:1", "0 kr.")
    supervision.resolve(case.enterprise.supervision_cases.get(), "Salg dokumenteret.", by=handler)
    year = timezone.localdate().year
    [row] = sector_figures(None, None)["supervision"]  # the cache follows the closing
    assert before == [] and row["year"] == year
    assert row["resolved"] is None and row["suppressed"] == ["resolved"]  # one case: "< 5"
    assert row["hearing"] == 0
    page = client.get(reverse("numbers:index")).content.decode()
    assert "Tilsyn med registret" in page and "&lt; 5" in page
    csv = client.get(reverse("numbers:csv", kwargs={"chart": "tilsyn"})).content.decode()
    assert str(year) in csv and "< 5" in csv


def test_a_deregistered_enterprise_leaves_the_register_and_its_page_says_so(client, make_case):
    gone = make_case(ApplicationStatus.DEREGISTERED).enterprise
    assert gone.name not in client.get(reverse("registry:register")).content.decode()
    page = client.get(gone.get_absolute_url()).content.decode()
    assert "afregistreret den" in page


def test_the_supervision_queue_in_the_admin_offers_only_the_moves_allowed_now(
    client, make_case, handler, settings
):
    settings.STAFF_MFA_REQUIRED = False
    case = make_case(ApplicationStatus.REGISTERED, name="Klit Tekstil ApS")
    supervision.raise_signal(case.enterprise, SignalKind.NO_TRADE, "account:9", "0 kr.")
    tilsyn = case.enterprise.supervision_cases.get()
    client.force_login(handler)
    queue = client.get(reverse("admin:registry_supervisioncase_changelist")).content.decode()
    assert "Klit Tekstil ApS" in queue and "Ingen omsætning" in queue
    page = client.get(reverse("admin:registry_supervisioncase_change", args=[tilsyn.pk]))
    assert "Giv afhjælpningsfrist" in page.content.decode()
    url = reverse("admin:registry_supervisioncase_action", args=[tilsyn.pk, "remedy"])
    empty = client.post(url, {"version": 0, "message": ""})
    assert empty.status_code == 200 and "errorlist" in empty.content.decode()
    client.post(url, {"version": 0, "message": "Send dokumentation for salg."})
    tilsyn.refresh_from_db()
    assert tilsyn.status == SupervisionStatus.REMEDY and tilsyn.handler == handler
    page = client.get(reverse("admin:registry_supervisioncase_change", args=[tilsyn.pk]))
    assert "Afhjælpningsfristen løber til og med" in page.content.decode()
