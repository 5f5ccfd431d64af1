"""Date formats on top of Django's own per language (FORMAT_MODULE_PATH in settings).

Templates that wanted a compact date wrote "j. M Y" by hand, which gives "27. Nov 2026"; Django's
own Danish formats write "27. november 2026" (the admin's lists) and "27.11.2026". Danish style
abbreviates the month in lower case with a full stop: "27. nov. 2026". That is now the Danish
``DATE_FORMAT`` and ``SHORT_DATE_FORMAT``, and a compact date in code or a template names one of
them (``|date:"SHORT_DATE_FORMAT"``) instead of spelling out a format.

Pages, mails and letters also write the month in full, which Danish and English punctuate
differently ("27. november 2026", "27 November 2026"). Django's named formats have no such entry,
so ``long_format`` gives it per language; templates use the ``long_date``, ``long_datetime`` and
``weekday_datetime`` filters (core/templatetags/html_time.py), code ``date_format(value,
long_format("date"))``.
"""

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
