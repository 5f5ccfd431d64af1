"""iCalendar (RFC 5545) for one event or the subscribable feed of all events.

Written by hand because it is small: CRLF line ends, TEXT values escaped (section 3.3.11), lines
folded at 75 octets without splitting a UTF-8 character (3.1), times in UTC, a stable UID per
event and DTSTAMP on every VEVENT.
"""

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings

from events.models import Event

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets; continuation lines start with a
    space, which counts towards their 75."""
    chunks, current, size, limit = [], "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _vevent(event: Event, *, version: int = 0, cancelled: bool = False) -> list[str]:
    """The meeting link is never in a calendar file: the public ones are public, and a file
    forwarded from a participant's calendar should not carry it either."""
    url = settings.SITE_URL + event.get_absolute_url()
    location = event.place or "Online"
    cancelled = cancelled or event.is_cancelled
    description = f"{event.summary}\n\n{event.description}\n\n{url}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{_host()}",
        f"DTSTAMP:{utc(event.updated_at)}",
        f"LAST-MODIFIED:{utc(event.updated_at)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(location)}",
        f"URL:{url}",
        f"ORGANIZER;CN={_param(event.organiser)}:mailto:{settings.CENTRE['email']}",
        f"SEQUENCE:{version}",
        "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    return lines


def _param(value: str) -> str:
    """A parameter value: quoted, since it may hold ',', ';' or ':' (DQUOTE is not allowed)."""
    return '"' + value.replace('"', "'") + '"'


def _head(method: str) -> list[str]:
    return [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Vækstcenter for socialøkonomiske virksomheder//Arrangementer//DA",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]


def _text(lines: list[str]) -> str:
    return "".join(fold(line) + CRLF for line in lines)


def calendar(events: Iterable[Event], name: str) -> str:
    lines = [
        *_head("PUBLISH"),
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Copenhagen",
        # How often subscribed calendars should fetch the feed again.
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    for event in events:
        lines.extend(_vevent(event))
    lines.append("END:VCALENDAR")
    return _text(lines)


def event_calendar(event: Event) -> str:
    return calendar([event], event.title)


def registration_calendar(registration, *, version: int) -> str:
    """The event as mailed to one participant. ``version`` (SEQUENCE, RFC 5546 2.1.4) grows
    with every change to their sign-ups, so a calendar takes the newest of the files mailed."""
    return _text(
        [*_head("PUBLISH"), *_vevent(registration.event, version=version), "END:VCALENDAR"]
    )


def cancellation_calendar(registration, *, version: int) -> str:
    """Takes the event out of the participant's calendar: the same UID, a higher SEQUENCE."""
    vevent = _vevent(registration.event, version=version, cancelled=True)
    return _text([*_head("CANCEL"), *vevent, "END:VCALENDAR"])
