import datetime as dt
import itertools
import re

from django.utils import timezone

from events import services
from events.models import Event, Registration

_numbers = itertools.count(1)


def make_event(*, days_ahead: float = 30, capacity: int | None = 10, **fields) -> Event:
    number = next(_numbers)
    starts = timezone.now() + dt.timedelta(days=days_ahead)
    defaults = {
        "title": f"Netværksmøde {number}",
        "slug": f"netvaerksmoede-{number}",
        "summary": "Mød andre socialøkonomiske virksomheder.",
        "description": "Program, oplæg og tid til at skabe kontakter.",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=3),
        "place": "Vækstcentret, København",
        "capacity": capacity,
        "is_published": True,
    }
    return Event.objects.create(**{**defaults, **fields})


def details(number: int, **fields) -> dict:
    return {"name": f"Deltager {number}", "email": f"deltager{number}@example.dk", **fields}


def signed_up(event: Event, number: int, **fields) -> Registration:
    """A sign-up whose address has been confirmed by the mailed link."""
    return services.confirm_signup(services.register(event, **details(number, **fields)))


def mailed_link(mail) -> str:
    """The registrant's link (a path) in a mail."""
    return re.search(r"https?://[^/\s]+(/\S*tilmelding/[^/\s]+/)", mail.body).group(1)


def mailed_token(mail) -> str:
    return mailed_link(mail).rstrip("/").rsplit("/", 1)[1]
