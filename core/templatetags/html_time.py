"""The ``html_datetime``, ``long_date``, ``long_datetime``, ``weekday_datetime`` and
``local_time_label`` filters, built-ins of every template (see TEMPLATES in settings)."""

import datetime

from django import template
from django.utils import timezone

from core.formats import long_date, long_datetime, weekday_datetime
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


for writer in (long_date, long_datetime, weekday_datetime):
    register.filter(writer.__name__, writer, expects_localtime=True)
