"""One account export holds what every app keeps about the user; erasure removes it."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.services import ensure_verified_user
from events.models import Registration
from events.tests.factories import make_event
from geography.models import Municipality
from guidance import services as guidance
from guidance.models import Partner, RequesterType

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


def _request_from(email: str):
    request = guidance.submit_enquiry(
        data={
            "requester_type": RequesterType.MUNICIPALITY,
            "name": "Mette Jensen",
            "municipality": Municipality.objects.get(code=461),
            "email": email,
            "topics": ["other"],
            "question": "Hvordan bruger vi sociale klausuler?",
            "consent": True,
        }
    )
    guidance.confirm_email(request)
    return request


def test_an_unverified_address_pulls_in_no_one_elses_data(client):
    """Someone who adds another person's address to their account (unverified) must not export
    or erase that person's sign-ups, requests or invitations."""
    from allauth.account.models import EmailAddress

    from registry.models import Enterprise, Invitation
    from registry.tests.conftest import enterprise_data

    victim = "offer@example.dk"
    user = ensure_verified_user("lene@example.dk", PASSWORD)
    EmailAddress.objects.create(user=user, email=victim, verified=False)
    user.email = victim  # the account's own address field, unverified, names the victim
    user.save(update_fields=["email"])
    theirs = Registration.objects.create(
        event=make_event(), name="Offer", email=victim, status=Registration.Status.CONFIRMED
    )
    own = Registration.objects.create(
        event=make_event(), name="Lene", email="LENE@example.dk", status="confirmed"
    )
    request = _request_from(victim)
    enterprise = Enterprise.objects.create(cvr="12345678", **enterprise_data())
    invitation = Invitation.objects.create(
        enterprise=enterprise, email=victim, expires_at=timezone.now() + dt.timedelta(days=7)
    )
    client.force_login(user)

    data = json.loads(client.get("/konto/mine-data/").content)
    assert [r["navn"] for r in data["arrangementer"]] == ["Lene"]
    assert data["henvendelser"] == []
    assert data["registrering"]["invitationer"] == []

    client.post("/konto/slet/", {"password": PASSWORD})
    theirs.refresh_from_db()
    own.refresh_from_db()
    request.refresh_from_db()
    assert (theirs.name, own.name) == ("Offer", "Slettet")
    assert request.anonymised_at is None
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_the_own_export_leaves_out_advisers_notes_the_staff_export_keeps_them(client):
    adviser = ensure_verified_user("raadgiver@example.dk", PASSWORD, is_staff=True)
    user = ensure_verified_user("lene@example.dk", PASSWORD)
    request = _request_from("lene@example.dk")
    guidance.add_note(request, "Intern: ring til jobcentret først", by=adviser)
    guidance.refer(request, partner=Partner.JOB_CENTRE, note="Intern vurdering", by=adviser)
    guidance.reply_as_adviser(request, "Her er vores svar", by=adviser)
    client.force_login(user)

    own = client.get("/konto/mine-data/").content.decode()
    assert "Her er vores svar" in own
    assert "Intern" not in own
    staff = json.dumps(guidance.export_personal_data("lene@example.dk", by=adviser))
    assert "Intern: ring til jobcentret" in staff and "Intern vurdering" in staff
