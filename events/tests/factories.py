import datetime as dt
import itertools

from django.utils import timezone

from events.models import Event

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
