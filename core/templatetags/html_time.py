"""The ``html_datetime``, ``long_date``, ``long_datetime``, ``weekday_datetime`` and
``local_time_label`` filters, built-ins of every template (see TEMPLATES in settings)."""

import datetime
from functools import lru_cache

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import get_language

from core.formats import long_format
from core.history import local_time_label

register = template.Library()
register.filter("local_time_label", local_time_label)


@register.filter
def html_datetime(value: datetime.date | None) -> str:
    """A date or time as HTML's ``datetime`` attribute accepts it: ISO 8601, whole seconds.

    Django's ``date:'c'`` keeps microseconds; HTML allows at most three fractional digits.
    """
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return value.isoformat()
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")


@register.filter(expects_localtime=True)
def long_date(value: datetime.date | None) -> str:
    """The day as a reader sees it: "27. november 2026", "27 November 2026".

    Formatted once per day and language in each process: Django's ``date`` filter parses the
    format and translates the month on every call, a fifth of a page's dates and times.
    """
    if not value:
        return ""
    day = value.date() if isinstance(value, datetime.datetime) else value
    return _long_date(day, get_language())


@lru_cache(maxsize=4096)
def _long_date(day: datetime.date, language: str | None) -> str:
    return dateformat.format(day, long_format("date", language))


@register.filter(expects_localtime=True)
def long_datetime(value: datetime.datetime | None) -> str:
    """ "27. november 2026 14:00", "27 November 2026, 14:00"."""
    return dateformat.format(value, long_format("datetime")) if value else ""


@register.filter(expects_localtime=True)
def weekday_datetime(value: datetime.datetime | None) -> str:
    """ "fredag 27. november 2026, 14:00", "Friday 27 November 2026, 14:00"."""
    return dateformat.format(value, long_format("weekday")) if value else ""
