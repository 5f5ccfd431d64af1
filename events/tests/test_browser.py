import re

import pytest
from playwright.sync_api import expect

from events.models import Registration
from events.tests.factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


Status = Registration.Status


def _sign_up(page, event_url: str, name: str, email: str) -> None:
    page.goto(event_url)
    page.get_by_label("Dit navn").fill(name)
    page.get_by_label("Din e-mailadresse").fill(email)
    page.get_by_label("Kommune").select_option(label="Aarhus")
    page.get_by_role("button", name=re.compile("Tilmeld|ventelisten")).click()


def test_sign_up_waiting_list_and_moving_up_when_someone_cancels_by_the_mail_link(
    page, live_server, settings, mailbox, assert_accessible, csp_violations
):
    settings.SITE_URL = live_server.url
    event = make_event(capacity=1, title="Netværksmøde om sociale klausuler")
    event_url = live_server.url + event.get_absolute_url()

    page.goto(live_server.url + "/arrangementer/")
    page.get_by_role("link", name="Netværksmøde om sociale klausuler").click()
    expect(page.locator(".event-places")).to_contain_text("1 af 1")
    assert_accessible(page, "events-detail")

    # Bad input first: a Danish error next to the field, the name kept.
    page.get_by_label("Dit navn").fill("Karen Jensen")
    page.get_by_label("Din e-mailadresse").fill("karen")
    page.get_by_role("button", name="Tilmeld").click()
    expect(page.locator(".form-error-message")).to_contain_text("gyldig e-mail")
    expect(page.get_by_label("Dit navn")).to_have_value("Karen Jensen")
    assert_accessible(page, "events-signup-error")

    _sign_up(page, event_url, "Karen Jensen", "karen@example.dk")
    expect(page.get_by_role("status").first).to_contain_text("Du er tilmeldt")
    assert_accessible(page, "events-registration")

    _sign_up(page, event_url, "Ole Madsen", "ole@example.dk")
    expect(page.get_by_text("Du er nummer 1 på ventelisten")).to_be_visible()

    karen = Registration.objects.get(email="karen@example.dk")
    ole = Registration.objects.get(email="ole@example.dk")
    assert (karen.status, ole.status) == (Status.CONFIRMED, Status.WAITING)

    confirmation = next(m for m in mailbox() if m.to == ["karen@example.dk"])
    link = re.search(r"http://\S+/tilmelding/\S+/", confirmation.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Afmeld").click()
    expect(page.get_by_text("Du er afmeldt").first).to_be_visible()

    ole.refresh_from_db()
    assert ole.status == Status.CONFIRMED
    promoted = [m for m in mailbox() if m.to == ["ole@example.dk"]]
    assert promoted[-1].subject.startswith("Du har fået en plads")
    assert not csp_violations
