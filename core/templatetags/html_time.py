"""The ``html_datetime`` filter, a built-in of every template (see TEMPLATES in settings)."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


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
