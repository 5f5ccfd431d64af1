"""Reads for the public event pages, each a fixed number of queries."""

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core import secret_links
from core.desk import WorkList, first_rows
from events.models import Event, EventChange, Registration, RegistrationChange, RegistrationStatus
from portal.models import Audience, Theme


def _listing(queryset):
    return queryset.with_confirmed_count().prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("position", "name"))
    )


def upcoming_events(*, theme: Theme | None = None, audience: Audience | None = None, month=None):
    """Published events not yet over, soonest first; ``month`` is a date in the month wanted."""
    events = Event.objects.upcoming()
    if theme:
        events = events.filter(themes=theme)
    if audience:
        events = events.filter(audiences=audience)
    if month:
        start = timezone.make_aware(dt.datetime(month.year, month.month, 1))
        end = timezone.make_aware(
            dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1)
        )
        events = events.filter(starts_at__lt=end, ends_at__gte=start)
    return _listing(events)


def upcoming_events_tagged(*, theme: str = "", audience: str = ""):
    """Upcoming events by theme and audience slug (a slug that does not exist matches nothing),
    with their themes and audiences: the open API's list."""
    events = Event.objects.upcoming()
    if theme:
        events = events.filter(themes__slug=theme)
    if audience:
        events = events.filter(audiences__slug=audience)
    return _listing(events).prefetch_related(
        Prefetch("audiences", queryset=Audience.objects.order_by("position", "name"))
    )


def past_events():
    return _listing(Event.objects.past())


def published_event(slug: str) -> Event:
    return get_object_or_404(
        Event.objects.published().with_confirmed_count().prefetch_related("themes", "audiences"),
        slug=slug,
    )


def calendar_feed_events():
    """Everything from a year back and onwards, for calendar subscriptions."""
    since = timezone.now() - dt.timedelta(days=365)
    return Event.objects.published().filter(ends_at__gte=since).order_by("starts_at")


def registration_for_token(token: str) -> Registration | None:
    """The registration a mailed link opens (expired or not: the view tells the person which)."""
    return (
        secret_links.matching(Registration.objects.filter(erased_at__isnull=True), token)
        .select_related("event", "municipality")
        .first()
    )


def calendar_version(registration: Registration) -> int:
    """The SEQUENCE of the calendar file mailed to someone now: the count of recorded changes to
    their sign-ups for the event (a new sign-up after cancelling included) and to the event itself
    (moved, cancelled), so each file mailed outranks the ones before it, and every one outranks
    the public file (SEQUENCE 0)."""
    own = RegistrationChange.objects.filter(
        registration__event_id=registration.event_id,
        registration__email__iexact=registration.email,
    ).count()
    return own + EventChange.objects.filter(event_id=registration.event_id).count()


def events_of_the_week(today: dt.date | None = None) -> WorkList:
    """For the staff desk: events starting this week (Monday to Sunday), published or not,
    with their confirmed and waiting sign-ups."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    start, end = (
        timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        for day in (monday, monday + dt.timedelta(days=7))
    )
    return first_rows(
        Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )
        .only("title", "starts_at", "capacity", "is_published")
        .order_by("starts_at", "pk")
    )
