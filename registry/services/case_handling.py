"""The case's state machine and the case handlers' moves: taking, asking, assessing, deciding.

Every status change of a case goes through ``move_case``: ``CASE`` (a
``core.state_machine.StateMachine``) checks the move and its guard, the actor's role is
checked, the row is updated only if status *and* version are still what the caller saw (optimistic
locking: two handlers cannot decide one case at once), and a ``CaseEvent`` is recorded.
"""

import datetime as dt
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from core.formats import long_date
from core.mail import send_templated_mail
from core.state_machine import StateMachine, Transition, TransitionNotAllowed
from registry.models import (
    Action,
    Application,
    ApplicationStatus,
    Assessment,
    CaseEvent,
    Criterion,
    DocumentKind,
    LetterKind,
    Outcome,
)
from registry.page_cache import register_changed
from registry.services.decisions import issue_letter
from registry.services.hearings import close_on_deregistration
from registry.services.representatives import may_act_on_case
from registry.steps import STEPS

APPLICANT = "applicant"


HANDLER = "handler"


def _assessments(application: Application) -> list[Assessment]:
    found = {a.criterion: a for a in application.assessments.all()}
    return [found.get(c) or Assessment(application=application, criterion=c) for c in Criterion]


def _why_not_register(application: Application) -> str:
    if any(a.outcome != Outcome.MET for a in _assessments(application)):
        return _("Alle fem kriterier skal være vurderet som opfyldt.")
    return ""


def _why_not_reject(application: Application) -> str:
    assessments = _assessments(application)
    if any(not a.outcome for a in assessments):
        return _("Alle fem kriterier skal være vurderet før en afgørelse.")
    failed = [a for a in assessments if a.outcome != Outcome.MET]
    if not failed:
        return _("Alle kriterier er opfyldt; sagen kan ikke afslås.")
    if any(not a.note.strip() for a in failed):
        return _("Skriv en begrundelse for hvert kriterium, der ikke er opfyldt.")
    return ""


def _why_not_resume(application: Application) -> str:
    due = application.answer_due
    if due is not None and timezone.localdate() <= due:
        return _(
            "Ansøgeren kan svare til og med %(date)s. Derefter kan sagen behandles videre på "
            "det foreliggende grundlag."
        ) % {"date": long_date(due)}
    return ""


def _why_not_submit(application: Application) -> str:
    missing = missing_for_submission(application)
    if missing:
        return _("Ansøgningen mangler: %(list)s.") % {"list": ", ".join(missing)}
    return ""


def _why_not_deregister(application: Application) -> str:
    """The enterprise is heard first (partshøring): it may answer until the deadline."""
    hearing = application.hearings.outstanding().last()
    if hearing is None:
        return _(
            "Virksomheden skal partshøres først: send en partshøring, og vent på svar, "
            "eller til svarfristen er udløbet."
        )
    if hearing.answered_at is None and hearing.deadline >= timezone.localdate():
        return _(
            "Virksomheden kan svare på partshøringen til og med %(date)s. Den kan afregistreres, "
            "når den har svaret, eller fristen er udløbet."
        ) % {"date": long_date(hearing.deadline)}
    return ""


CASE = StateMachine(
    {
        Action.SUBMIT: Transition(
            (ApplicationStatus.DRAFT,),
            ApplicationStatus.SUBMITTED,
            APPLICANT,
            guard=_why_not_submit,
        ),
        Action.TAKE: Transition(
            (ApplicationStatus.SUBMITTED,), ApplicationStatus.UNDER_REVIEW, HANDLER
        ),
        Action.REQUEST_INFORMATION: Transition(
            (ApplicationStatus.UNDER_REVIEW,), ApplicationStatus.AWAITING_APPLICANT, HANDLER
        ),
        Action.ANSWER: Transition(
            (ApplicationStatus.AWAITING_APPLICANT,), ApplicationStatus.UNDER_REVIEW, APPLICANT
        ),
        Action.RESUME: Transition(
            (ApplicationStatus.AWAITING_APPLICANT,),
            ApplicationStatus.UNDER_REVIEW,
            HANDLER,
            guard=_why_not_resume,
        ),
        Action.REGISTER: Transition(
            (ApplicationStatus.UNDER_REVIEW,),
            ApplicationStatus.REGISTERED,
            HANDLER,
            guard=_why_not_register,
        ),
        Action.REJECT: Transition(
            (ApplicationStatus.UNDER_REVIEW,),
            ApplicationStatus.REJECTED,
            HANDLER,
            guard=_why_not_reject,
        ),
        Action.WITHDRAW: Transition(
            (
                ApplicationStatus.DRAFT,
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.UNDER_REVIEW,
                ApplicationStatus.AWAITING_APPLICANT,
            ),
            ApplicationStatus.WITHDRAWN,
            APPLICANT,
        ),
        Action.DEREGISTER: Transition(
            (ApplicationStatus.REGISTERED,),
            ApplicationStatus.DEREGISTERED,
            HANDLER,
            guard=_why_not_deregister,
        ),
        Action.DEREGISTER_VOLUNTARILY: Transition(
            (ApplicationStatus.REGISTERED,), ApplicationStatus.DEREGISTERED, APPLICANT
        ),
    },
    version_field="version",
    refused_message=gettext_lazy("Sagen kan ikke ændres fra status »%(status)s«."),
    concurrent_message=gettext_lazy(
        "Sagen er blevet ændret af en anden, siden du åbnede den. Genindlæs sagen og prøv igen."
    ),
)


def allowed_transitions(application: Application, actor_role: str) -> list[str]:
    """The moves this kind of actor may make from the case's status (guards not yet asked)."""
    return CASE.allowed(application, actor_role)


def _check_actor(application: Application, user, role: str) -> None:
    allowed = roles.is_case_handler(user) if role == HANDLER else may_act_on_case(user, application)
    if not allowed:
        raise PermissionDenied


def move_case(
    application: Application,
    name: str,
    user,
    *,
    expected_version: int | None = None,
    message: str = "",
    extra: dict | None = None,
) -> Application:
    move = CASE.check(application, name)
    _check_actor(application, user, move.actor)
    from_status = CASE.move(application, name, expected_version=expected_version, extra=extra)
    CaseEvent.record(
        application=application,
        by=user,
        action=name,
        from_status=from_status,
        to_status=move.target,
        note=message,
    )
    return application


def mail_applicants(application: Application, template: str, context: dict) -> None:
    """To everyone acting for the enterprise, in the language the case was started in."""
    send_templated_mail(
        f"registry/email/{template}",
        {"application": application, **context},
        application.enterprise.representatives.values_list("email", flat=True),
        language=application.language,
    )


def has_articles(application: Application) -> bool:
    return application.documents.filter(kind=DocumentKind.ARTICLES).exists()


def financial_evidence_kind(application: Application) -> str:
    """The annual report, or for a new enterprise (no annual report yet) a budget with a
    description of its activities: the evidence of significant trade (criterion 2)."""
    return DocumentKind.BUDGET if application.new_enterprise else DocumentKind.ANNUAL_REPORT


def has_financial_evidence(application: Application) -> bool:
    return application.documents.filter(kind=financial_evidence_kind(application)).exists()


def missing_financial_evidence_message(application: Application) -> str:
    if application.new_enterprise:
        return _(
            "Upload et budget med en beskrivelse af virksomhedens aktiviteter og den andel af "
            "indtægterne, de giver."
        )
    return _(
        "Upload virksomhedens seneste årsrapport. Er virksomheden ny og har endnu ingen "
        "årsrapport, så sæt kryds ved »Ny virksomhed« og upload et budget i stedet."
    )


class MissingPart(NamedTuple):
    """Something the application still lacks, and the step (slug) where it is filled in."""

    text: str
    step: str | None


def missing_parts(application: Application) -> list[MissingPart]:
    """What the applicant still has to fill in before the case can be submitted, and where."""
    missing = [
        MissingPart(str(step.title), step.slug)
        for step in STEPS
        if step.required and step.slug not in application.completed_steps
    ]
    if not has_articles(application):
        missing.append(MissingPart(_("Vedtægter (dokument)"), "documents"))
    if not has_financial_evidence(application):
        missing.append(
            MissingPart(
                _("Budget og beskrivelse af aktiviteter (dokument)")
                if application.new_enterprise
                else _("Årsrapport (dokument)"),
                "documents",
            )
        )
    if application.awaits_claim:
        missing.append(
            MissingPart(
                _("En sagsbehandlers godkendelse af, at du må handle for virksomheden"), None
            )
        )
    return missing


def missing_for_submission(application: Application) -> list[str]:
    """What the applicant still has to fill in before the case can be submitted."""
    return [part.text for part in missing_parts(application)]


@transaction.atomic
def take_case(application: Application, *, by, expected_version=None) -> Application:
    application = move_case(
        application,
        Action.TAKE,
        by,
        expected_version=expected_version,
        extra={"handler": by},
    )
    for criterion in Criterion.values:
        Assessment.objects.get_or_create(application=application, criterion=criterion)
    return application


@transaction.atomic
def request_information(
    application: Application, message: str, *, by, expected_version=None
) -> Application:
    if not message.strip():
        raise TransitionNotAllowed(_("Skriv, hvilke oplysninger ansøgeren skal sende."))
    application = move_case(
        application,
        Action.REQUEST_INFORMATION,
        by,
        message=message,
        expected_version=expected_version,
        extra={"paused_since": timezone.now()},  # the four weeks stop until the answer
    )
    mail_applicants(application, "information_request", {"message": message})
    return application


def resumed_clock(application: Application) -> dict:
    """The four weeks run again: the deadline moves by the calendar days the case waited."""
    days = application.days_paused_now
    return {
        "paused_since": None,
        "paused_days": application.paused_days + days,
        "deadline": application.deadline + dt.timedelta(days=days)
        if application.deadline
        else None,
    }


def record_moved_deadline(application: Application, days: int, *, by) -> None:
    """On the case's history, for the applicant too: how long it waited, and the new deadline."""
    if days:
        CaseEvent.record(
            application=application,
            by=by,
            action=Action.DEADLINE_MOVED,
            note=_(
                "Sagen ventede på ansøgerens oplysninger i %(days)s dage. "
                "Ny frist for afgørelse: %(date)s."
            )
            % {
                "days": days,
                "date": long_date(application.deadline),
            },
        )


@transaction.atomic
def resume_without_answer(
    application: Application, message: str, *, by, expected_version=None
) -> Application:
    """The applicant did not answer by the date the request gave: the handler goes on with the
    case on what it holds, and the applicant is told so."""
    if not message.strip():
        raise TransitionNotAllowed(_("Skriv en besked til ansøgeren."))
    waited = application.days_paused_now
    application = move_case(
        application,
        Action.RESUME,
        by,
        message=message,
        expected_version=expected_version,
        extra=resumed_clock(application),
    )
    record_moved_deadline(application, waited, by=by)
    mail_applicants(application, "resumed", {"message": message})
    return application


@transaction.atomic
def add_note(application: Application, text: str, *, by) -> CaseEvent:
    """A case handler's internal note on the case: in its history for the handlers only."""
    if not roles.is_case_handler(by):
        raise PermissionDenied
    if not text.strip():
        raise TransitionNotAllowed(_("Skriv noten."))
    if application.status == ApplicationStatus.DRAFT:
        raise TransitionNotAllowed(_("Der kan ikke skrives noter på en kladde."))
    return CaseEvent.record(
        application=application, by=by, action=Action.NOTE, note=text.strip(), staff_only=True
    )


@transaction.atomic
def save_assessment(assessment: Assessment, *, by) -> Assessment:
    """A case handler's assessment of one criterion, while the case is under review; recorded in
    the case's history for the handlers only."""
    if not roles.is_case_handler(by):
        raise PermissionDenied
    if assessment.application.status != ApplicationStatus.UNDER_REVIEW:
        raise TransitionNotAllowed(
            _("Kriterierne kan kun vurderes, mens sagen er under behandling.")
        )
    assessment.assessed_by = by
    assessment.save()
    outcome = assessment.get_outcome_display() or "-"
    CaseEvent.record(
        application=assessment.application,
        by=by,
        action=Action.ASSESS,
        note=f"{assessment.get_criterion_display()}: {outcome}\n{assessment.note}".strip(),
        staff_only=True,
    )
    return assessment


@transaction.atomic
def register(application: Application, *, by, expected_version=None) -> Application:
    today = timezone.localdate()
    application = move_case(
        application,
        Action.REGISTER,
        by,
        expected_version=expected_version,
        extra={"decided_at": timezone.now()},
    )
    enterprise = application.enterprise
    enterprise.registration_number = application.new_registration_number(today)
    enterprise.registered_on = today
    enterprise.deregistered_on = None
    enterprise.save(update_fields=["registration_number", "registered_on", "deregistered_on"])
    register_changed()
    issue_letter(application, LetterKind.REGISTRATION, by=by)
    mail_applicants(application, "registered", {"enterprise": enterprise})
    return application


@transaction.atomic
def reject(application: Application, *, by, expected_version=None) -> Application:
    CASE.check(application, Action.REJECT)
    failed = [a for a in _assessments(application) if a.outcome != Outcome.MET]
    reasons = "\n".join(f"{a.get_criterion_display()}: {a.note.strip()}" for a in failed)
    application = move_case(
        application,
        Action.REJECT,
        by,
        expected_version=expected_version,
        message=reasons,
        extra={"decided_at": timezone.now()},
    )
    issue_letter(application, LetterKind.REFUSAL, by=by)
    mail_applicants(application, "rejected", {"reasons": failed})
    return application


def _deregister(application, user, name, reason, expected_version) -> Application:
    if not reason.strip():
        raise TransitionNotAllowed(_("Skriv en begrundelse for afregistreringen."))
    application = move_case(
        application, name, user, message=reason, expected_version=expected_version
    )
    enterprise = application.enterprise
    enterprise.deregistered_on = timezone.localdate()
    enterprise.save(update_fields=["deregistered_on"])
    close_on_deregistration(application, by=user)
    register_changed()
    kind = (
        LetterKind.DEREGISTRATION
        if name == Action.DEREGISTER
        else LetterKind.DEREGISTRATION_ON_REQUEST
    )
    issue_letter(application, kind, by=user, reason=reason)
    mail_applicants(application, "deregistered", {"reason": reason})
    return application


@transaction.atomic
def deregister(application: Application, reason: str, *, by, expected_version=None):
    return _deregister(application, by, Action.DEREGISTER, reason, expected_version)


@transaction.atomic
def deregister_voluntarily(application: Application, reason: str, *, by):
    return _deregister(application, by, Action.DEREGISTER_VOLUNTARILY, reason, None)
