import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from accounts.services import ensure_verified_user
from events.models import Registration, RegistrationStatus
from events.tests.factories import make_event, signed_up
from tests.test_browser_admin_lists import assert_fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Workshop: Flere jobtræningspladser i socialøkonomiske virksomheder"  # a real length


def test_an_organiser_moves_then_cancels_an_event_and_everyone_signed_up_is_told(
    page, live_server, settings, browser_sign_in, mailbox, assert_accessible
):
    settings.SITE_URL = live_server.url
    event = make_event(
        capacity=1,
        title=TITLE,
        starts_at=timezone.make_aware(dt.datetime(2099, 3, 4, 13)),
        ends_at=timezone.make_aware(dt.datetime(2099, 3, 4, 16)),
        online_url="https://moede.example.dk/klausuler",
    )
    participant = signed_up(event, 1)
    waiting = signed_up(event, 2)
    mailbox().clear()
    browser_sign_in(
        ensure_verified_user(
            "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.EDITORS]
        )
    )

    # Moved a week on: the participant and the waiting list are told; the meeting link goes
    # only to the participant, and never onto the public page.
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    expect(page.get_by_text("får alle tilmeldte og alle på ventelisten en e-mail")).to_be_visible()
    assert_accessible(page, "events-admin-move")
    page.locator("#id_starts_at_0").fill("11.03.2099")
    page.locator("#id_ends_at_0").fill("11.03.2099")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("2 personer har fået besked om ændringen.")).to_be_visible()
    moved = {m.to[0]: m for m in mailbox()}
    assert set(moved) == {participant.email, waiting.email}
    assert all("11. marts 2099" in m.body and "4. marts 2099" in m.body for m in moved.values())
    assert "moede.example.dk/klausuler" in moved[participant.email].body
    assert "moede.example.dk" not in moved[waiting.email].body
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_text("Linket til online deltagelse sendes til tilmeldte")).to_be_visible()
    assert "moede.example.dk" not in page.content()
    mailbox().clear()

    page.goto(f"{live_server.url}/admin/events/event/")
    assert_fits(page, "events-admin-list-1280")  # every column, without scrolling sideways
    expect(page.locator("#result_list tbody td.field-status")).to_have_text("Offentliggjort")
    page.get_by_role("row", name=TITLE).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("cancel_events")
    page.locator("#changelist-form button[name=index]").click()
    expect(page.get_by_text("2 personer får besked")).to_be_visible()
    expect(page.locator("ol.breadcrumbs li")).to_have_text(
        ["Hjem", "Arrangementer", "Aflys arrangementer"]  # the admin's own breadcrumb bar
    )
    assert_accessible(page, "events-admin-cancel-confirmation")
    page.get_by_role("button", name="Ja, aflys og send besked").click()
    expect(page.get_by_text("1 arrangement aflyst.")).to_be_visible()
    expect(page.locator("#result_list tbody td.field-status")).to_have_text("Aflyst")

    assert set(Registration.objects.values_list("status", flat=True)) == {
        RegistrationStatus.CANCELLED
    }
    assert {m.to[0] for m in mailbox()} == {participant.email, waiting.email}
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aflyst: {TITLE}")
    assert_accessible(page, "events-cancelled-public-page")
