"""Reads: a requester's requests and thread, personal-data exports and the statistics."""

import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import Count, Prefetch, Q, Subquery
from django.db.models.functions import Lower, TruncMonth
from django.utils import timezone

from guidance.models import (
    Message,
    PendingUpload,
    Request,
    RequesterType,
    Topic,
)


def visible_thread():
    return Prefetch(
        "messages",
        queryset=Message.objects.visible_to_requester().prefetch_related("attachments"),
        to_attr="thread",
    )


def requests_for_user(user):
    """Requests sent while signed in, and confirmed ones sent to one of the user's verified
    addresses without signing in (the address proves they are the same person)."""
    verified = EmailAddress.objects.filter(user=user, verified=True).annotate(
        address=Lower("email")
    )
    by_address = Q(
        email_lower__in=Subquery(verified.values("address")), email_confirmed_at__isnull=False
    )
    return (
        Request.objects.annotate(email_lower=Lower("email"))
        .filter(Q(user=user) | by_address, anonymised_at__isnull=True)
        .select_related("municipality")
        .prefetch_related(visible_thread())
        .order_by("-created_at")
    )


def request_for_token(token: str) -> Request | None:
    return (
        Request.objects.filter(access_token=token, anonymised_at__isnull=True)
        .select_related("municipality", "satisfaction")
        .prefetch_related(visible_thread())
        .first()
    )


def held_uploads(owner: str | None, scope: str) -> list:
    """Files held for this session's next attempt at a form (see ``services.hold_uploads``)."""
    return list(PendingUpload.objects.held_for(owner, scope))


def requests_of(email: str):
    return (
        Request.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower(), anonymised_at__isnull=True)
        .select_related("municipality")
        .prefetch_related("messages__attachments", "referrals", "status_changes")
        .order_by("created_at")
    )


def personal_data(requests) -> list[dict]:
    return [
        {
            "reference": request.reference,
            "created_at": request.created_at.isoformat(),
            "status": request.get_status_display(),
            "requester_type": request.get_requester_type_display(),
            "name": request.name,
            "organisation": request.organisation,
            "municipality": request.municipality.name,
            "email": request.email,
            "phone": request.phone,
            "topics": request.topic_labels(),
            "question": request.question,
            "preferred_contact": request.get_preferred_contact_display(),
            "consent": request.consent,
            "language": request.get_language_display(),
            "messages": [
                {
                    "kind": message.get_kind_display(),
                    "created_at": message.created_at.isoformat(),
                    "body": message.body,
                    "attachments": [a.original_name for a in message.attachments.all()],
                }
                for message in request.messages.all()
            ],
            "referrals": [
                {"partner": r.get_partner_display(), "name": r.partner_name, "note": r.note}
                for r in request.referrals.all()
            ],
        }
        for request in requests
    ]


# --- Statistics ---------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int


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


SUMMARY_SQL = """
SELECT
    count(*),
    count(r.first_answered_at),
    percentile_cont(0.5) WITHIN GROUP (
        ORDER BY extract(epoch FROM r.first_answered_at - r.received_at) / 86400),
    percentile_cont(0.9) WITHIN GROUP (
        ORDER BY extract(epoch FROM r.first_answered_at - r.received_at) / 86400),
    count(*) FILTER (
        WHERE (r.first_answered_at AT TIME ZONE %(tz)s)::date <= r.due_date),
    count(*) FILTER (WHERE r.first_answered_at IS NOT NULL OR r.due_date < %(today)s),
    avg(s.score),
    count(s.id)
FROM guidance_request r
LEFT JOIN guidance_satisfaction s ON s.request_id = r.id
WHERE r.received_at >= %(start)s AND r.received_at < %(end)s
"""

TOPIC_SQL = """
SELECT topic, count(*)
FROM guidance_request r CROSS JOIN LATERAL unnest(r.topics) AS topic
WHERE r.received_at >= %(start)s AND r.received_at < %(end)s
GROUP BY topic
"""


def statistics(start: dt.date, end: dt.date) -> Statistics:
    """Figures for requests received from ``start`` up to and including ``end``: five queries."""
    tz = timezone.get_current_timezone()
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    received = Request.objects.filter(received_at__gte=start_at, received_at__lt=end_at)
    params = {"start": start_at, "end": end_at, "tz": str(tz), "today": timezone.localdate()}
    with connection.cursor() as cursor:
        cursor.execute(SUMMARY_SQL, params)
        total, answered, median, p90, in_time, measurable, satisfaction, rated = cursor.fetchone()
        cursor.execute(TOPIC_SQL, params)
        topic_counts = dict(cursor.fetchall())

    type_counts = dict(
        received.values_list("requester_type")
        .annotate(n=Count("id"))
        .values_list("requester_type", "n")
    )
    region_counts = (
        received.values_list("municipality__region__name")
        .annotate(n=Count("id"))
        .order_by("municipality__region__sort_key")
    )
    month_counts = dict(
        received.annotate(month=TruncMonth("received_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    return Statistics(
        start=start,
        end=end,
        total=total,
        by_requester_type=[
            Bar(str(label), type_counts.get(value, 0)) for value, label in RequesterType.choices
        ],
        by_topic=[Bar(str(label), topic_counts.get(value, 0)) for value, label in Topic.choices],
        by_region=[Bar(name, n) for name, n in region_counts],
        by_month=month_bars(
            start, end, {m.date().replace(day=1): n for m, n in month_counts.items()}
        ),
        answered=answered,
        median_days=median,
        p90_days=p90,
        answered_in_time=in_time,
        measurable=measurable,
        average_satisfaction=float(satisfaction) if satisfaction is not None else None,
        satisfaction_count=rated,
    )


def month_bars(start: dt.date, end: dt.date, counts: dict[dt.date, int]) -> list[Bar]:
    from django.utils.formats import date_format

    bars = []
    month = start.replace(day=1)
    while month <= end:
        bars.append(Bar(date_format(month, "M Y"), counts.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return bars


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve whole and current months."""
    today = today or timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
    return start, today
