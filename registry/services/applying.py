"""State changes of the registry: applying, the case state machine and registration.

Every status change of a case goes through ``_transition``: ``CASE`` (a
``vaekstcenter.state_machine.StateMachine``) checks the move and its guard, the actor's role is
checked, the row is updated only if status *and* version are still what the caller saw (optimistic
locking: two handlers cannot decide one case at once), and a ``CaseEvent`` is recorded.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Case, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from accounts.selectors import has_verified_email
from registry import dividends
from registry.models import (
    ACTIVE_STATUSES,
    DECISION_PERIOD,
    STATED_FIELDS,
    AccountStatus,
    Action,
    Application,
    Assessment,
    CaseEvent,
    Criterion,
    Document,
    DocumentKind,
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
from registry.page_cache import register_changed
from registry.steps import STEPS
from vaekstcenter.mail import page_language, send_templated_mail
from vaekstcenter.state_machine import StateMachine, Transition, TransitionNotAllowed

APPLICANT = "applicant"
HANDLER = "handler"


class ActiveCaseExists(Exception):
    """The enterprise already has an active application or registration."""


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


def _why_not_submit(application: Application) -> str:
    missing = missing_for_submission(application)
    if missing:
        return _("Ansøgningen mangler: %(list)s.") % {"list": ", ".join(missing)}
    return ""


CASE = StateMachine(
    {
        Action.SUBMIT: Transition(
            (Status.DRAFT,), Status.SUBMITTED, APPLICANT, guard=_why_not_submit
        ),
        Action.TAKE: Transition((Status.SUBMITTED,), Status.UNDER_REVIEW, HANDLER),
        Action.REQUEST_INFORMATION: Transition(
            (Status.UNDER_REVIEW,), Status.AWAITING_APPLICANT, HANDLER
        ),
        Action.ANSWER: Transition((Status.AWAITING_APPLICANT,), Status.UNDER_REVIEW, APPLICANT),
        Action.REGISTER: Transition(
            (Status.UNDER_REVIEW,), Status.REGISTERED, HANDLER, guard=_why_not_register
        ),
        Action.REJECT: Transition(
            (Status.UNDER_REVIEW,), Status.REJECTED, HANDLER, guard=_why_not_reject
        ),
        Action.WITHDRAW: Transition(
            (Status.DRAFT, Status.SUBMITTED, Status.UNDER_REVIEW, Status.AWAITING_APPLICANT),
            Status.WITHDRAWN,
            APPLICANT,
        ),
        Action.DEREGISTER: Transition((Status.REGISTERED,), Status.DEREGISTERED, HANDLER),
        Action.DEREGISTER_VOLUNTARILY: Transition(
            (Status.REGISTERED,), Status.DEREGISTERED, APPLICANT
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


def is_handler(user) -> bool:
    return bool(
        user.is_authenticated and user.is_staff and user.has_perm("registry.change_application")
    )


def is_representative(user, enterprise: Enterprise) -> bool:
    return user.is_authenticated and enterprise.representatives.filter(pk=user.pk).exists()


def may_act_on_case(user, application: Application) -> bool:
    """A representative of the enterprise, or the author of a draft awaiting their claim."""
    if application.awaits_claim:
        return user.is_authenticated and application.created_by_id == user.pk
    return is_representative(user, application.enterprise)


def may_act_for(user, cvr: str) -> bool:
    """The person may act for the enterprise with this CVR number: one of its representatives,
    or, before the enterprise is known here, proved (MitID Erhverv) to act for the number.

    The one answer for the applying pages and ``start_application`` alike: an approved
    representation whose person staff have since removed does not count.
    """
    enterprise = Enterprise.objects.filter(cvr=cvr).first()
    if enterprise is not None:
        return is_representative(user, enterprise)
    return user.is_authenticated and (
        Representation.objects.approved().filter(user=user, cvr=cvr).exists()
    )


def mitid_cvrs(user) -> list[str]:
    """The CVR numbers MitID Erhverv has proved the person acts for."""
    return list(
        Representation.objects.approved()
        .filter(user=user, source=RepresentationSource.MITID_ERHVERV)
        .values_list("cvr", flat=True)
    )


def _check_actor(application: Application, user, role: str) -> None:
    allowed = is_handler(user) if role == HANDLER else may_act_on_case(user, application)
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


def _mail_applicants(application: Application, template: str, context: dict) -> None:
    """To everyone acting for the enterprise, in the language the case was started in."""
    send_templated_mail(
        f"registry/email/{template}",
        {"application": application, **context},
        application.enterprise.representatives.values_list("email", flat=True),
        language=application.language,
    )


# --- Applying ------------------------------------------------------------------------------


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
        to_status=Status.DRAFT,
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
REAPPLY_FROM = (Status.REJECTED, Status.WITHDRAWN)


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
    application = _new_case(previous.enterprise, by, completed_steps=steps, **answers)
    for document in previous.documents.all():
        with document.file.open("rb") as stored:
            add_document(
                application, document.kind, File(stored, name=document.original_name), by=by
            )
    CaseEvent.record(
        application=application,
        by=by,
        action=Action.REAPPLY,
        to_status=Status.DRAFT,
        note=_("Udfyldt ud fra sag %(case)s.") % {"case": previous.case_number},
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
        raise TransitionNotAllowed(_("Ansøgningen er sendt og kan ikke længere ændres."))
    for field, value in answers.items():
        setattr(application, field, value)


def save_step(application: Application, step: str) -> Application:
    """Mark a form step as done (the form itself has already saved the row)."""
    if step not in application.completed_steps:
        application.completed_steps = [*application.completed_steps, step]
        application.save(update_fields=["completed_steps"])
    return application


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
    if application.status != Status.DRAFT:
        raise TransitionNotAllowed(_("Ansøgningen er sendt og kan ikke længere ændres."))
    document = (
        application.documents.filter(pk=document_id).first() if str(document_id).isdigit() else None
    )
    if document is not None:
        document.file.delete(save=False)
        document.delete()


def _has_articles(application: Application) -> bool:
    return application.documents.filter(kind=DocumentKind.ARTICLES).exists()


def complete_documents_step(application: Application) -> Application:
    """The documents step is done once the enterprise's articles of association are uploaded."""
    if not _has_articles(application):
        raise TransitionNotAllowed(_("Upload virksomhedens vedtægter, før du går videre."))
    return save_step(application, "documents")


def missing_for_submission(application: Application) -> list[str]:
    """What the applicant still has to fill in before the case can be submitted."""
    missing = [
        str(step.title)
        for step in STEPS
        if step.required and step.slug not in application.completed_steps
    ]
    if not _has_articles(application):
        missing.append(_("Vedtægter (dokument)"))
    if application.awaits_claim:
        missing.append(_("En sagsbehandlers godkendelse af, at du må handle for virksomheden"))
    return missing


@transaction.atomic
def submit_application(application: Application, *, by) -> Application:
    now = timezone.now()
    application = _transition(
        application,
        Action.SUBMIT,
        by,
        extra={
            "submitted_at": now,
            "deadline": now + DECISION_PERIOD,
            "declaration_accepted_at": now,
        },
    )
    _mail_applicants(application, "receipt", {})
    return application


@transaction.atomic
def withdraw_application(application: Application, reason: str = "", *, by) -> Application:
    """A draft held back for a claim takes its pending claim with it out of the handlers' queue."""
    application = _transition(application, Action.WITHDRAW, by, message=reason)
    if application.awaits_claim:
        claim = (
            Representation.objects.pending()
            .filter(user=application.created_by, cvr=application.enterprise.cvr)
            .first()  # one open claim per person and CVR number (a constraint)
        )
        if claim:
            _decide(claim, by, "withdraw")
    return application


@transaction.atomic
def answer_information_request(
    application: Application, text: str, uploads: list = (), *, by
) -> Application:
    application = _transition(application, Action.ANSWER, by, message=text)
    for upload in uploads:
        add_document(application, "other", upload, by=by)
    if application.handler:  # in the back office's language
        send_templated_mail(
            "registry/email/answered", {"application": application}, [application.handler.email]
        )
    return application


# --- Case handling -------------------------------------------------------------------------


@transaction.atomic
def take_case(application: Application, *, by, expected_version=None) -> Application:
    application = _transition(
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
    application = _transition(
        application,
        Action.REQUEST_INFORMATION,
        by,
        message=message,
        expected_version=expected_version,
    )
    _mail_applicants(application, "information_request", {"message": message})
    return application


@transaction.atomic
def save_assessment(assessment: Assessment, *, by) -> Assessment:
    """A case handler's assessment of one criterion, while the case is under review; recorded in
    the case's history for the handlers only."""
    if not is_handler(by):
        raise PermissionDenied
    if assessment.application.status != Status.UNDER_REVIEW:
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
    application = _transition(
        application,
        Action.REGISTER,
        by,
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
def reject(application: Application, *, by, expected_version=None) -> Application:
    CASE.check(application, Action.REJECT)
    failed = [a for a in _assessments(application) if a.outcome != Outcome.MET]
    reasons = "\n".join(f"{a.get_criterion_display()}: {a.note.strip()}" for a in failed)
    application = _transition(
        application,
        Action.REJECT,
        by,
        expected_version=expected_version,
        message=reasons,
        extra={"decided_at": timezone.now()},
    )
    _mail_applicants(application, "rejected", {"reasons": failed})
    return application


def _deregister(application, user, name, reason, expected_version) -> Application:
    if not reason.strip():
        raise TransitionNotAllowed(_("Skriv en begrundelse for afregistreringen."))
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
def deregister(application: Application, reason: str, *, by, expected_version=None):
    return _deregister(application, by, Action.DEREGISTER, reason, expected_version)


@transaction.atomic
def deregister_voluntarily(application: Application, reason: str, *, by):
    return _deregister(application, by, Action.DEREGISTER_VOLUNTARILY, reason, None)


# --- After registration --------------------------------------------------------------------

CHANGE_FIELDS = ["name", "address", "postal_code", "city", "municipality", "purpose"]


def registration_case(enterprise: Enterprise) -> Application | None:
    return enterprise.applications.filter(status=Status.REGISTERED).first()


@transaction.atomic
def report_change(enterprise: Enterprise, data: dict, *, by) -> list[str]:
    """Apply a registered enterprise's change of name, address or purpose and record it."""
    if not is_representative(by, enterprise):
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
            CaseEvent.record(application=case, by=by, action=Action.CHANGE, note="\n".join(changes))
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
def submit_social_account(account: SocialAccount, data: dict, *, by) -> SocialAccount:
    if not is_representative(by, account.enterprise):
        raise PermissionDenied
    if account.status not in (AccountStatus.DUE, AccountStatus.RETURNED):
        raise TransitionNotAllowed(_("Regnskabet er allerede indsendt."))
    for field, value in data.items():
        setattr(account, field, value)
    account.dividend_breaches = dividends.breaches(
        account.profit_after_tax, account.dividend_paid, account.paid_in_capital
    )
    account.status = AccountStatus.SUBMITTED
    account.submitted_at = timezone.now()
    account.submitted_by = by
    account.save()
    _record_on_registration(
        account, by, Action.ACCOUNTS_SUBMITTED, "; ".join(account.dividend_breaches)
    )
    return account


@transaction.atomic
def review_social_account(account: SocialAccount, *, by, approve: bool, note: str = ""):
    if not is_handler(by):
        raise PermissionDenied
    if account.status != AccountStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Kun indsendte regnskaber kan gennemgås."))
    if not approve and not note.strip():
        raise TransitionNotAllowed(_("Skriv, hvad virksomheden skal rette."))
    account.status = AccountStatus.APPROVED if approve else AccountStatus.RETURNED
    account.reviewed_at = timezone.now()
    account.reviewed_by = by
    account.review_note = note
    account.save()
    if approve:  # the enterprise's public page shows its latest approved accounts
        register_changed()
    _record_on_registration(account, by, Action.ACCOUNTS_REVIEWED, note)
    _mail_account(account, "account_reviewed")
    return account


def _record_on_registration(account, user, action, message=""):
    case = registration_case(account.enterprise)
    if case:
        CaseEvent.record(
            application=case,
            by=user,
            action=action,
            note=f"{account.financial_year}: {message}" if message else str(account.financial_year),
        )


def _mail_account(account: SocialAccount, template: str) -> None:
    case = registration_case(account.enterprise)
    send_templated_mail(
        f"registry/email/{template}",
        {"account": account},
        account.enterprise.representatives.values_list("email", flat=True),
        language=case.language if case else None,
    )


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
                Action.DEREGISTRATION_OPENED,
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
        CaseEvent.record(application=case, by=user, action=action, note=message)


def record_representatives_changed(enterprise: Enterprise, before: set, after: set, *, by) -> None:
    """Record who staff added or removed as representatives (the admin changes them directly)."""
    for person in sorted(after - before, key=lambda p: p.email):
        _record_on_enterprise(
            enterprise,
            by,
            Action.REPRESENTATIVE_ADDED,
            _("%(email)s handler nu for virksomheden.") % {"email": person.email},
        )
    for person in sorted(before - after, key=lambda p: p.email):
        _end_representations(enterprise, person, by)
        _record_on_enterprise(
            enterprise,
            by,
            Action.REPRESENTATIVE_REMOVED,
            _("%(email)s handler ikke længere for virksomheden.") % {"email": person.email},
        )


def _end_representations(enterprise: Enterprise, person, user) -> None:
    """A person removed from the representatives no longer holds an approved right to act."""
    for representation in Representation.objects.approved().filter(user=person, cvr=enterprise.cvr):
        from_status = REPRESENTATION.move(representation, "end")
        _record_representation(
            representation, user, from_status, _("Fjernet som repræsentant af en sagsbehandler")
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
def invite_representative(enterprise: Enterprise, email: str, *, by) -> Invitation:
    """Invite a person by e-mail to act for the enterprise; the link is valid for 14 days."""
    if not is_representative(by, enterprise):
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
        invited_by=by,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
    )
    _record_on_enterprise(
        enterprise, by, Action.INVITE, _("Invitation sendt til %(email)s.") % {"email": email}
    )
    language = page_language()  # the inviter's: nothing is known of the invited person yet
    with override(language):
        path = reverse("registry:accept_invitation", kwargs={"token": invitation_token(invitation)})
    context = {"invitation": invitation, "link": settings.SITE_URL + path, "inviter": by}
    send_templated_mail("registry/email/invitation", context, [email], language=language)
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by) -> Invitation:
    if not is_representative(by, invitation.enterprise):
        raise PermissionDenied
    now = timezone.now()
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_by=by)
    if not updated:
        raise InvitationError(_("Invitationen er allerede accepteret eller tilbagekaldt."))
    invitation.refresh_from_db()
    _record_on_enterprise(
        invitation.enterprise,
        by,
        Action.INVITATION_REVOKED,
        _("Invitationen til %(email)s er tilbagekaldt.") % {"email": invitation.email},
    )
    return invitation


def may_accept(invitation: Invitation, user) -> bool:
    """Only the person the invitation was sent to: a verified address of theirs must match."""
    return has_verified_email(user, invitation.email)


@transaction.atomic
def accept_invitation(invitation: Invitation, *, by) -> Enterprise:
    if not may_accept(invitation, by):
        raise PermissionDenied
    now = timezone.now()
    updated = Invitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(accepted_at=now, accepted_by=by)
    if not updated:
        raise InvitationError(
            _("Invitationen er udløbet, tilbagekaldt eller allerede brugt. Bed om en ny.")
        )
    enterprise = invitation.enterprise
    record_invited_representation(enterprise, by=by)
    _record_on_enterprise(
        enterprise,
        by,
        Action.REPRESENTATIVE_ADDED,
        _("%(email)s handler nu for virksomheden.") % {"email": invitation.email},
    )
    return enterprise


# --- Who may act for an enterprise: claims and their proof -----------------------------------

# The claim's state machine: a pending claim is decided once, by a case handler; an approved
# one ends when staff remove the person from the enterprise's representatives.
REPRESENTATION = StateMachine(
    {
        "approve": Transition((RepresentationStatus.PENDING,), RepresentationStatus.APPROVED),
        "reject": Transition((RepresentationStatus.PENDING,), RepresentationStatus.REJECTED),
        "withdraw": Transition((RepresentationStatus.PENDING,), RepresentationStatus.WITHDRAWN),
        "end": Transition((RepresentationStatus.APPROVED,), RepresentationStatus.WITHDRAWN),
    },
    refused_message=gettext_lazy("Anmodningen er allerede afgjort (%(status)s)."),
)


class ClaimError(TransitionNotAllowed):
    """The claim cannot be filed or decided; the message says why."""


def _record_representation(representation, user, from_status, note) -> None:
    RepresentationChange.record(
        by=user,
        representation=representation,
        from_status=from_status,
        to_status=representation.status,
        note=note[:300],
    )


def claim_representation(enterprise: Enterprise, statement: str, evidence=None, *, by):
    """File a pending claim to act for the enterprise, with what the person gives as proof."""
    if not statement.strip():
        raise ClaimError(_("Forklar, hvorfor du må handle for virksomheden."))
    representation, created = Representation.objects.get_or_create(
        user=by,
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
        _record_representation(representation, by, "", _("Anmodning indsendt"))
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
def grant_by_mitid(cvr: str, *, by) -> Representation:
    """MitID Erhverv has proved that the person acts for ``cvr``."""
    enterprise = Enterprise.objects.filter(cvr=cvr).first()
    source = RepresentationSource.MITID_ERHVERV
    return _approve_by_proof(by, cvr, enterprise, source, _("Bekræftet med MitID Erhverv"))


def record_invited_representation(enterprise: Enterprise, *, by) -> Representation:
    """An approved representative's invitation is proof enough; the person now acts for it."""
    return _approve_by_proof(
        by,
        enterprise.cvr,
        enterprise,
        RepresentationSource.INVITATION,
        _("Invitation accepteret"),
    )


def _decide(representation, user, name, *, reason="", source=None) -> Representation:
    decision = {"decided_at": timezone.now(), "decided_by": user, "decision_reason": reason}
    from_status = REPRESENTATION.move(
        representation, name, extra={**decision, **({"source": source} if source else {})}
    )
    labels = {
        "approve": _("Godkendt"),
        "reject": _("Afvist: %(reason)s") % {"reason": reason},
        "withdraw": _("Trukket tilbage sammen med ansøgningen"),
    }
    _record_representation(representation, user, from_status, labels[name])
    return representation


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
            _settle_draft(draft, actor, Action.CLAIM_APPROVED, Status.WITHDRAWN, message)
        else:
            message = _("Du kan nu sende ansøgningen.")
            _settle_draft(draft, actor, Action.CLAIM_APPROVED, Status.DRAFT, message)


def _settle_draft(draft: Application, actor, action: str, to_status: str, message: str) -> None:
    """Record the claim's decision on the draft it held back, closing the draft if need be."""
    if to_status != Status.DRAFT:
        Application.objects.filter(pk=draft.pk).update(status=to_status)
    CaseEvent.record(
        application=draft,
        by=actor,
        action=action,
        from_status=Status.DRAFT,
        to_status=to_status,
        note=message,
    )


@transaction.atomic
def approve_representation(representation: Representation, *, by) -> Representation:
    if not is_handler(by):
        raise PermissionDenied
    representation = _decide(representation, by, "approve")
    _make_representative(representation, by)
    _mail_claimant(representation, "claim_approved")
    return representation


@transaction.atomic
def reject_representation(representation: Representation, reason: str, *, by):
    if not is_handler(by):
        raise PermissionDenied
    if not reason.strip():
        raise ClaimError(_("Skriv en begrundelse for afvisningen."))
    representation = _decide(representation, by, "reject", reason=reason.strip())
    for draft in _claim_drafts(representation):
        _settle_draft(draft, by, Action.CLAIM_REJECTED, Status.WITHDRAWN, reason.strip())
    _mail_claimant(representation, "claim_rejected")
    return representation


def _mail_claimant(representation: Representation, template: str) -> None:
    """In the language of the claimant's application, the page they filed the claim from."""
    language = (
        Application.objects.filter(
            created_by=representation.user, enterprise__cvr=representation.cvr
        )
        .order_by("-created_at")
        .values_list("language", flat=True)
        .first()
    )
    send_templated_mail(
        f"registry/email/{template}",
        {"representation": representation},
        [representation.user.email],
        language=language,
    )


def competing_claims(representation: Representation):
    """The other open claims for the same CVR number, for the handler to weigh side by side."""
    return (
        Representation.objects.open()
        .filter(cvr=representation.cvr)
        .exclude(pk=representation.pk)
        .select_related("user")
    )
