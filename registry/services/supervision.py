"""Tilsyn: keeping the register true.

Signals that a registered enterprise may no longer qualify (no trade, late or missing social
accounts, dividends over the cap, a changed legal form or a ceased company in CVR) open a
supervision case per enterprise, or are added to its open one. The handler gives the enterprise a
remedy period (afhjælpningsfrist); then the case is resolved, or leads to a hearing about
deregistration (``hearings``), as the law requires before the authority deregisters.

The enterprise stays registered, and listed in the public register, through the remedy period:
a signal is not a finding. The hearing is the authority's notice that it considers the
enterprise no longer qualifying, and from then until the hearing is closed the public register
does not list it (``Enterprise.objects.in_good_standing``); nor while CVR reports the company
ceased (``compare_with_cvr`` keeps ``Enterprise.cvr_ceased_on``). Detection is idempotent (each
signal is keyed by its source) and runs as a periodic job (registry/jobs.py).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from accounts import roles
from core.formats import long_date
from core.mail import send_templated_mail
from core.state_machine import StateMachine, Transition, TransitionNotAllowed
from registry import cvr
from registry.models import (
    INELIGIBLE_LEGAL_FORMS,
    AccountStatus,
    Action,
    ApplicationStatus,
    CaseEvent,
    Enterprise,
    HearingGround,
    LegalForm,
    SignalKind,
    SocialAccount,
    SupervisionCase,
    SupervisionEvent,
    SupervisionSignal,
    SupervisionStatus,
)
from registry.page_cache import register_changed
from registry.services import hearings

HANDLER = "handler"
REMEDY = "remedy"
RESOLVE = "resolve"
HEARING = "hearing"
# Taken only by ``hearings.close_hearing`` (its own actor, so the supervision page never offers it).
HEARING_CLOSED = "hearing_closed"
CVR_CHECK_INTERVAL = dt.timedelta(days=1)
# A signal's own ground for the hearing; the others are heard as no longer qualifying.
HEARING_GROUNDS = {
    SignalKind.ACCOUNTS_LATE: HearingGround.MISSING_ACCOUNTS,
    SignalKind.DIVIDEND_OVER_CAP: HearingGround.DIVIDEND_BREACH,
}


def _why_not_hearing(case: SupervisionCase) -> str:
    if case.remedy_deadline and case.remedy_deadline >= timezone.localdate():
        return _("Afhjælpningsfristen løber til og med %(date)s.") % {
            "date": long_date(case.remedy_deadline)
        }
    return ""


SUPERVISION = StateMachine(
    {
        REMEDY: Transition((SupervisionStatus.OPENED,), SupervisionStatus.REMEDY, HANDLER),
        RESOLVE: Transition(
            (SupervisionStatus.OPENED, SupervisionStatus.REMEDY),
            SupervisionStatus.RESOLVED,
            HANDLER,
        ),
        HEARING: Transition(
            (SupervisionStatus.REMEDY,),
            SupervisionStatus.HEARING,
            HANDLER,
            guard=_why_not_hearing,
        ),
        HEARING_CLOSED: Transition(
            (SupervisionStatus.HEARING,), SupervisionStatus.RESOLVED, HEARING_CLOSED
        ),
    },
    refused_message=gettext_lazy("Tilsynssagen kan ikke ændres fra status »%(status)s«."),
)


def _move(case, name, by, note, extra=None) -> SupervisionCase:
    if not roles.is_case_handler(by):
        raise PermissionDenied
    if not note.strip():
        raise TransitionNotAllowed(_("Skriv en begrundelse."))
    from_status = SUPERVISION.move(case, name, extra={"handler": by, **(extra or {})})
    SupervisionEvent.record(
        case=case, by=by, from_status=from_status, to_status=case.status, note=note.strip()
    )
    return case


def _registration_case(enterprise: Enterprise):
    return enterprise.applications.filter(status=ApplicationStatus.REGISTERED).first()


@transaction.atomic
def start_remedy(case: SupervisionCase, note: str, *, by) -> SupervisionCase:
    """Tell the enterprise what to put right and by when (the afhjælpningsfrist)."""
    deadline = timezone.localdate() + dt.timedelta(days=settings.SUPERVISION_REMEDY_DAYS)
    case = _move(case, REMEDY, by, note, {"remedy_deadline": deadline})
    registration = _registration_case(case.enterprise)
    if registration is not None:  # "Mine sager" shows the enterprise what it was told
        with override(registration.language):
            told = _("%(note)s\nRet forholdene senest den %(date)s.") % {
                "note": note.strip(),
                "date": long_date(deadline),
            }
        CaseEvent.record(
            application=registration, by=by, action=Action.SUPERVISION_REMEDY, note=told
        )
    send_templated_mail(
        "registry/email/supervision_remedy",
        {"case": case, "note": note.strip()},
        case.enterprise.representatives.values_list("email", flat=True),
        language=registration.language if registration else None,
    )
    return case


@transaction.atomic
def resolve(case: SupervisionCase, note: str, *, by) -> SupervisionCase:
    """Close the case: the enterprise still qualifies. It is told so by mail and on its case
    page if it was given a remedy period; a case closed before that never reached it."""
    told = case.status == SupervisionStatus.REMEDY
    case = _move(case, RESOLVE, by, note, {"closed_at": timezone.now()})
    registration = _registration_case(case.enterprise) if told else None
    if registration is not None:  # the handler's note stays on the supervision case
        with override(registration.language):
            outcome = _("Virksomheden opfylder fortsat kravene. Tilsynssagen er lukket.")
        CaseEvent.record(
            application=registration, by=by, action=Action.SUPERVISION_RESOLVED, note=outcome
        )
        send_templated_mail(
            "registry/email/supervision_resolved",
            {"case": case},
            case.enterprise.representatives.values_list("email", flat=True),
            language=registration.language,
        )
    register_changed()  # /tal/ counts the supervision outcomes
    return case


@transaction.atomic
def send_to_hearing(case: SupervisionCase, notice: str, *, by) -> SupervisionCase:
    """The remedy period has passed without the matter put right: hear the enterprise about
    deregistration."""
    SUPERVISION.check(case, HEARING)
    registration = _registration_case(case.enterprise)
    if registration is None:
        raise TransitionNotAllowed(_("Virksomheden er ikke længere registreret."))
    kinds = [signal.kind for signal in case.signals.all()]
    ground = next(
        (HEARING_GROUNDS[kind] for kind in kinds if kind in HEARING_GROUNDS),
        HearingGround.NO_LONGER_QUALIFIES,
    )
    hearings.start_hearing(registration, ground, notice, by=by, supervision_case=case)
    case = _move(case, HEARING, by, notice, {"closed_at": timezone.now()})
    register_changed()  # /tal/ counts the supervision outcomes
    return case


def resolve_after_hearing(case: SupervisionCase, reason: str, *, by) -> SupervisionCase:
    """The hearing the case led to was closed without deregistration (``hearings.
    close_hearing``, in whose transaction this runs): the case ends resolved."""
    case = _move(case, HEARING_CLOSED, by, reason, {"closed_at": timezone.now()})
    register_changed()  # /tal/ counts the supervision outcomes
    return case


@transaction.atomic
def raise_signal(enterprise: Enterprise, kind: str, key: str, detail: str = ""):
    """Add the signal to the enterprise's open supervision case (opened if there is none);
    None when this signal was raised before."""
    if SupervisionSignal.objects.filter(enterprise=enterprise, kind=kind, key=key).exists():
        return None
    case = SupervisionCase.objects.open().filter(enterprise=enterprise).first()
    if case is None:
        case = SupervisionCase.objects.create(enterprise=enterprise)
        SupervisionEvent.record(
            case=case, to_status=SupervisionStatus.OPENED, note=_("Tilsynssag åbnet")
        )
    signal = SupervisionSignal.objects.create(
        case=case, enterprise=enterprise, kind=kind, key=key, detail=detail
    )
    label = SignalKind(kind).label
    SupervisionEvent.record(case=case, note=f"{label}: {detail}" if detail else str(label))
    return signal


def _registered_accounts():
    return SocialAccount.objects.filter(
        enterprise__registered_on__isnull=False, enterprise__deregistered_on__isnull=True
    ).select_related("enterprise")


def detect_signals(today=None) -> int:
    """Signals from the social accounts; returns how many are new."""
    today = today or timezone.localdate()
    found = []
    latest_approved = (
        _registered_accounts()
        .filter(status=AccountStatus.APPROVED)
        .order_by("enterprise_id", "-financial_year")
        .distinct("enterprise_id")
    )
    for account in latest_approved:
        if account.turnover == 0:
            detail = _("Regnskabsår %(year)s: omsætning 0 kr.") % {"year": account.financial_year}
            found.append((account, SignalKind.NO_TRADE, detail))
    for account in _registered_accounts().outstanding().filter(deadline__lt=today):
        detail = _("Regnskabsår %(year)s, frist %(deadline)s") % {
            "year": account.financial_year,
            "deadline": long_date(account.deadline),
        }
        found.append((account, SignalKind.ACCOUNTS_LATE, detail))
    breaches = _registered_accounts().exclude(dividend_breaches=[])
    for account in breaches.filter(status__in=[AccountStatus.SUBMITTED, AccountStatus.APPROVED]):
        detail = f"{account.financial_year}: " + " ".join(account.dividend_breaches)
        found.append((account, SignalKind.DIVIDEND_OVER_CAP, detail))
    new = [
        raise_signal(account.enterprise, kind, f"account:{account.pk}", detail)
        for account, kind, detail in found
    ]
    return sum(1 for signal in new if signal is not None)


def compare_with_cvr(now=None, limit: int | None = None) -> int:
    """Compare registered enterprises' legal form and status with the CVR register, the
    longest unchecked first, each at most once a day; returns how many signals are new.

    A company CVR does not know is left for the handlers to notice: without CVR_API_URL only
    the fictional companies in registry/data/cvr_local.json are known.
    """
    now = now or timezone.now()
    limit = limit or settings.SUPERVISION_CVR_CHECKS_PER_RUN
    due = (
        Enterprise.objects.registered()
        .exclude(cvr_checked_at__gt=now - CVR_CHECK_INTERVAL)
        .order_by(F("cvr_checked_at").asc(nulls_first=True), "pk")[:limit]
    )
    new = 0
    standing_changed = False
    for enterprise in due:
        try:
            facts = cvr.lookup(enterprise.cvr)
        except cvr.CvrUnavailable:
            break  # tried again on the next run
        if facts is not None and facts.legal_form != enterprise.legal_form:
            detail = _("Registret: %(ours)s. CVR: %(theirs)s.") % {
                "ours": enterprise.legal_form_label,
                "theirs": _form_label(facts),
            }
            key = f"form:{facts.legal_form_text}"
            new += raise_signal(enterprise, SignalKind.CVR_LEGAL_FORM, key, detail) is not None
        if facts is not None and facts.ceased:
            detail = _("Status i CVR: %(status)s") % {"status": facts.status}
            key = f"status:{facts.status}"
            new += raise_signal(enterprise, SignalKind.CVR_CEASED, key, detail) is not None
        ceased_on = _ceased_on(enterprise, facts, now)
        Enterprise.objects.filter(pk=enterprise.pk).update(
            cvr_checked_at=now, cvr_ceased_on=ceased_on
        )
        standing_changed |= ceased_on != enterprise.cvr_ceased_on
    if standing_changed:
        register_changed()  # the register lists only companies CVR does not report ceased
    return new


def _ceased_on(enterprise: Enterprise, facts, now) -> dt.date | None:
    """Since when CVR reports the company ceased; kept when CVR does not know it."""
    if facts is None:
        return enterprise.cvr_ceased_on
    if facts.ceased:
        return enterprise.cvr_ceased_on or timezone.localdate(now)
    return None


def _form_label(facts) -> str:
    if facts.legal_form in LegalForm.values:
        return str(LegalForm(facts.legal_form).label)
    if facts.legal_form in INELIGIBLE_LEGAL_FORMS:
        return str(INELIGIBLE_LEGAL_FORMS[facts.legal_form][0])
    return facts.legal_form_text
