"""The change history the apps share (``core.history``): who, when, what, from → to."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.services import ensure_verified_user
from core.history import local_time_label
from events import services as events
from events.models import RegistrationChange
from events.tests.factories import details, make_event
from guidance.models import StatusChange
from network.models import ProfileChange
from network.tests.factories import make_owner, make_profile

pytestmark = pytest.mark.django_db

HISTORIES = [RegistrationChange, ProfileChange, StatusChange]


@pytest.mark.parametrize("history", HISTORIES, ids=lambda model: model.__name__)
def test_every_history_keeps_its_rows_in_the_order_they_happened(history):
    assert history._meta.ordering == ["changed_at", "pk"]


def test_a_change_is_recorded_with_who_when_and_from_which_status_to_which(django_user_model):
    owner = make_owner(django_user_model)
    profile = make_profile(owner, approved=False)
    earlier = timezone.now() - dt.timedelta(days=2)

    ProfileChange.record(profile=profile, by=AnonymousUser(), note="Vist igen af ejeren")
    ProfileChange.record(
        profile=profile,
        by=owner,
        from_status="pending",
        to_status="approved",
        note="Godkendt",
        changed_at=earlier,
    )

    approved, created, shown = profile.changes.all()  # in the order they happened
    assert (created.changed_by, created.to_status) == (owner, "pending")
    assert (approved.changed_at, approved.changed_by) == (earlier, owner)
    assert (approved.from_status, approved.to_status) == ("pending", "approved")
    assert (shown.changed_by, shown.from_status, shown.to_status) == (None, "", "")
    assert shown.changed_at > earlier


def test_history_outlives_the_user_who_made_the_change(django_user_model):
    owner = make_owner(django_user_model)
    profile = make_profile(owner, approved=False)
    staff = django_user_model.objects.create_user("redaktoer@example.dk", is_staff=True)
    ProfileChange.record(profile=profile, by=staff, note="Rettet af Vækstcentret: name")

    staff.delete()

    assert [(c.changed_by, c.note) for c in profile.changes.all()] == [
        (owner, "Oprettet og sendt til godkendelse"),
        (None, "Rettet af Vækstcentret: name"),
    ]


def test_editors_read_the_history_in_the_back_office_but_cannot_alter_it(
    client, settings, django_user_model
):
    settings.STAFF_MFA_REQUIRED = False
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=["Redaktører"]
    )
    client.force_login(editor)
    registration = events.register(make_event(), **details(1))
    events.cancel(registration, by=editor)
    profile = make_profile(make_owner(django_user_model), approved=False)

    for page, note in [
        (f"/admin/events/registration/{registration.pk}/change/", "Afmeldt"),
        (f"/admin/network/profile/{profile.pk}/change/", "Oprettet og sendt"),
    ]:
        html = client.get(page).content.decode()
        assert 'name="changes-TOTAL_FORMS"' in html, page  # the history inline is there
        assert note in html, page
        assert 'name="changes-0-note"' not in html, page  # shown as text, never an input


def test_a_moment_reads_the_same_in_the_histories_as_in_the_admins_own_fields():
    """One style per language: Danish "27. nov. 2026 kl. 12.19" (Sprognævnet), English its own;
    Django's DATETIME_FORMAT (the admin's read-only fields and lists) and the history agree."""
    moment = dt.datetime(2026, 11, 16, 11, 19, tzinfo=dt.UTC)  # 12.19 in Copenhagen
    local = timezone.localtime(moment)
    with translation.override("da"):
        assert local_time_label(moment) == "16. nov. 2026 kl. 12.19"
        assert date_format(local, "DATETIME_FORMAT") == "16. nov. 2026 kl. 12.19"
        assert date_format(local, "SHORT_DATETIME_FORMAT") == "16. nov. 2026 kl. 12.19"
    with translation.override("en"):
        assert local_time_label(moment) == "16 Nov 2026, 12:19"
        assert date_format(local, "DATETIME_FORMAT") == "16 Nov 2026, 12:19"
