"""The admin's front page opens on the signed-in staff member's own work across the apps.

Each app's selectors give a work list (its first rows and how many there are, one query each,
``core.desk``); this module, which may know every app, picks the lists the user's roles may see
and turns them into table rows linking to each item's admin page. The admin's own app list stays
below.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import roles
from core.desk import WorkList
from core.workdays import working_days_between
from events import selectors as events_selectors
from guidance import selectors as guidance_selectors
from network import selectors as network_selectors
from portal import selectors as portal_selectors
from registry import selectors as registry_selectors

NOTHING = "\N{EN DASH}"  # an empty cell, as the site's tables show it


@dataclass
class Row:
    label: str
    url: str
    cells: list[str]
    overdue: bool = False


@dataclass
class Section:
    key: str
    title: str
    total: int
    columns: list[str]  # the first is the column of links to the items
    rows: list[Row]
    list_url: str
    empty: str  # said instead of an empty table

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


def section(key, title, work: WorkList, columns, row: Callable, list_url, empty) -> Section:
    """A section of ``work``, each item made a table row by ``row``."""
    rows = [row(item) for item in work.rows]
    return Section(key, title, work.total, columns, rows, list_url, empty)


def with_staff_desk(index):
    """Wrap ``AdminSite.index`` so its page gets the user's work (``desk`` in the context)."""

    @wraps(index)
    def view(request, extra_context=None):
        return index(request, extra_context={**(extra_context or {}), "desk": desk(request.user)})

    return view


def desk(user) -> list[Section]:
    """The sections the user's roles may see, in the order of the day's work."""
    sections = []
    if roles.is_case_handler(user):
        sections += case_handler_sections(user, registry_selectors.handler_desk(user))
    if roles.is_adviser(user):
        sections += adviser_sections(user, guidance_selectors.adviser_desk(user))
    if roles.is_editor(user):
        sections.append(articles_section(portal_selectors.articles_awaiting_review()))
    if user.has_perm("network.change_profile"):
        sections.append(profiles_section(network_selectors.profiles_awaiting_review()))
    if user.has_perm("events.view_event"):
        sections.append(events_section(events_selectors.events_of_the_week()))
    return sections


def _admin_url(name: str, *args, **query) -> str:
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def days_left_text(days: int | None, *, working: bool = False) -> str:
    if days is None:
        return _("Ingen frist")
    if days == 0:
        return _("Frist i dag")
    if days < 0 and working:
        return ngettext(
            "%(days)s arbejdsdag over fristen", "%(days)s arbejdsdage over fristen", -days
        ) % {"days": -days}
    if days < 0:
        return ngettext("%(days)s dag over fristen", "%(days)s dage over fristen", -days) % {
            "days": -days
        }
    if working:
        return ngettext("%(days)s arbejdsdag tilbage", "%(days)s arbejdsdage tilbage", days) % {
            "days": days
        }
    return ngettext("%(days)s dag tilbage", "%(days)s dage tilbage", days) % {"days": days}


def _date(value) -> str:
    if value is None:
        return NOTHING
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return date_format(value, "j. N Y")


# --- Case handlers (registry) -------------------------------------------------------------------


def case_row(case) -> Row:
    left = days_left_text(case.days_left)
    return Row(
        label=case.case_number,
        url=_admin_url("registry_application_change", case.pk),
        cells=[
            case.enterprise.name,
            case.get_status_display(),
            _date(case.current_deadline),
            _paused(left) if case.paused_since else left,
        ],
        overdue=case.is_overdue,
    )


def _paused(days_left: str) -> str:
    """While the case waits for the applicant the clock stands still: the days left stay, and
    the deadline moves a day for each day waited."""
    return _("%(days_left)s (stoppet, venter på ansøgeren)") % {"days_left": days_left}


def account_row(account) -> Row:
    return Row(
        label=account.enterprise.name,
        url=_admin_url("registry_socialaccount_change", account.pk),
        cells=[
            str(account.financial_year),
            _date(account.submitted_at),
            _("Brud") if account.dividend_breaches else NOTHING,
        ],
        overdue=bool(account.dividend_breaches),
    )


def supervision_row(supervision) -> Row:
    deadline = supervision.remedy_deadline
    return Row(
        label=supervision.enterprise.name,
        url=_admin_url("registry_supervisioncase_change", supervision.pk),
        cells=[
            supervision.get_status_display(),
            _date(supervision.opened_at),
            _date(deadline),
        ],
        overdue=deadline is not None and deadline < timezone.localdate(),
    )


def case_handler_sections(user, lists: dict[str, WorkList]) -> list[Section]:
    case_columns = [
        _("Sag"),
        _("Virksomhed"),
        _("Status"),
        _("Frist for afgørelse"),
        _("Tid tilbage"),
    ]
    cases = "registry_application_changelist"
    return [
        section(
            "my-cases",
            _("Mine åbne sager"),
            lists["my_cases"],
            case_columns,
            case_row,
            _admin_url(cases, handler__id__exact=user.pk),
            _("Du har ingen åbne sager."),
        ),
        section(
            "unassigned-cases",
            _("Sager uden sagsbehandler"),
            lists["unassigned_cases"],
            case_columns,
            case_row,
            _admin_url(cases, handler__isnull="True"),
            _("Alle åbne sager har en sagsbehandler."),
        ),
        section(
            "accounts-to-review",
            _("Sociale regnskaber til gennemgang"),
            lists["accounts_to_review"],
            [_("Virksomhed"), _("Regnskabsår"), _("Indsendt"), _("Udbytteregler")],
            account_row,
            _admin_url("registry_socialaccount_changelist", status__exact="submitted"),
            _("Ingen sociale regnskaber venter på gennemgang."),
        ),
        section(
            "open-supervision",
            _("Åbne tilsynssager"),
            lists["open_supervision"],
            [_("Virksomhed"), _("Status"), _("Åbnet"), _("Afhjælpningsfrist")],
            supervision_row,
            _admin_url("registry_supervisioncase_changelist"),
            _("Ingen åbne tilsynssager."),
        ),
    ]


# --- Advisers (guidance) ------------------------------------------------------------------------


def enquiry_row(enquiry) -> Row:
    """Until the first answer, the due date and the working days left to it (the target's
    clock, ``core.workdays``)."""
    unanswered = enquiry.due_date is not None and enquiry.first_answered_at is None
    days = working_days_between(timezone.localdate(), enquiry.due_date) if unanswered else None
    return Row(
        label=enquiry.reference,
        url=_admin_url("guidance_enquiry_change", enquiry.pk),
        cells=[
            enquiry.organisation or enquiry.name,
            enquiry.get_status_display(),
            _date(enquiry.due_date) if unanswered else _("Besvaret"),
            days_left_text(days, working=True) if unanswered else NOTHING,
        ],
        overdue=days is not None and days < 0,
    )


def adviser_sections(user, lists: dict[str, WorkList]) -> list[Section]:
    columns = [_("Reference"), _("Spørger"), _("Status"), _("Svarfrist"), _("Tid tilbage")]
    enquiries = "guidance_enquiry_changelist"
    return [
        section(
            "my-enquiries",
            _("Mine åbne henvendelser"),
            lists["my_enquiries"],
            columns,
            enquiry_row,
            _admin_url(enquiries, adviser=user.pk),
            _("Du har ingen åbne henvendelser."),
        ),
        section(
            "unassigned-enquiries",
            _("Henvendelser uden rådgiver"),
            lists["unassigned_enquiries"],
            columns,
            enquiry_row,
            _admin_url(enquiries, adviser="none"),
            _("Alle åbne henvendelser har en rådgiver."),
        ),
    ]


# --- Editors (portal, network, events) ----------------------------------------------------------


def article_row(article) -> Row:
    return Row(
        label=article.title,
        url=_admin_url("portal_article_change", article.pk),
        cells=[
            article.get_language_display(),
            article.author or NOTHING,
            _date(article.updated_at),
        ],
    )


def profile_row(profile) -> Row:
    return Row(
        label=profile.name,
        url=_admin_url("network_profile_change", profile.pk),
        cells=[profile.get_kind_display(), _date(profile.created_at)],
    )


def _signups(event) -> str:
    if event.capacity is None:
        return str(event.confirmed)
    return _("%(confirmed)s af %(capacity)s") % {
        "confirmed": event.confirmed,
        "capacity": event.capacity,
    }


def event_row(event) -> Row:
    return Row(
        label=event.title,
        url=_admin_url("events_event_change", event.pk),
        cells=[
            date_format(timezone.localtime(event.starts_at), "D j. N H.i"),
            _signups(event),
            str(event.waiting),
            _("Ja") if event.is_published else _("Nej"),
        ],
    )


def articles_section(articles: WorkList) -> Section:
    return section(
        "articles-to-review",
        _("Artikler klar til gennemsyn"),
        articles,
        [_("Titel"), _("Sprog"), _("Forfatter"), _("Ændret")],
        article_row,
        _admin_url("portal_article_changelist", status__exact="review"),
        _("Ingen artikler venter på gennemsyn."),
    )


def profiles_section(profiles: WorkList) -> Section:
    return section(
        "profiles-to-review",
        _("Netværksprofiler til godkendelse"),
        profiles,
        [_("Navn"), _("Type"), _("Oprettet")],
        profile_row,
        _admin_url("network_profile_changelist", status__exact="pending"),
        _("Ingen netværksprofiler venter på godkendelse."),
    )


def events_section(events: WorkList) -> Section:
    return section(
        "events-this-week",
        _("Ugens arrangementer"),
        events,
        [
            _("Arrangement"),
            _("Starter"),
            _("Tilmeldte"),
            _("På venteliste"),
            _("Offentliggjort"),
        ],
        event_row,
        _admin_url("events_event_changelist"),
        _("Ingen arrangementer i denne uge."),
    )
