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


def _vevent(event: Event) -> list[str]:
    url = settings.SITE_URL + event.get_absolute_url()
    location = event.place or event.online_url
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
        "STATUS:CONFIRMED",
        "END:VEVENT",
    ]
    return lines


def _param(value: str) -> str:
    """A parameter value: quoted, since it may hold ',', ';' or ':' (DQUOTE is not allowed)."""
    return '"' + value.replace('"', "'") + '"'


def calendar(events: Iterable[Event], name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Vækstcenter for socialøkonomiske virksomheder//Arrangementer//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Copenhagen",
        # How often subscribed calendars should fetch the feed again.
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    for event in events:
        lines.extend(_vevent(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def event_calendar(event: Event) -> str:
    return calendar([event], event.title)
