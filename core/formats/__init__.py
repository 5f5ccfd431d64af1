"""Date formats on top of Django's own per language (FORMAT_MODULE_PATH in settings).

Templates that wanted a compact date wrote "j. M Y" by hand, which gives "27. Nov 2026"; Django's
own Danish formats write "27. november 2026" (the admin's lists) and "27.11.2026". Danish style
abbreviates the month in lower case with a full stop: "27. nov. 2026". That is now the Danish
``DATE_FORMAT`` and ``SHORT_DATE_FORMAT``, and a compact date in code or a template names one of
them (``|date:"SHORT_DATE_FORMAT"``) instead of spelling out a format.

Pages, mails and letters also write the month in full, which Danish and English punctuate
differently ("27. november 2026", "27 November 2026"). Django's named formats have no such entry,
so ``long_format`` gives it per language. ``long_date``, ``long_datetime`` and
``weekday_datetime`` write a value with it, in the reader's time zone: code calls them, and
templates use them as filters of the same names (core/templatetags/html_time.py).
"""

import datetime
from functools import lru_cache

from django.utils import dateformat, timezone
from django.utils.translation import get_language

LONG_FORMATS = {
    "da": {"date": "j. F Y", "datetime": "j. F Y H:i", "weekday": "l j. F Y, H:i"},
    "en": {"date": "j F Y", "datetime": "j F Y, H:i", "weekday": "l j F Y, H:i"},
}


def long_format(kind: str, language: str | None = None) -> str:
    """The written-out ``kind`` ("date", "datetime" or "weekday") in ``language`` (default: the
    active one)."""
    language = (language or get_language() or "da").split("-")[0]
    return LONG_FORMATS.get(language, LONG_FORMATS["da"])[kind]


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value: datetime.date | None) -> str:
    """The day as a reader sees it: "27. november 2026", "27 November 2026".

    Formatted once per day and language in each process: Django's ``date`` filter parses the
    format and translates the month on every call, a fifth of a page's dates and times.
    """
    if not value:
        return ""
    value = _local(value)
    day = value.date() if isinstance(value, datetime.datetime) else value
    return _long_date(day, get_language())


@lru_cache(maxsize=4096)
def _long_date(day: datetime.date, language: str | None) -> str:
    return dateformat.format(day, long_format("date", language))


def long_datetime(value: datetime.datetime | None) -> str:
    """ "27. november 2026 14:00", "27 November 2026, 14:00"."""
    return dateformat.format(_local(value), long_format("datetime")) if value else ""


def weekday_datetime(value: datetime.datetime | None) -> str:
    """ "fredag 27. november 2026, 14:00", "Friday 27 November 2026, 14:00"."""
    return dateformat.format(_local(value), long_format("weekday")) if value else ""
