"""Reads: a requester's enquiries and thread, personal-data exports and the statistics."""

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Max, Prefetch, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.roles import ADVISERS
from accounts.selectors import verified_addresses
from core import secret_links
from core.collation import DanishSortKey
from core.desk import WorkList, first_rows
from core.workdays import public_holidays
from geography.models import Region
from guidance.models import (
    OPEN_STATUSES,
    Enquiry,
    EnquiryStatus,
    Message,
    MessageKind,
    PendingUpload,
    RequesterType,
    Topic,
)

REFERENCE_PATTERN = re.compile(r"R\d{4}-[A-Z0-9]{6}")


def advisers():
    """Active staff in the advisers' group (and superusers), in Danish order by name."""
    return (
        get_user_model()
        .objects.filter(
            Q(groups__name=ADVISERS) | Q(is_superuser=True), is_active=True, is_staff=True
        )
        .distinct()
        .annotate(first_key=DanishSortKey("first_name"), last_key=DanishSortKey("last_name"))
        .order_by("first_key", "last_key", "pk")
    )


def visible_thread():
    return Prefetch(
        "messages",
        queryset=Message.objects.visible_to_requester().prefetch_related("attachments"),
        to_attr="thread",
    )


def _enquiries_of_user(user):
    """Enquiries sent while signed in, and confirmed ones sent to one of the user's verified
    addresses without signing in (the address proves they are the same person)."""
    by_address = Q(
        email_lower__in=Subquery(verified_addresses(user)), email_confirmed_at__isnull=False
    )
    return (
        Enquiry.objects.annotate(email_lower=Lower("email"))
        .filter(Q(user=user) | by_address, anonymised_at__isnull=True)
        .select_related("municipality")
    )


def enquiries_for_user(user):
    return _enquiries_of_user(user).prefetch_related(visible_thread()).order_by("-created_at")


def enquiry_of_user(user, reference: str) -> Enquiry | None:
    """One of the user's enquiries by its reference; None for anything not shaped like one (a
    NUL byte in the address must not reach the database)."""
    if not REFERENCE_PATTERN.fullmatch(reference):
        return None
    return _enquiries_of_user(user).filter(reference=reference).first()


def enquiry_for_token(token: str) -> Enquiry | None:
    """The enquiry a case link opens (expired or not: the view tells the requester which)."""
    return (
        secret_links.matching(Enquiry.objects.filter(anonymised_at__isnull=True), token)
        .select_related("municipality", "satisfaction")
        .prefetch_related(visible_thread())
        .first()
    )


def _last_answer():
    return Max("messages__created_at", filter=Q(messages__kind=MessageKind.ADVISER))


def answered_before(day: dt.date) -> list[tuple[int, dt.datetime]]:
    """(pk, time of the last answer) of answered enquiries whose last answer came before
    ``day``: the candidates for closing by themselves."""
    start_of_day = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return list(
        Enquiry.objects.filter(status=EnquiryStatus.ANSWERED, anonymised_at__isnull=True)
        .annotate(last_answer_at=_last_answer())
        .filter(last_answer_at__lt=start_of_day)
        .order_by("pk")
        .values_list("pk", "last_answer_at")
    )


def last_answer_at(enquiry: Enquiry) -> dt.datetime | None:
    return enquiry.messages.filter(kind=MessageKind.ADVISER).aggregate(at=Max("created_at"))["at"]


def adviser_desk(user) -> dict[str, WorkList]:
    """The adviser's own open enquiries and the open ones nobody has, soonest due first: one
    query each."""
    open_enquiries = (
        Enquiry.objects.filter(status__in=OPEN_STATUSES)
        .only("reference", "name", "organisation", "status", "due_date", "first_answered_at")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    return {
        "my_enquiries": first_rows(open_enquiries.filter(adviser=user)),
        "unassigned_enquiries": first_rows(open_enquiries.filter(adviser__isnull=True)),
    }


def held_uploads(owner: str | None, scope: str) -> list:
    """Files held for this session's next attempt at a form (see ``services.hold_uploads``)."""
    return list(PendingUpload.objects.held_for(owner, scope))


def _for_export(enquiries):
    return (
        enquiries.select_related("municipality")
        .prefetch_related("messages__attachments", "referrals")
        .order_by("created_at")
    )


def enquiries_of(email: str):
    """Every enquiry sent under ``email`` (staff look people up by address)."""
    return _for_export(
        Enquiry.objects.annotate(email_lower=Lower("email")).filter(
            email_lower=email.strip().lower(), anonymised_at__isnull=True
        )
    )


def enquiries_of_user_for_export(user):
    """What a signed-in user may export or erase: their own enquiries (``enquiries_for_user``)."""
    return _for_export(_enquiries_of_user(user))


def personal_data(enquiries, *, internal: bool = True) -> list[dict]:
    """The enquiries as plain data. Staff hand over everything (``internal``); the requester's
    own export leaves out what only advisers see: internal notes and referral notes."""
    return [
        {
            "reference": enquiry.reference,
            "created_at": enquiry.created_at.isoformat(),
            "status": enquiry.get_status_display(),
            "requester_type": enquiry.get_requester_type_display(),
            "name": enquiry.name,
            "organisation": enquiry.organisation,
            "municipality": enquiry.municipality.name,
            "email": enquiry.email,
            "phone": enquiry.phone,
            "topics": enquiry.topic_labels(),
            "question": enquiry.question,
            "preferred_contact": enquiry.get_preferred_contact_display(),
            "consent": enquiry.consent,
            "language": enquiry.get_language_display(),
            "messages": [
                {
                    "kind": message.get_kind_display(),
                    "created_at": message.created_at.isoformat(),
                    "body": message.body,
                    "attachments": [a.original_name for a in message.attachments.all()],
                }
                for message in enquiry.messages.all()
                if internal or message.kind != MessageKind.NOTE
            ],
            "referrals": [
                {
                    "partner": r.get_partner_display(),
                    "name": r.partner_name,
                    **({"note": r.note} if internal else {}),
                }
                for r in enquiry.referrals.all()
            ],
        }
        for enquiry in enquiries
    ]


# --- Statistics ---------------------------------------------------------------------------------


@dataclass
class Bar:
    """One category's enquiries (drawn as a bar) and how quickly (in working days) and well they
    were answered."""

    label: str
    count: int
    median_days: float | None = None
    p90_days: float | None = None
    answered_in_time: int = 0
    measurable: int = 0  # answered, or past the deadline without an answer
    average_satisfaction: float | None = None

    @property
    def share_in_time(self) -> float | None:
        return self.answered_in_time / self.measurable * 100 if self.measurable else None


@dataclass
class Statistics:
    start: dt.date
    end: dt.date
    total: int
    by_requester_type: list[Bar]
    by_topic: list[Bar]
    by_region: list[Bar]
    by_month: list[Bar]
    answered: int
    median_days: float | None
    p90_days: float | None
    answered_in_time: int
    measurable: int  # answered, or past the deadline without an answer
    average_satisfaction: float | None
    satisfaction_count: int

    @property
    def share_in_time(self) -> float | None:
        return self.answered_in_time / self.measurable * 100 if self.measurable else None


# Working days from receipt to the first answer, on the clock of the response target
# (``core.workdays.working_days_between`` of the local dates): weekends and the public holidays
# passed in as %(holidays)s do not count; NULL while unanswered.
DAYS_TO_FIRST_ANSWER = """CASE WHEN r.first_answered_at IS NOT NULL THEN (
    SELECT count(*) FROM generate_series(
        (r.received_at AT TIME ZONE %(tz)s)::date + 1,
        (r.first_answered_at AT TIME ZONE %(tz)s)::date,
        interval '1 day'
    ) AS day
    WHERE extract(isodow FROM day) < 6 AND day::date <> ALL(%(holidays)s::date[])
) END"""
FIGURES = f"""
    count(*),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY {DAYS_TO_FIRST_ANSWER}),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY {DAYS_TO_FIRST_ANSWER}),
    count(*) FILTER (WHERE (r.first_answered_at AT TIME ZONE %(tz)s)::date <= r.due_date),
    count(*) FILTER (WHERE r.first_answered_at IS NOT NULL OR r.due_date < %(today)s),
    avg(s.score)"""
IN_PERIOD = "r.received_at >= %(start)s AND r.received_at < %(end)s"

SUMMARY_SQL = f"""
SELECT {FIGURES}, count(r.first_answered_at), count(s.id)
FROM guidance_enquiry r
LEFT JOIN guidance_satisfaction s ON s.enquiry_id = r.id
WHERE {IN_PERIOD}
"""  # noqa: S608 - constant fragments; values go in as parameters

# The same figures per category: (category expression, extra join). One query each.
DIMENSIONS = {
    "requester_type": ("r.requester_type", ""),
    "topic": ("topic", "CROSS JOIN LATERAL unnest(r.topics) AS topic"),
    "region": (
        "g.name",
        "JOIN geography_municipality m ON m.id = r.municipality_id "
        "JOIN geography_region g ON g.id = m.region_id",
    ),
    "month": ("date_trunc('month', r.received_at AT TIME ZONE %(tz)s)::date", ""),
}


def grouped_sql(dimension: str) -> str:
    key, join = DIMENSIONS[dimension]
    return f"""
SELECT {key}, {FIGURES}
FROM guidance_enquiry r
LEFT JOIN guidance_satisfaction s ON s.enquiry_id = r.id
{join}
WHERE {IN_PERIOD}
GROUP BY 1
"""  # noqa: S608 - constant fragments; values go in as parameters


def _number(value) -> float | None:
    return float(value) if value is not None else None


def statistics(start: dt.date, end: dt.date) -> Statistics:
    """Figures for enquiries received from ``start`` up to and including ``end``: six queries."""
    tz = timezone.get_current_timezone()
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    today = timezone.localdate()
    params = {
        "start": start_at,
        "end": end_at,
        "tz": str(tz),
        "today": today,
        # Answers come after receipt: up to today, perhaps a year past the period's end.
        "holidays": sorted(
            day for year in range(start.year, today.year + 2) for day in public_holidays(year)
        ),
    }
    grouped = {}
    with connection.cursor() as cursor:
        cursor.execute(SUMMARY_SQL, params)
        total, median, p90, in_time, measurable, satisfaction, answered, rated = cursor.fetchone()
        for dimension in DIMENSIONS:
            cursor.execute(grouped_sql(dimension), params)
            grouped[dimension] = {row[0]: row[1:] for row in cursor.fetchall()}

    def bars(dimension: str, categories) -> list[Bar]:
        figures = grouped[dimension]
        return [
            bar(label, *figures[key]) if key in figures else Bar(str(label), 0)
            for key, label in categories
        ]

    regions = Region.objects.filter(name__in=grouped["region"]).values_list("name", "name")
    return Statistics(
        start=start,
        end=end,
        total=total,
        by_requester_type=bars("requester_type", RequesterType.choices),
        by_topic=bars("topic", Topic.choices),
        by_region=bars("region", regions),
        by_month=bars("month", months(start, end)),
        answered=answered,
        median_days=median,
        p90_days=p90,
        answered_in_time=in_time,
        measurable=measurable,
        average_satisfaction=_number(satisfaction),
        satisfaction_count=rated,
    )


def bar(label, count, median, p90, in_time, measurable, satisfaction) -> Bar:
    return Bar(str(label), count, median, p90, in_time, measurable, _number(satisfaction))


def months(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """(first day, short label) of every month in the period."""
    from django.utils.formats import date_format

    found = []
    month = start.replace(day=1)
    while month <= end:
        found.append((month, date_format(month, "N Y")))  # "nov. 2026"
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve whole and current months."""
    today = today or timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    return start, today
