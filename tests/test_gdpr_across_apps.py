"""One account export holds what every app keeps about the user; erasure removes it."""

import json

import pytest

from accounts.models import User
from accounts.services import ensure_verified_user
from events.models import Registration
from events.tests.factories import make_event
from geography.models import Municipality

pytestmark = pytest.mark.django_db

PASSWORD = "Langt-og-sikkert-42"


def test_export_and_erasure_cover_events_and_the_other_apps(client):
    user = ensure_verified_user("lene@example.dk", PASSWORD, first_name="Lene")
    event = make_event(title="Netværksmøde")
    registration = Registration.objects.create(
        event=event,
        user=user,
        name="Lene Hansen",
        email="lene@example.dk",
        municipality=Municipality.objects.get(code=461),
        status=Registration.Status.CONFIRMED,
    )
    client.force_login(user)

    data = json.loads(client.get("/konto/mine-data/").content)
    assert set(data) >= {"konto", "registrering", "henvendelser", "arrangementer", "netvaerk"}
    assert data["arrangementer"][0]["navn"] == "Lene Hansen"

    client.post("/konto/slet/", {"password": PASSWORD})
    assert not User.objects.filter(email="lene@example.dk").exists()
    registration.refresh_from_db()
    assert registration.name != "Lene Hansen"
    assert "lene@example.dk" not in registration.email
