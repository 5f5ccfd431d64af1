"""Links mailed before the tokens were hashed keep working after the migrations."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events import selectors as event_selectors
from guidance import selectors as guidance_selectors

# The model was still called Request then (enquiry-rename: leave alone).
BEFORE = [("events", "0002_shared_change_history"), ("guidance", "0004_shared_change_history")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_clear_tokens_are_hashed_and_dropped_and_old_links_still_open():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    try:
        Event = old.get_model("events", "Event")
        Registration = old.get_model("events", "Registration")
        Request = old.get_model("guidance", "Request")
        Municipality = old.get_model("geography", "Municipality")
        event = Event.objects.create(
            title="Møde",
            slug="moede",
            summary="Et møde",
            description="Et møde",
            starts_at="2099-01-01T10:00Z",
            ends_at="2099-01-01T12:00Z",
            place="København",
            is_published=True,
        )
        cancel_token = uuid.uuid4()
        registration = Registration.objects.create(
            event=event,
            name="Karen",
            email="karen@example.dk",
            status="confirmed",
            cancel_token=cancel_token,
        )
        request = Request.objects.create(
            requester_type="municipality",
            name="Mette",
            municipality=Municipality.objects.first(),
            email="mette@example.dk",
            topics=["other"],
            question="Hvordan?",
            consent=True,
            status="received",
            access_token="en-gammel-noegle-fra-en-mail",
        )
    finally:
        _migrate(latest)

    assert event_selectors.registration_for_token(str(cancel_token)).pk == registration.pk
    opened = guidance_selectors.enquiry_for_token("en-gammel-noegle-fra-en-mail")
    assert opened.pk == request.pk
    with connection.cursor() as cursor:
        columns = {
            column.name
            for table in ("events_registration", "guidance_enquiry")
            for column in connection.introspection.get_table_description(cursor, table)
        }
    assert not {"cancel_token", "access_token"} & columns


@pytest.mark.django_db
def test_admin_links_mailed_before_the_rename_open_the_enquiry(client):
    """Mails to advisers link to /admin/guidance/request/<pk>/change/ from before Enquiry."""
    response = client.get("/admin/guidance/request/7/change/?_changelist_filters=status")
    assert response.status_code == 302
    assert response["Location"] == "/admin/guidance/enquiry/7/change/?_changelist_filters=status"


@pytest.mark.django_db(transaction=True)
def test_events_public_before_the_publication_time_count_as_published_when_created():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate([("events", "0007_event_region")])
    try:
        Event = old.get_model("events", "Event")
        fields = {
            "summary": "Et møde",
            "description": "Et møde",
            "starts_at": "2099-01-01T10:00Z",
            "ends_at": "2099-01-01T12:00Z",
            "place": "København",
        }
        public = Event.objects.create(
            title="Offentligt", slug="offentligt", is_published=True, **fields
        )
        draft = Event.objects.create(title="Kladde", slug="kladde", **fields)
    finally:
        _migrate(latest)

    from events.models import Event

    public, draft = Event.objects.get(pk=public.pk), Event.objects.get(pk=draft.pk)
    assert public.published_at == public.created_at
    assert draft.published_at is None
