"""After registration: reported changes, the yearly social accounts, reminders and escalation."""

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from core.mail import send_templated_mail
from core.state_machine import StateMachine, Transition, TransitionNotAllowed
from registry import dividends
from registry.models import (
    CHANGE_FIELDS,
    AccountStatus,
    Action,
    Application,
    ApplicationStatus,
    CaseEvent,
    Document,
    DocumentKind,
    Enterprise,
    HearingGround,
    LetterKind,
    SocialAccount,
)
from registry.page_cache import register_changed
from registry.services import hearings
from registry.services.decisions import issue_letter
from registry.services.representatives import is_representative

HANDLER = "handler"
APPROVE = "approve"
RETURN = "return"
# A handler's review of a submitted account, one at a time (its admin page) or in bulk.
REVIEW = StateMachine(
    {
        APPROVE: Transition((AccountStatus.SUBMITTED,), AccountStatus.APPROVED, HANDLER),
        RETURN: Transition((AccountStatus.SUBMITTED,), AccountStatus.RETURNED, HANDLER),
    },
    refused_message=gettext_lazy("Kun indsendte regnskaber kan gennemgås."),
)


def registration_case(enterprise: Enterprise) -> Application | None:
    return enterprise.applications.filter(status=ApplicationStatus.REGISTERED).first()


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
        _move_outstanding_deadlines(enterprise)
        register_changed()
        case = registration_case(enterprise)
        if case:
            CaseEvent.record(application=case, by=by, action=Action.CHANGE, note="\n".join(changes))
    return changes


ACCOUNTS_DUE_AFTER_MONTHS = 5


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; a month's last day gives that month's last day (30 June
    → 30 November, 28 February 2023 → 31 July), a day the month lacks its last (31 August + 6
    → 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if day.day == _last_day(day.year, day.month):
        return dt.date(year, month, _last_day(year, month))
    return dt.date(year, month, min(day.day, _last_day(year, month)))


def _move_outstanding_deadlines(enterprise: Enterprise) -> None:
    """Accounts still to be sent are due after the financial year as the enterprise now states it
    (the periodic escalation reads the deadline again)."""
    for account in enterprise.social_accounts.outstanding().filter(escalated_at__isnull=True):
        deadline = accounts_deadline(account.financial_year, enterprise)
        if account.deadline != deadline:
            SocialAccount.objects.filter(pk=account.pk).update(deadline=deadline)


def accounts_deadline(financial_year: int, enterprise: Enterprise | None = None) -> dt.date:
    """The annual report and social account are due five months (calendar months) after the
    end of the financial year: 31 May for a year ending 31 December (the default)."""
    end = (enterprise or Enterprise()).financial_year_end(financial_year)
    return months_after(end, ACCOUNTS_DUE_AFTER_MONTHS)


def last_ended_financial_year(enterprise: Enterprise, today: dt.date) -> int:
    """The financial year (named by the calendar year it ends in) that ended last before today."""
    return today.year if enterprise.financial_year_end(today.year) < today else today.year - 1


def open_due_accounts(today=None) -> int:
    """Create the social account of the financial year that has just ended, for every enterprise
    registered before that year's end (once; one query per distinct financial-year end)."""
    today = today or timezone.localdate()
    registered = Enterprise.objects.registered()
    ends = registered.values_list("financial_year_end_month", "financial_year_end_day").distinct()
    accounts = []
    for month, day in ends:
        pattern = Enterprise(financial_year_end_month=month, financial_year_end_day=day)
        year = last_ended_financial_year(pattern, today)
        missing = (
            registered.filter(
                financial_year_end_month=month,
                financial_year_end_day=day,
                registered_on__lte=pattern.financial_year_end(year),
            )
            .exclude(social_accounts__financial_year=year)
            .values_list("pk", flat=True)
        )
        deadline = accounts_deadline(year, pattern)
        accounts += [
            SocialAccount(enterprise_id=pk, financial_year=year, deadline=deadline)
            for pk in missing
        ]
    created = SocialAccount.objects.bulk_create(accounts, ignore_conflicts=True)
    return len(created)


@transaction.atomic
def submit_social_account(
    account: SocialAccount, data: dict, *, by, annual_report=None
) -> SocialAccount:
    """The social account with the year's annual report (a PDF upload; a returned account keeps
    the one sent before unless a new one comes), filed on the registration case."""
    if not is_representative(by, account.enterprise):
        raise PermissionDenied
    if account.status not in (AccountStatus.DUE, AccountStatus.RETURNED):
        raise TransitionNotAllowed(_("Regnskabet er allerede indsendt."))
    if annual_report is not None:
        account.annual_report = _file_annual_report(account, annual_report, by)
    if account.annual_report is None:
        raise TransitionNotAllowed(_("Vedlæg årsrapporten for regnskabsåret som PDF."))
    for field, value in data.items():
        setattr(account, field, value)
    account.dividend_breaches = dividends.breaches(
        account.profit_after_tax, account.dividend_paid, account.paid_in_capital
    )
    account.status = AccountStatus.SUBMITTED
    account.submitted_at = timezone.now()
    account.submitted_by = by
    account.save()
    register_changed()  # the sector figures count the accounts submitted on time
    _record_on_registration(
        account, by, Action.ACCOUNTS_SUBMITTED, "; ".join(account.dividend_breaches)
    )
    return account


@transaction.atomic
def review_social_account(account: SocialAccount, *, by, approve: bool, note: str = ""):
    if not roles.is_case_handler(by):
        raise PermissionDenied
    REVIEW.check(account, APPROVE if approve else RETURN)
    if not approve and not note.strip():
        raise TransitionNotAllowed(_("Skriv, hvad virksomheden skal rette."))
    REVIEW.move(
        account,
        APPROVE if approve else RETURN,
        extra={"reviewed_at": timezone.now(), "reviewed_by": by, "review_note": note},
    )
    if approve:  # the enterprise's public page shows its latest approved accounts
        register_changed()
    _record_on_registration(account, by, Action.ACCOUNTS_REVIEWED, note)
    case = registration_case(account.enterprise)
    if not approve and case is not None:
        issue_letter(case, LetterKind.ACCOUNT_RETURNED, by=by, reason=note, account=account)
    _mail_account(account, "account_reviewed")
    return account


def _file_annual_report(account: SocialAccount, upload, user) -> Document:
    case = registration_case(account.enterprise)
    if case is None:
        raise TransitionNotAllowed(_("Virksomheden er ikke registreret."))
    return Document.objects.create(
        application=case,
        kind=DocumentKind.ANNUAL_REPORT,
        file=upload,
        original_name=upload.name[:200],
        size=upload.size,
        uploaded_by=user,
    )


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


def start_deregistration_hearings(today=None) -> int:
    """Accounts overdue past the grace period: the enterprise is heard about deregistration
    (the handlers decide once it has answered or the deadline has passed)."""
    today = today or timezone.localdate()
    limit = today - dt.timedelta(days=settings.REGISTRY_ACCOUNTS_GRACE_DAYS)
    started = 0
    overdue = SocialAccount.objects.outstanding().filter(
        deadline__lt=limit, escalated_at__isnull=True, enterprise__deregistered_on__isnull=True
    )
    for account in overdue.select_related("enterprise"):
        case = registration_case(account.enterprise)
        with transaction.atomic():
            SocialAccount.objects.filter(pk=account.pk).update(escalated_at=timezone.now())
            if case is None or hearings.outstanding_hearing(case):
                continue
            notice = _(
                "Det sociale regnskab for %(year)s er ikke indsendt, selv om fristen var den "
                "%(deadline)s. Indsend regnskabet, eller forklar, hvorfor det mangler; ellers kan "
                "virksomheden blive afregistreret."
            ) % {"year": account.financial_year, "deadline": account.deadline.strftime("%d-%m-%Y")}
            hearings.start_hearing(case, HearingGround.MISSING_ACCOUNTS, notice, by=None)
        started += 1
    return started
