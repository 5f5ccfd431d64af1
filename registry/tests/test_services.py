import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from core.state_machine import ConcurrentChange, TransitionNotAllowed
from registry.models import Application, ApplicationStatus, CaseEvent, Outcome
from registry.services import applying, case_handling
from registry.services.case_handling import CASE
from registry.tests.conftest import assess

pytestmark = pytest.mark.django_db

ALL_STATUSES = list(ApplicationStatus)


def run(name, application, handler, applicant):
    """Call the service for a transition, as the role the transition table names."""
    calls = {
        "submit": lambda: applying.submit_application(application, by=applicant),
        "take": lambda: case_handling.take_case(application, by=handler),
        "request_information": lambda: case_handling.request_information(
            application, "?", by=handler
        ),
        "answer": lambda: applying.answer_information_request(application, "Svar", by=applicant),
        "resume": lambda: case_handling.resume_without_answer(application, "Videre", by=handler),
        "register": lambda: case_handling.register(application, by=handler),
        "reject": lambda: case_handling.reject(application, by=handler),
        "withdraw": lambda: applying.withdraw_application(application, by=applicant),
        "deregister": lambda: case_handling.deregister(application, "Grund", by=handler),
        "deregister_voluntarily": lambda: case_handling.deregister_voluntarily(
            application, "Grund", by=applicant
        ),
    }
    return calls[name]()


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_every_illegal_transition_is_refused(status, make_case, handler, applicant):
    application = make_case(status)
    assert application.status == status
    for name, move in CASE.transitions.items():
        if status in move.sources:
            continue
        with pytest.raises(TransitionNotAllowed):
            run(name, application, handler, applicant)
        application.refresh_from_db()
        assert application.status == status


def test_the_happy_path_records_every_change(make_case, handler, applicant, mailbox):
    application = make_case(ApplicationStatus.AWAITING_APPLICANT)
    applying.answer_information_request(application, "Her er årsrapporten.", by=applicant)
    assess(application, Outcome.MET)
    case_handling.register(application, by=handler)

    application.refresh_from_db()
    enterprise = application.enterprise
    assert application.status == ApplicationStatus.REGISTERED
    assert enterprise.is_registered and enterprise.registration_number.startswith("RSV")
    actions = list(application.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("take", "submitted", "under_review"),
        ("request_information", "under_review", "awaiting_applicant"),
        ("answer", "awaiting_applicant", "under_review"),
        ("register", "under_review", "registered"),
    ]
    subjects = [message.subject for message in mailbox()]
    assert any("Ansøgeren har svaret" in s for s in subjects)  # to the handler
    assert any("Kvittering" in s for s in subjects)
    assert any("oplysninger" in s for s in subjects)
    assert any("er registreret" in s for s in subjects)


def test_submission_sets_the_four_week_deadline(make_case):
    application = make_case(ApplicationStatus.SUBMITTED)
    assert (application.deadline - application.submitted_at).days == 28
    assert application.days_left == 28


def test_submission_needs_every_step_and_the_articles(make_case, applicant):
    application = make_case(ApplicationStatus.DRAFT)
    with pytest.raises(TransitionNotAllowed, match="Vedtægter"):
        applying.submit_application(application, by=applicant)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_register_needs_every_criterion_met(make_case, handler):
    application = make_case(ApplicationStatus.UNDER_REVIEW)
    assess(application, Outcome.MET)
    application.assessments.filter(criterion="profit").update(outcome="")
    with pytest.raises(TransitionNotAllowed):
        case_handling.register(application, by=handler)


def test_reject_needs_every_criterion_assessed_and_reasons(make_case, handler, mailbox):
    application = make_case(ApplicationStatus.UNDER_REVIEW)
    with pytest.raises(TransitionNotAllowed, match="vurderet"):
        case_handling.reject(application, by=handler)
    assess(application, Outcome.MET)
    application.assessments.filter(criterion="trade").update(outcome=Outcome.NOT_MET)
    with pytest.raises(TransitionNotAllowed, match="begrundelse"):
        case_handling.reject(application, by=handler)
    application.assessments.filter(criterion="trade").update(note="Under 10 % fra salg.")
    case_handling.reject(application, by=handler)
    assert application.events.last().note.endswith("Under 10 % fra salg.")
    assert "Under 10 % fra salg." in mailbox()[-1].body


def test_applicants_cannot_do_handler_transitions_and_strangers_nothing(
    make_case, applicant, other_user
):
    application = make_case(ApplicationStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        case_handling.take_case(application, by=applicant)
    with pytest.raises(PermissionDenied):
        applying.withdraw_application(application, by=other_user)


def test_a_stale_version_is_refused_so_two_handlers_cannot_decide_at_once(make_case, handler):
    application = make_case(ApplicationStatus.UNDER_REVIEW)
    assess(application, Outcome.MET)
    seen_by_both = application.version
    first = Application.objects.get(pk=application.pk)
    second = Application.objects.get(pk=application.pk)
    case_handling.register(first, expected_version=seen_by_both, by=handler)
    with pytest.raises(ConcurrentChange):
        case_handling.request_information(
            second, "Hvad?", expected_version=seen_by_both, by=handler
        )
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REGISTERED
    assert CaseEvent.objects.filter(application=application, action="register").count() == 1


def test_only_one_active_case_per_cvr(make_case, applicant):
    application = make_case(ApplicationStatus.SUBMITTED)
    with pytest.raises(applying.ActiveCaseExists):
        applying.start_application(
            application.enterprise.cvr, {"name": application.enterprise.name}, by=applicant
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(enterprise=application.enterprise, case_number="X-1")


def test_a_new_application_is_allowed_after_a_rejection(make_case, applicant):
    application = make_case(ApplicationStatus.REJECTED)
    again = applying.start_application(application.enterprise.cvr, {}, by=applicant)
    assert again.status == ApplicationStatus.DRAFT


def test_deregistration_takes_the_enterprise_off_the_register(make_case):
    application = make_case(ApplicationStatus.DEREGISTERED)
    enterprise = application.enterprise
    assert enterprise.deregistered_on is not None
    assert not enterprise.is_registered


def test_answers_cannot_be_changed_after_submission(make_case):
    application = make_case(ApplicationStatus.SUBMITTED)
    with pytest.raises(TransitionNotAllowed):
        applying.save_answers(application, {"trade_income_share": 5})
    assert Application.objects.get(pk=application.pk).trade_income_share == 80


def test_personal_data_export_and_erasure_keep_the_case_history(make_case, applicant):
    from registry.privacy import personal_data

    application = make_case(ApplicationStatus.SUBMITTED)
    data = personal_data(applicant)
    assert data["virksomheder"][0]["cvr"] == application.enterprise.cvr
    assert [row["action"] for row in data["haendelser"]] == ["create", "submit"]
    assert data["dokumenter"][0]["original_name"] == "vedtaegter.pdf"
    applicant.delete()
    application.refresh_from_db()
    assert application.created_by is None and application.events.count() == 2
    assert not application.enterprise.representatives.exists()


def test_mail_to_the_applicants_follows_the_language_the_case_was_started_in(
    make_case, handler, mailbox
):
    from django.utils import translation

    with translation.override("en"):
        english = make_case(ApplicationStatus.SUBMITTED)
    danish = make_case(ApplicationStatus.SUBMITTED)
    assert (english.language, danish.language) == ("en", "da")
    mailbox().clear()
    for application in (english, danish):
        case_handling.take_case(application, by=handler)
        case_handling.request_information(application, "Send årsrapporten.", by=handler)
    sent = {message.subject: message.body for message in mailbox()}
    english_body = next(body for subject, body in sent.items() if english.case_number in subject)
    danish_body = next(body for subject, body in sent.items() if danish.case_number in subject)
    assert f"/en{english.get_absolute_url()}" in english_body
    assert "The case handler needs more information" in english_body
    assert "Sagsbehandleren har brug for flere oplysninger" in danish_body
    assert f"/en{danish.get_absolute_url()}" not in danish_body
    assert danish.get_absolute_url() in danish_body
