"""The applicant's side of a case: starting, filling in, submitting, withdrawing, answering."""

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.mail import page_language, send_templated_mail
from core.state_machine import TransitionNotAllowed
from registry.answers import answer_sections
from registry.models import (
    DECISION_PERIOD,
    STATED_FIELDS,
    Action,
    Application,
    ApplicationStatus,
    CaseEvent,
    Document,
    Enterprise,
    Representation,
)
from registry.services.case_handling import (
    has_articles,
    has_financial_evidence,
    mail_applicants,
    missing_financial_evidence_message,
    move_case,
    record_moved_deadline,
    resumed_clock,
)
from registry.services.representatives import (
    claim_representation,
    is_representative,
    update_enterprise,
    withdraw_pending_claim,
)
from registry.steps import STEPS


class ActiveCaseExists(Exception):
    """The enterprise already has an active application or registration."""


@transaction.atomic
def start_application(
    cvr: str, enterprise_data: dict, *, by, statement: str = "", evidence=None
) -> Application:
    """Create (or update) the enterprise and a draft case for it.

    A person who may act for the CVR number (a representative, or proved by MitID Erhverv)
    gets an ordinary draft. Anyone else files a pending claim with ``statement`` and
    ``evidence``: their draft awaits a case handler's approval, keeps what it states about the
    enterprise to itself, and locks nobody else out.
    """
    enterprise = Enterprise.objects.select_for_update().filter(cvr=cvr).first()
    created = enterprise is None
    if created:
        try:
            with transaction.atomic():
                enterprise = Enterprise.objects.create(cvr=cvr, **enterprise_data)
        except IntegrityError as error:  # someone else created it a moment ago
            raise ActiveCaseExists from error
    if created:  # whoever proved it with MitID before the enterprise was here acts for it now
        Representation.objects.filter(cvr=cvr).update(enterprise=enterprise)
        enterprise.representatives.add(
            *Representation.objects.approved().filter(cvr=cvr).values_list("user", flat=True)
        )
    if is_representative(by, enterprise):
        if not created:
            update_enterprise(enterprise, enterprise_data)
        application = _new_case(enterprise, by, completed_steps=["enterprise"])
    else:
        application = _new_case(
            enterprise,
            by,
            completed_steps=["enterprise"],
            awaits_claim=True,
            stated_enterprise=_stated(enterprise_data),
        )
        claim_representation(enterprise, statement, evidence, by=by)
    CaseEvent.record(
        application=application,
        by=by,
        action=Action.CREATE,
        to_status=ApplicationStatus.DRAFT,
    )
    return application


def _stated(data: dict) -> dict:
    return {name: data[name] for name in STATED_FIELDS if name in data}


def enterprise_as_stated(application: Application) -> Enterprise:
    """The enterprise as this case's author describes it (unsaved while their claim is pending)."""
    enterprise = application.enterprise
    if not application.awaits_claim:
        return enterprise
    copy = Enterprise.objects.get(pk=enterprise.pk)
    for name, value in application.stated_enterprise.items():
        setattr(copy, name, value)
    return copy


def save_enterprise_step(application: Application, data: dict) -> None:
    """The draft's enterprise step: on the enterprise itself only once the author may act for it."""
    if application.status != ApplicationStatus.DRAFT:
        raise TransitionNotAllowed(_("Ansøgningen er sendt og kan ikke længere ændres."))
    if application.awaits_claim:
        application.stated_enterprise = {**application.stated_enterprise, **_stated(data)}
        application.save(update_fields=["stated_enterprise"])
    else:
        update_enterprise(application.enterprise, data)


def _new_case(enterprise: Enterprise, user, **fields) -> Application:
    """A draft with its case number; ActiveCaseExists if the enterprise already has one."""
    try:
        with transaction.atomic():
            application = Application.objects.create(
                enterprise=enterprise,
                created_by=user,
                case_number=f"tmp-{timezone.now():%f}",
                language=page_language(),
                **fields,
            )
    except IntegrityError as error:
        raise ActiveCaseExists from error
    application.case_number = f"RSV-{timezone.localdate():%Y}-{application.pk:05d}"
    application.save(update_fields=["case_number"])
    return application


# The criterion answers a new application after a rejection starts from.
ANSWER_FIELDS = [field for step in STEPS[1:6] for field in step.form_class.Meta.fields]


REAPPLY_FROM = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


@transaction.atomic
def reapply(previous: Application, *, by) -> Application:
    """Open a new draft for the same enterprise, filled in from a rejected or withdrawn case.

    The answers and documents are copied so the applicant only corrects what the decision was
    about; the one-active-case-per-CVR constraint still decides whether a new case may start.
    """
    if not is_representative(by, previous.enterprise):
        raise PermissionDenied
    if previous.status not in REAPPLY_FROM:
        raise TransitionNotAllowed(
            _("Der kan kun søges igen efter et afslag eller en tilbagetrækning.")
        )
    answers = {name: getattr(previous, name) for name in ANSWER_FIELDS}
    steps = [step for step in previous.completed_steps if step != "summary"]
    application = _new_case(
        previous.enterprise,
        by,
        completed_steps=steps,
        new_enterprise=previous.new_enterprise,  # the budget copied stands in for the report
        **answers,
    )
    for document in previous.documents.all():
        with document.file.open("rb") as stored:
            add_document(
                application, document.kind, File(stored, name=document.original_name), by=by
            )
    CaseEvent.record(
        application=application,
        by=by,
        action=Action.REAPPLY,
        to_status=ApplicationStatus.DRAFT,
        note=_("Udfyldt ud fra sag %(case)s.") % {"case": previous.case_number},
    )
    return application


def save_answers(application: Application, answers: dict) -> None:
    """Save a criterion step's answers, only while the case is still a draft."""
    updated = Application.objects.filter(pk=application.pk, status=ApplicationStatus.DRAFT).update(
        **answers
    )
    if not updated:
        raise TransitionNotAllowed(_("Ansøgningen er sendt og kan ikke længere ændres."))
    for field, value in answers.items():
        setattr(application, field, value)


def save_step(application: Application, step: str) -> Application:
    """Mark a form step as done (the form itself has already saved the row)."""
    if step not in application.completed_steps or step in application.draft_input:
        application.completed_steps = [*dict.fromkeys([*application.completed_steps, step])]
        application.draft_input = {
            name: typed for name, typed in application.draft_input.items() if name != step
        }
        application.save(update_fields=["completed_steps", "draft_input"])
    return application


def save_draft_input(application: Application, step: str, typed: dict) -> None:
    """Keep what was typed on a step that does not yet pass its checks ("Gem og fortsæt senere").

    The step counts as unfinished until it is sent with "Fortsæt" and passes; submitting checks
    every step again.
    """
    if application.status != ApplicationStatus.DRAFT:
        raise TransitionNotAllowed(_("Ansøgningen er sendt og kan ikke længere ændres."))
    application.draft_input = {**application.draft_input, step: typed}
    application.completed_steps = [name for name in application.completed_steps if name != step]
    application.save(update_fields=["draft_input", "completed_steps"])


def add_document(application: Application, kind: str, upload, *, by) -> Document:
    return Document.objects.create(
        application=application,
        kind=kind,
        file=upload,
        original_name=upload.name[:200],
        size=upload.size,
        uploaded_by=by,
    )


def remove_document(application: Application, document_id) -> None:
    """A draft's own document may be removed; the file goes with it."""
    if application.status != ApplicationStatus.DRAFT:
        raise TransitionNotAllowed(_("Ansøgningen er sendt og kan ikke længere ændres."))
    document = (
        application.documents.filter(pk=document_id).first() if str(document_id).isdigit() else None
    )
    if document is not None:
        document.file.delete(save=False)
        document.delete()


# A budget stands in for the annual report only this many years after the founding year.
NEW_ENTERPRISE_YEARS = 1


def set_new_enterprise(application: Application, new_enterprise: bool) -> None:
    """The applicant says the enterprise is new (founded this year or last, no annual report
    yet) and sends a budget instead of the annual report."""
    if application.status != ApplicationStatus.DRAFT:
        raise TransitionNotAllowed(_("Ansøgningen er sendt og kan ikke længere ændres."))
    founded = enterprise_as_stated(application).founded_year
    if new_enterprise and founded < timezone.localdate().year - NEW_ENTERPRISE_YEARS:
        raise TransitionNotAllowed(
            _(
                "Virksomheden er stiftet i %(year)s. Kun en virksomhed stiftet i år eller sidste "
                "år kan sende et budget i stedet for årsrapporten."
            )
            % {"year": founded}
        )
    if application.new_enterprise != new_enterprise:
        application.new_enterprise = new_enterprise
        application.save(update_fields=["new_enterprise"])


def complete_documents_step(application: Application) -> Application:
    """The documents step is done once the articles of association and the annual report (or,
    for a new enterprise, the budget) are uploaded."""
    if not has_articles(application):
        raise TransitionNotAllowed(_("Upload virksomhedens vedtægter, før du går videre."))
    if not has_financial_evidence(application):
        raise TransitionNotAllowed(missing_financial_evidence_message(application))
    return save_step(application, "documents")


@transaction.atomic
def submit_application(application: Application, *, by) -> Application:
    now = timezone.now()
    with override("da"):  # the copy of what was sent, as the applicant read it
        sent = answer_sections(application, enterprise_as_stated(application))
    application = move_case(
        application,
        Action.SUBMIT,
        by,
        extra={
            "submitted_at": now,
            "deadline": now + DECISION_PERIOD,
            "declaration_accepted_at": now,
            "submitted_answers": sent,
        },
    )
    mail_applicants(application, "receipt", {})
    return application


@transaction.atomic
def withdraw_application(application: Application, reason: str = "", *, by) -> Application:
    """A draft held back for a claim takes its pending claim with it out of the handlers' queue."""
    application = move_case(application, Action.WITHDRAW, by, message=reason)
    if application.awaits_claim:
        withdraw_pending_claim(application, by=by)
    return application


@transaction.atomic
def answer_information_request(
    application: Application, text: str, documents: list = (), *, by
) -> Application:
    """The applicant's answer, with documents as (kind, file) pairs: the applicant says what
    each one is, so it is filed under its kind on the case."""
    waited = application.days_paused_now
    application = move_case(
        application, Action.ANSWER, by, message=text, extra=resumed_clock(application)
    )
    record_moved_deadline(application, waited, by=by)
    added = [add_document(application, kind, upload, by=by) for kind, upload in documents]
    if application.handler:  # in the back office's language
        send_templated_mail(
            "registry/email/answered",
            {"application": application, "documents": added},
            [application.handler.email],
        )
    return application
