"""State changes of the registry: applying, the case state machine and registration.

Every status change goes through ``_transition``: it looks the move up in ``TRANSITIONS``, checks
the actor's role, updates the row only if status *and* version are still what the caller saw
(optimistic locking: two handlers cannot decide one case at once), records a ``CaseEvent`` and
mails the applicants.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Case, F, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from accounts import roles
from accounts.selectors import has_verified_email
from registry import dividends
from registry.models import (
    ACTIVE_STATUSES,
    DECISION_PERIOD,
    STATED_FIELDS,
    AccountStatus,
    Application,
    Assessment,
    CaseEvent,
    Criterion,
    Document,
    Enterprise,
    Invitation,
    Outcome,
    Representation,
    RepresentationChange,
    RepresentationSource,
    RepresentationStatus,
    SocialAccount,
    Status,
)
from registry.selectors import register_changed
from registry.steps import STEPS

APPLICANT = "applicant"
HANDLER = "handler"


class TransitionError(Exception):
    """The move is not allowed from the case's current status, or its preconditions fail."""


class ConcurrentChange(TransitionError):
    """Someone else changed the case since the caller loaded it."""


class ActiveCaseExists(Exception):
    """The enterprise already has an active application or registration."""


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    actor: str
    visible_to_applicant: bool = True


TRANSITIONS = {
    "submit": Transition((Status.DRAFT,), Status.SUBMITTED, APPLICANT),
    "take": Transition((Status.SUBMITTED,), Status.UNDER_REVIEW, HANDLER),
    "request_information": Transition((Status.UNDER_REVIEW,), Status.AWAITING_APPLICANT, HANDLER),
    "answer": Transition((Status.AWAITING_APPLICANT,), Status.UNDER_REVIEW, APPLICANT),
    "register": Transition((Status.UNDER_REVIEW,), Status.REGISTERED, HANDLER),
    "reject": Transition((Status.UNDER_REVIEW,), Status.REJECTED, HANDLER),
    "withdraw": Transition(
        (Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_APPLICANT),
        Status.WITHDRAWN,
        APPLICANT,
    ),
    "deregister": Transition((Status.REGISTERED,), Status.DEREGISTERED, HANDLER),
    "deregister_voluntarily": Transition((Status.REGISTERED,), Status.DEREGISTERED, APPLICANT),
}

ACTION_LABELS = {
    "create": gettext_lazy("Ansøgning oprettet"),
    "submit": gettext_lazy("Ansøgning indsendt"),
    "take": gettext_lazy("Sagen er taget under behandling"),
    "request_information": gettext_lazy("Anmodning om flere oplysninger"),
    "answer": gettext_lazy("Ansøgerens svar"),
    "register": gettext_lazy("Virksomheden er registreret"),
    "reject": gettext_lazy("Ansøgningen er afslået"),
    "withdraw": gettext_lazy("Ansøgningen er trukket tilbage"),
    "deregister": gettext_lazy("Virksomheden er afregistreret"),
    "deregister_voluntarily": gettext_lazy("Virksomheden er afregistreret efter eget ønske"),
    "change": gettext_lazy("Ændring af virksomhedens oplysninger"),
    "accounts_submitted": gettext_lazy("Socialt regnskab indsendt"),
    "accounts_reviewed": gettext_lazy("Socialt regnskab gennemgået"),
    "deregistration_opened": gettext_lazy("Sag om afregistrering åbnet"),
    "invite": gettext_lazy("Invitation sendt"),
    "invitation_revoked": gettext_lazy("Invitation tilbagekaldt"),
    "representative_added": gettext_lazy("Ny repræsentant for virksomheden"),
    "representative_removed": gettext_lazy("Repræsentant fjernet"),
    "reapply": gettext_lazy("Ny ansøgning efter afslag"),
    "claim": gettext_lazy("Anmodning om at handle for virksomheden"),
    "claim_approved": gettext_lazy("Retten til at handle for virksomheden er godkendt"),
    "claim_rejected": gettext_lazy("Retten til at handle for virksomheden er afvist"),
}


def allowed_transitions(application: Application, actor_role: str) -> list[str]:
    return [
        name
        for name, move in TRANSITIONS.items()
        if application.status in move.sources and move.actor == actor_role
    ]


def is_representative(user, enterprise: Enterprise) -> bool:
    return user.is_authenticated and enterprise.representatives.filter(pk=user.pk).exists()


def may_act_on_case(user, application: Application) -> bool:
    """A representative of the enterprise, or the author of a draft awaiting their claim."""
    if application.awaits_claim:
        return user.is_authenticated and application.created_by_id == user.pk
    return is_representative(user, application.enterprise)


def may_act_for(user, cvr: str) -> bool:
    """The person represents the enterprise with this CVR number or has proved they may."""
    return (
        Enterprise.objects.filter(cvr=cvr, representatives=user).exists()
        or Representation.objects.approved().filter(user=user, cvr=cvr).exists()
    )


def mitid_cvrs(user) -> list[str]:
    """The CVR numbers MitID Erhverv has proved the person acts for."""
    return list(
        Representation.objects.approved()
        .filter(user=user, source=RepresentationSource.MITID_ERHVERV)
        .values_list("cvr", flat=True)
    )


def _check_actor(application: Application, user, role: str) -> None:
    allowed = roles.is_case_handler(user) if role == HANDLER else may_act_on_case(user, application)
    if not allowed:
        raise PermissionDenied


def _transition(
    application: Application,
    name: str,
    user,
    *,
    expected_version: int | None = None,
    message: str = "",
    extra: dict | None = None,
) -> Application:
    move = TRANSITIONS[name]
    if application.status not in move.sources:
        raise TransitionError(
            _("Sagen kan ikke ændres fra status »%(status)s«.")
            % {"status": application.get_status_display()}
        )
    _check_actor(application, user, move.actor)
    version = application.version if expected_version is None else expected_version
    changes = {"status": move.target, "version": F("version") + 1, **(extra or {})}
    updated = Application.objects.filter(
        pk=application.pk, version=version, status=application.status
    ).update(**changes)
    if not updated:
        raise ConcurrentChange(
            _(
                "Sagen er blevet ændret af en anden, siden du åbnede den. "
                "Genindlæs sagen og prøv igen."
            )
        )
    from_status = application.status
    application.refresh_from_db()
    CaseEvent.objects.create(
        application=application,
        actor=user,
        action=name,
        from_status=from_status,
        to_status=move.target,
        message=message,
        visible_to_applicant=move.visible_to_applicant,
    )
    return application


def _mail_applicants(application: Application, template: str, context: dict) -> None:
    recipients = list(application.enterprise.representatives.values_list("email", flat=True))
    if not recipients:
        return
    context = {"application": application, "site_url": settings.SITE_URL, **context}
    with override("da"):
        subject = render_to_string(f"registry/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"registry/email/{template}.txt", context)
    send_mail(subject, body, None, recipients)


# --- Applying ------------------------------------------------------------------------------


@transaction.atomic
def start_application(
    user, cvr: str, enterprise_data: dict, *, statement: str = "", evidence=None
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
    if is_representative(user, enterprise):
        if not created:
            update_enterprise(enterprise, enterprise_data)
        application = _new_case(enterprise, user, completed_steps=["enterprise"])
    else:
        application = _new_case(
            enterprise,
            user,
            completed_steps=["enterprise"],
            awaits_claim=True,
            stated_enterprise=_stated(enterprise_data),
        )
        claim_representation(user, enterprise, statement, evidence)
    CaseEvent.objects.create(
        application=application,
        actor=user,
        action="create",
        to_status=Status.DRAFT,
        visible_to_applicant=True,
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
    if application.status != Status.DRAFT:
        raise TransitionError(_("Ansøgningen er sendt og kan ikke længere ændres."))
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
                **fields,
            )
    except IntegrityError as error:
        raise ActiveCaseExists from error
    application.case_number = f"RSV-{timezone.localdate():%Y}-{application.pk:05d}"
    application.save(update_fields=["case_number"])
    return application


# The criterion answers a new application after a rejection starts from.
ANSWER_FIELDS = [field for step in STEPS[1:6] for field in step.form_class.Meta.fields]
REAPPLY_FROM = (Status.REJECTED, Status.WITHDRAWN)


@transaction.atomic
def reapply(previous: Application, user) -> Application:
    """Open a new draft for the same enterprise, filled in from a rejected or withdrawn case.

    The answers and documents are copied so the applicant only corrects what the decision was
    about; the one-active-case-per-CVR constraint still decides whether a new case may start.
    """
    if not is_representative(user, previous.enterprise):
        raise PermissionDenied
    if previous.status not in REAPPLY_FROM:
        raise TransitionError(_("Der kan kun søges igen efter et afslag eller en tilbagetrækning."))
    answers = {name: getattr(previous, name) for name in ANSWER_FIELDS}
    steps = [step for step in previous.completed_steps if step != "summary"]
    application = _new_case(previous.enterprise, user, completed_steps=steps, **answers)
    for document in previous.documents.all():
        with document.file.open("rb") as stored:
            add_document(
                application, user, document.kind, File(stored, name=document.original_name)
            )
    CaseEvent.objects.create(
        application=application,
        actor=user,
        action="reapply",
        to_status=Status.DRAFT,
        message=_("Udfyldt ud fra sag %(case)s.") % {"case": previous.case_number},
    )
    return application


def update_enterprise(enterprise: Enterprise, data: dict) -> Enterprise:
    for field, value in data.items():
        setattr(enterprise, field, value)
    enterprise.save()
    return enterprise


def save_answers(application: Application, answers: dict) -> None:
    """Save a criterion step's answers, only while the case is still a draft."""
    updated = Application.objects.filter(pk=application.pk, status=Status.DRAFT).update(**answers)
    if not updated:
        raise TransitionError(_("Ansøgningen er sendt og kan ikke længere ændres."))
    for field, value in answers.items():
        setattr(application, field, value)


def save_step(application: Application, step: str) -> Application:
    """Mark a form step as done (the form itself has already saved the row)."""
    if step not in application.completed_steps:
        application.completed_steps = [*application.completed_steps, step]
        application.save(update_fields=["completed_steps"])
    return application


def add_document(application: Application, user, kind: str, upload) -> Document:
    return Document.objects.create(
        application=application,
        kind=kind,
        file=upload,
        original_name=upload.name[:200],
        size=upload.size,
        uploaded_by=user,
    )


def remove_document(application: Application, document_id) -> None:
    """A draft's own document may be removed; the file goes with it."""
    if application.status != Status.DRAFT:
        raise TransitionError(_("Ansøgningen er sendt og kan ikke længere ændres."))
    document = (
        application.documents.filter(pk=document_id).first() if str(document_id).isdigit() else None
    )
    if document is not None:
        document.file.delete(save=False)
        document.delete()


def missing_for_submission(application: Application) -> list[str]:
    """What the applicant still has to fill in before the case can be submitted."""
    missing = [
        str(step.title)
        for step in STEPS
        if step.required and step.slug not in application.completed_steps
    ]
    if not application.documents.filter(kind="articles").exists():
        missing.append(_("Vedtægter (dokument)"))
    if application.awaits_claim:
        missing.append(_("En sagsbehandlers godkendelse af, at du må handle for virksomheden"))
    return missing


@transaction.atomic
def submit_application(application: Application, user) -> Application:
    missing = missing_for_submission(application)
    if missing:
        raise TransitionError(_("Ansøgningen mangler: %(list)s.") % {"list": ", ".join(missing)})
    now = timezone.now()
    application = _transition(
        application,
        "submit",
        user,
        extra={
            "submitted_at": now,
            "deadline": now + DECISION_PERIOD,
            "declaration_accepted_at": now,
        },
    )
    _mail_applicants(application, "receipt", {})
    return application


@transaction.atomic
def withdraw_application(application: Application, user, reason: str = "") -> Application:
    """A draft held back for a claim takes its pending claim with it out of the handlers' queue."""
    application = _transition(application, "withdraw", user, message=reason)
    if application.awaits_claim:
        claim = (
            Representation.objects.pending()
            .filter(user=application.created_by, cvr=application.enterprise.cvr)
            .first()  # one open claim per person and CVR number (a constraint)
        )
        if claim:
            _decide(claim, user, "withdraw")
    return application


@transaction.atomic
def answer_information_request(
    application: Application, user, text: str, uploads: list = ()
) -> Application:
    application = _transition(application, "answer", user, message=text)
    for upload in uploads:
        add_document(application, user, "other", upload)
    if application.handler and application.handler.email:
        with override("da"):
            context = {"application": application, "site_url": settings.SITE_URL}
            subject = render_to_string("registry/email/answered_subject.txt", context).strip()
            body = render_to_string("registry/email/answered.txt", context)
        send_mail(subject, body, None, [application.handler.email])
    return application


# --- Case handling -------------------------------------------------------------------------


@transaction.atomic
def take_case(application: Application, handler, *, expected_version=None) -> Application:
    application = _transition(
        application, "take", handler, expected_version=expected_version, extra={"handler": handler}
    )
    for criterion in Criterion.values:
        Assessment.objects.get_or_create(application=application, criterion=criterion)
    return application


@transaction.atomic
def request_information(
    application: Application, handler, message: str, *, expected_version=None
) -> Application:
    if not message.strip():
        raise TransitionError(_("Skriv, hvilke oplysninger ansøgeren skal sende."))
    application = _transition(
        application,
        "request_information",
        handler,
        message=message,
        expected_version=expected_version,
    )
    _mail_applicants(application, "information_request", {"message": message})
    return application


def _assessments(application: Application) -> list[Assessment]:
    found = {a.criterion: a for a in application.assessments.all()}
    return [found.get(c) or Assessment(application=application, criterion=c) for c in Criterion]


@transaction.atomic
def register(application: Application, handler, *, expected_version=None) -> Application:
    assessments = _assessments(application)
    if any(a.outcome != Outcome.MET for a in assessments):
        raise TransitionError(_("Alle fem kriterier skal være vurderet som opfyldt."))
    today = timezone.localdate()
    application = _transition(
        application,
        "register",
        handler,
        expected_version=expected_version,
        extra={"decided_at": timezone.now()},
    )
    enterprise = application.enterprise
    enterprise.registration_number = f"RSV{today:%Y}{application.pk:06d}"
    enterprise.registered_on = today
    enterprise.deregistered_on = None
    enterprise.save(update_fields=["registration_number", "registered_on", "deregistered_on"])
    register_changed()
    _mail_applicants(application, "registered", {"enterprise": enterprise})
    return application


@transaction.atomic
def reject(application: Application, handler, *, expected_version=None) -> Application:
    assessments = _assessments(application)
    if any(not a.outcome for a in assessments):
        raise TransitionError(_("Alle fem kriterier skal være vurderet før en afgørelse."))
    failed = [a for a in assessments if a.outcome != Outcome.MET]
    if not failed:
        raise TransitionError(_("Alle kriterier er opfyldt; sagen kan ikke afslås."))
    if any(not a.note.strip() for a in failed):
        raise TransitionError(_("Skriv en begrundelse for hvert kriterium, der ikke er opfyldt."))
    reasons = "\n".join(f"{a.get_criterion_display()}: {a.note.strip()}" for a in failed)
    application = _transition(
        application,
        "reject",
        handler,
        expected_version=expected_version,
        message=reasons,
        extra={"decided_at": timezone.now()},
    )
    _mail_applicants(application, "rejected", {"reasons": failed})
    return application


def _deregister(application, user, name, reason, expected_version) -> Application:
    if not reason.strip():
        raise TransitionError(_("Skriv en begrundelse for afregistreringen."))
    application = _transition(
        application, name, user, message=reason, expected_version=expected_version
    )
    enterprise = application.enterprise
    enterprise.deregistered_on = timezone.localdate()
    enterprise.save(update_fields=["deregistered_on"])
    register_changed()
    _mail_applicants(application, "deregistered", {"reason": reason})
    return application


@transaction.atomic
def deregister(application: Application, handler, reason: str, *, expected_version=None):
    return _deregister(application, handler, "deregister", reason, expected_version)


@transaction.atomic
def deregister_voluntarily(application: Application, user, reason: str):
    return _deregister(application, user, "deregister_voluntarily", reason, None)


# --- After registration --------------------------------------------------------------------

CHANGE_FIELDS = ["name", "address", "postal_code", "city", "municipality", "purpose"]


def registration_case(enterprise: Enterprise) -> Application | None:
    return enterprise.applications.filter(status=Status.REGISTERED).first()


@transaction.atomic
def report_change(enterprise: Enterprise, user, data: dict) -> list[str]:
    """Apply a registered enterprise's change of name, address or purpose and record it."""
    if not is_representative(user, enterprise):
        raise PermissionDenied
    changes = []
    for field in CHANGE_FIELDS:
        old, new = getattr(enterprise, field), data.get(field, getattr(enterprise, field))
        if old != new:
            label = Enterprise._meta.get_field(field).verbose_name
            changes.append(f"{label}: {old} → {new}")
            setattr(enterprise, field, new)
    if changes:
        enterprise.save()
        register_changed()
        case = registration_case(enterprise)
        if case:
            CaseEvent.objects.create(
                application=case, actor=user, action="change", message="\n".join(changes)
            )
    return changes


def accounts_deadline(financial_year: int):
    """The annual report is due within 5 months of the financial year's end (31 May)."""
    return dt.date(financial_year + 1, 5, 31)


def open_due_accounts(today=None) -> int:
    """Create last year's social accounts for every enterprise registered during or before it."""
    today = today or timezone.localdate()
    year = today.year - 1
    missing = (
        Enterprise.objects.registered()
        .filter(registered_on__year__lte=year)
        .exclude(social_accounts__financial_year=year)
        .values_list("pk", flat=True)
    )
    created = SocialAccount.objects.bulk_create(
        [
            SocialAccount(enterprise_id=pk, financial_year=year, deadline=accounts_deadline(year))
            for pk in missing
        ],
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def submit_social_account(account: SocialAccount, user, data: dict) -> SocialAccount:
    if not is_representative(user, account.enterprise):
        raise PermissionDenied
    if account.status not in (AccountStatus.DUE, AccountStatus.RETURNED):
        raise TransitionError(_("Regnskabet er allerede indsendt."))
    for field, value in data.items():
        setattr(account, field, value)
    account.dividend_breaches = dividends.breaches(
        account.profit_after_tax, account.dividend_paid, account.paid_in_capital
    )
    account.status = AccountStatus.SUBMITTED
    account.submitted_at = timezone.now()
    account.submitted_by = user
    account.save()
    _record_on_registration(
        account, user, "accounts_submitted", "; ".join(account.dividend_breaches)
    )
    return account


@transaction.atomic
def review_social_account(account: SocialAccount, handler, *, approve: bool, note: str = ""):
    if not roles.is_case_handler(handler):
        raise PermissionDenied
    if account.status != AccountStatus.SUBMITTED:
        raise TransitionError(_("Kun indsendte regnskaber kan gennemgås."))
    if not approve and not note.strip():
        raise TransitionError(_("Skriv, hvad virksomheden skal rette."))
    account.status = AccountStatus.APPROVED if approve else AccountStatus.RETURNED
    account.reviewed_at = timezone.now()
    account.reviewed_by = handler
    account.review_note = note
    account.save()
    if approve:  # the enterprise's public page shows its latest approved accounts
        register_changed()
    _record_on_registration(account, handler, "accounts_reviewed", note)
    _mail_account(account, "account_reviewed")
    return account


def _record_on_registration(account, user, action, message=""):
    case = registration_case(account.enterprise)
    if case:
        CaseEvent.objects.create(
            application=case,
            actor=user,
            action=action,
            message=f"{account.financial_year}: {message}"
            if message
            else str(account.financial_year),
        )


def _mail_account(account: SocialAccount, template: str) -> None:
    recipients = list(account.enterprise.representatives.values_list("email", flat=True))
    if not recipients:
        return
    context = {"account": account, "site_url": settings.SITE_URL}
    with override("da"):
        subject = render_to_string(f"registry/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"registry/email/{template}.txt", context)
    send_mail(subject, body, None, recipients)


REMINDER_BEFORE_DAYS = 30


def send_account_reminders(today=None) -> int:
    """Remind enterprises a month before the deadline and again once it has passed."""
    today = today or timezone.localdate()
    sent = 0
    outstanding = SocialAccount.objects.outstanding().select_related("enterprise")
    before = outstanding.filter(
        reminder_before_sent_at__isnull=True,
        deadline__lte=today + dt.timedelta(days=REMINDER_BEFORE_DAYS),
        deadline__gte=today,
    )
    for account in before:
        _mail_account(account, "account_reminder")
        SocialAccount.objects.filter(pk=account.pk).update(reminder_before_sent_at=timezone.now())
        sent += 1
    for account in outstanding.filter(reminder_after_sent_at__isnull=True, deadline__lt=today):
        _mail_account(account, "account_overdue")
        SocialAccount.objects.filter(pk=account.pk).update(reminder_after_sent_at=timezone.now())
        sent += 1
    return sent


def open_deregistration_cases(today=None) -> int:
    """Accounts overdue past the grace period open a deregistration case for the handlers."""
    today = today or timezone.localdate()
    limit = today - dt.timedelta(days=settings.REGISTRY_ACCOUNTS_GRACE_DAYS)
    opened = 0
    overdue = SocialAccount.objects.outstanding().filter(
        deadline__lt=limit, escalated_at__isnull=True, enterprise__deregistered_on__isnull=True
    )
    for account in overdue.select_related("enterprise"):
        with transaction.atomic():
            SocialAccount.objects.filter(pk=account.pk).update(escalated_at=timezone.now())
            _record_on_registration(
                account,
                None,
                "deregistration_opened",
                _("Det sociale regnskab er ikke indsendt inden for fristen."),
            )
            _mail_account(account, "account_deregistration")
        opened += 1
    return opened


# --- Representatives -----------------------------------------------------------------------

INVITATION_VALIDITY = dt.timedelta(days=14)
_INVITATION_SALT = "registry.invitation"


class InvitationError(Exception):
    """The invitation cannot be sent, accepted or revoked; the message says why."""


def history_case(enterprise: Enterprise) -> Application | None:
    """The case that carries the enterprise's history: the active one, else the latest."""
    return (
        enterprise.applications.annotate(
            active=Case(When(status__in=ACTIVE_STATUSES, then=0), default=1)
        )
        .order_by("active", "-created_at")
        .first()
    )


def _record_on_enterprise(enterprise: Enterprise, user, action: str, message: str) -> None:
    case = history_case(enterprise)
    if case:
        CaseEvent.objects.create(application=case, actor=user, action=action, message=message)


def record_representatives_changed(enterprise: Enterprise, user, before: set, after: set) -> None:
    """Record who staff added or removed as representatives (the admin changes them directly)."""
    for person in sorted(after - before, key=lambda p: p.email):
        _record_on_enterprise(
            enterprise,
            user,
            "representative_added",
            _("%(email)s handler nu for virksomheden.") % {"email": person.email},
        )
    for person in sorted(before - after, key=lambda p: p.email):
        _record_on_enterprise(
            enterprise,
            user,
            "representative_removed",
            _("%(email)s handler ikke længere for virksomheden.") % {"email": person.email},
        )


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=_INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link points to; None for a forged or damaged link.

    Expiry is the invitation's own ``expires_at`` (checked on acceptance), so an old link
    still finds its invitation and the person is told it has expired.
    """
    try:
        pk = signing.loads(token, salt=_INVITATION_SALT)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("enterprise", "invited_by").filter(pk=pk).first()


@transaction.atomic
def invite_representative(enterprise: Enterprise, user, email: str) -> Invitation:
    """Invite a person by e-mail to act for the enterprise; the link is valid for 14 days."""
    if not is_representative(user, enterprise):
        raise PermissionDenied
    email = email.strip()
    if enterprise.representatives.filter(email__iexact=email).exists():
        raise InvitationError(_("Personen handler allerede for virksomheden."))
    if enterprise.invitations.pending().filter(email__iexact=email).exists():
        raise InvitationError(_("Der er allerede sendt en invitation til den e-mail-adresse."))
    now = timezone.now()
    invitation = Invitation.objects.create(
        enterprise=enterprise,
        email=email,
        invited_by=user,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
    )
    _record_on_enterprise(
        enterprise, user, "invite", _("Invitation sendt til %(email)s.") % {"email": email}
    )
    with override("da"):
        path = reverse("registry:accept_invitation", kwargs={"token": invitation_token(invitation)})
        context = {"invitation": invitation, "link": settings.SITE_URL + path, "inviter": user}
        subject = render_to_string("registry/email/invitation_subject.txt", context).strip()
        body = render_to_string("registry/email/invitation.txt", context)
    send_mail(subject, body, None, [email])
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, user) -> Invitation:
    if not is_representative(user, invitation.enterprise):
        raise PermissionDenied
    now = timezone.now()
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_by=user)
    if not updated:
        raise InvitationError(_("Invitationen er allerede accepteret eller tilbagekaldt."))
    invitation.refresh_from_db()
    _record_on_enterprise(
        invitation.enterprise,
        user,
        "invitation_revoked",
        _("Invitationen til %(email)s er tilbagekaldt.") % {"email": invitation.email},
    )
    return invitation


def may_accept(invitation: Invitation, user) -> bool:
    """Only the person the invitation was sent to: a verified address of theirs must match."""
    return has_verified_email(user, invitation.email)


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> Enterprise:
    if not may_accept(invitation, user):
        raise PermissionDenied
    now = timezone.now()
    updated = Invitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(accepted_at=now, accepted_by=user)
    if not updated:
        raise InvitationError(
            _("Invitationen er udløbet, tilbagekaldt eller allerede brugt. Bed om en ny.")
        )
    enterprise = invitation.enterprise
    record_invited_representation(user, enterprise)
    _record_on_enterprise(
        enterprise,
        user,
        "representative_added",
        _("%(email)s handler nu for virksomheden.") % {"email": invitation.email},
    )
    return enterprise


# --- Who may act for an enterprise: claims and their proof -----------------------------------

# The claim's state machine: a pending claim is decided once, by a case handler.
REPRESENTATION_TRANSITIONS = {
    "approve": ((RepresentationStatus.PENDING,), RepresentationStatus.APPROVED),
    "reject": ((RepresentationStatus.PENDING,), RepresentationStatus.REJECTED),
    "withdraw": ((RepresentationStatus.PENDING,), RepresentationStatus.WITHDRAWN),
}


class ClaimError(Exception):
    """The claim cannot be filed or decided; the message says why."""


def _record_representation(representation, user, from_status, note) -> None:
    RepresentationChange.record(
        by=user,
        representation=representation,
        from_status=from_status,
        to_status=representation.status,
        note=note[:300],
    )


def claim_representation(user, enterprise: Enterprise, statement: str, evidence=None):
    """File a pending claim to act for the enterprise, with what the person gives as proof."""
    if not statement.strip():
        raise ClaimError(_("Forklar, hvorfor du må handle for virksomheden."))
    representation, created = Representation.objects.get_or_create(
        user=user,
        cvr=enterprise.cvr,
        status=RepresentationStatus.PENDING,
        defaults={
            "enterprise": enterprise,
            "source": RepresentationSource.CLAIM,
            "statement": statement.strip(),
            "evidence": evidence or "",
            "evidence_name": (evidence.name[:200] if evidence else ""),
        },
    )
    if created:
        _record_representation(representation, user, "", _("Anmodning indsendt"))
    return representation


def _approve_by_proof(user, cvr, enterprise, source, note) -> Representation:
    """Proof that needs no case handler: approved at once, settling a pending claim."""
    representation = (
        Representation.objects.select_for_update().open().filter(user=user, cvr=cvr).first()
    )
    if representation is None:
        representation = Representation.objects.create(
            user=user,
            cvr=cvr,
            enterprise=enterprise,
            source=source,
            status=RepresentationStatus.APPROVED,
            decided_at=timezone.now(),
        )
        _record_representation(representation, user, "", note)
    elif representation.status == RepresentationStatus.PENDING:
        representation = _decide(representation, user, "approve", source=source)
    if enterprise is not None:
        if representation.enterprise_id is None:
            representation.enterprise = enterprise
            representation.save(update_fields=["enterprise"])
        _make_representative(representation, user)
    return representation


@transaction.atomic
def grant_by_mitid(user, cvr: str) -> Representation:
    """MitID Erhverv has proved that the person acts for ``cvr``."""
    enterprise = Enterprise.objects.filter(cvr=cvr).first()
    source = RepresentationSource.MITID_ERHVERV
    return _approve_by_proof(user, cvr, enterprise, source, _("Bekræftet med MitID Erhverv"))


def record_invited_representation(user, enterprise: Enterprise) -> Representation:
    """An approved representative's invitation is proof enough; the person now acts for it."""
    return _approve_by_proof(
        user,
        enterprise.cvr,
        enterprise,
        RepresentationSource.INVITATION,
        _("Invitation accepteret"),
    )


def _decide(representation, user, name, *, reason="", source=None) -> Representation:
    sources, target = REPRESENTATION_TRANSITIONS[name]
    locked = Representation.objects.select_for_update().get(pk=representation.pk)
    if locked.status not in sources:
        raise ClaimError(
            _("Anmodningen er allerede afgjort (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    from_status = locked.status
    locked.status = target
    locked.decided_at = timezone.now()
    locked.decided_by = user
    locked.decision_reason = reason
    if source:
        locked.source = source
    locked.save()
    labels = {
        "approve": _("Godkendt"),
        "reject": _("Afvist: %(reason)s") % {"reason": reason},
        "withdraw": _("Trukket tilbage sammen med ansøgningen"),
    }
    label = labels[name]
    _record_representation(locked, user, from_status, label)
    return locked


def _claim_drafts(representation):
    return Application.objects.select_for_update().filter(
        enterprise=representation.enterprise,
        created_by=representation.user,
        awaits_claim=True,
        status=Status.DRAFT,
    )


def _make_representative(representation: Representation, actor) -> None:
    """The person now acts for the enterprise; their drafts become the enterprise's own."""
    enterprise = representation.enterprise
    enterprise.representatives.add(representation.user)
    for draft in _claim_drafts(representation):
        try:
            with transaction.atomic():
                update_enterprise(enterprise, draft.stated_enterprise)
                Application.objects.filter(pk=draft.pk).update(awaits_claim=False)
        except IntegrityError:  # the enterprise already has an active case of its own
            message = _(
                "Virksomheden har allerede en aktiv sag, som du nu kan finde under Mine sager; "
                "denne kladde er lukket."
            )
            _settle_draft(draft, actor, "claim_approved", Status.WITHDRAWN, message)
        else:
            message = _("Du kan nu sende ansøgningen.")
            _settle_draft(draft, actor, "claim_approved", Status.DRAFT, message)


def _settle_draft(draft: Application, actor, action: str, to_status: str, message: str) -> None:
    """Record the claim's decision on the draft it held back, closing the draft if need be."""
    if to_status != Status.DRAFT:
        Application.objects.filter(pk=draft.pk).update(status=to_status)
    CaseEvent.objects.create(
        application=draft,
        actor=actor,
        action=action,
        from_status=Status.DRAFT,
        to_status=to_status,
        message=message,
    )


@transaction.atomic
def approve_representation(representation: Representation, handler) -> Representation:
    if not roles.is_case_handler(handler):
        raise PermissionDenied
    representation = _decide(representation, handler, "approve")
    _make_representative(representation, handler)
    _mail_claimant(representation, "claim_approved")
    return representation


@transaction.atomic
def reject_representation(representation: Representation, handler, reason: str):
    if not roles.is_case_handler(handler):
        raise PermissionDenied
    if not reason.strip():
        raise ClaimError(_("Skriv en begrundelse for afvisningen."))
    representation = _decide(representation, handler, "reject", reason=reason.strip())
    for draft in _claim_drafts(representation):
        _settle_draft(draft, handler, "claim_rejected", Status.WITHDRAWN, reason.strip())
    _mail_claimant(representation, "claim_rejected")
    return representation


def _mail_claimant(representation: Representation, template: str) -> None:
    context = {"representation": representation, "site_url": settings.SITE_URL}
    with override("da"):
        subject = render_to_string(f"registry/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"registry/email/{template}.txt", context)
    send_mail(subject, body, None, [representation.user.email])


def competing_claims(representation: Representation):
    """The other open claims for the same CVR number, for the handler to weigh side by side."""
    return (
        Representation.objects.open()
        .filter(cvr=representation.cvr)
        .exclude(pk=representation.pk)
        .select_related("user")
    )
