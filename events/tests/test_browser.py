import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Registration, RegistrationStatus
from events.tests.factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_up(page, event_url: str, name: str, email: str) -> None:
    page.goto(event_url)
    page.get_by_label("Dit navn").fill(name)
    page.get_by_label("Din e-mailadresse").fill(email)
    page.get_by_label("Kommune").select_option(label="Aarhus")
    page.get_by_role("button", name=re.compile("Tilmeld|ventelisten")).click()
    expect(page.get_by_role("heading", name="Tjek din e-mail")).to_be_visible()


def _link_in_last_mail_to(mailbox, email: str) -> str:
    mail = [m for m in mailbox() if m.to == [email]][-1]
    return re.search(r"http://\S+/tilmelding/\S+/", mail.body).group(0)


def _confirm_by_mail(page, mailbox, email: str) -> None:
    page.goto(_link_in_last_mail_to(mailbox, email))
    page.get_by_role("button", name="Bekræft tilmeldingen").click()


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
    assert_accessible(page, "events-check-email")
    karen = Registration.objects.get(email="karen@example.dk")
    assert karen.status == RegistrationStatus.PENDING  # no seat before the address is confirmed
    page.goto(_link_in_last_mail_to(mailbox, "karen@example.dk"))
    expect(page.get_by_role("status").first).to_contain_text("Bekræft din tilmelding")
    assert_accessible(page, "events-registration-pending")
    page.get_by_role("button", name="Bekræft tilmeldingen").click()
    expect(page.get_by_role("status").last).to_contain_text("Du er tilmeldt")
    assert_accessible(page, "events-registration")

    # Signing up again answers the same, and the mail brings the link again.
    _sign_up(page, event_url, "Karen Jensen", "karen@example.dk")
    assert Registration.objects.filter(email="karen@example.dk").count() == 1

    _sign_up(page, event_url, "Ole Madsen", "ole@example.dk")
    _confirm_by_mail(page, mailbox, "ole@example.dk")
    expect(page.get_by_text("Du er nummer 1 på ventelisten")).to_be_visible()

    karen.refresh_from_db()
    ole = Registration.objects.get(email="ole@example.dk")
    assert (karen.status, ole.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)

    page.goto(_link_in_last_mail_to(mailbox, "karen@example.dk"))  # the resent link
    page.get_by_role("button", name="Afmeld").click()
    expect(page.get_by_text("Du er afmeldt").first).to_be_visible()

    ole.refresh_from_db()
    assert ole.status == RegistrationStatus.CONFIRMED
    promoted = [m for m in mailbox() if m.to == ["ole@example.dk"]]
    assert promoted[-1].subject.startswith("Du har fået en plads")
    assert not csp_violations


def test_an_expired_registration_link_explains_what_to_do(
    page, live_server, settings, mailbox, assert_accessible
):
    settings.SITE_URL = live_server.url
    event = make_event()
    _sign_up(page, live_server.url + event.get_absolute_url(), "Karen Jensen", "karen@example.dk")
    link = _link_in_last_mail_to(mailbox, "karen@example.dk")
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    response = page.goto(link)
    assert response.status == 410
    expect(page.get_by_role("heading", name="Linket er udløbet")).to_be_visible()
    assert_accessible(page, "secret-link-expired")
    page.get_by_role("link", name="Se kommende arrangementer").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_on_a_phone_cancelling_takes_the_event_out_of_the_calendar_and_the_link_can_be_resent(
    page, live_server, settings, mailbox, assert_accessible, csp_violations
):
    settings.SITE_URL = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    event = make_event(title="Morgenmøde om finansiering")
    event_url = live_server.url + event.get_absolute_url()
    _sign_up(page, event_url, "Karen Jensen", "karen@example.dk")
    _confirm_by_mail(page, mailbox, "karen@example.dk")
    calendar_link = page.get_by_role("link", name="Føj til din kalender (.ics)")
    expect(calendar_link).to_be_visible()

    page.get_by_role("button", name="Afmeld").click()
    expect(page.get_by_text("Du er afmeldt").first).to_be_visible()
    expect(calendar_link).to_have_count(0)
    expect(page.locator("main")).to_contain_text("bekræftelse af afmeldingen")
    assert_accessible(page, "events-registration-cancelled")
    cancellation = [m for m in mailbox() if m.to == ["karen@example.dk"]][-1]
    [(name, content, _type)] = cancellation.attachments
    assert name == "afmelding.ics" and "METHOD:CANCEL" in content

    # Later she signs up again, the mail does not come: the page offers to send the link again.
    _sign_up(page, event_url, "Karen Jensen", "karen@example.dk")
    page.get_by_role("link", name="Send linket igen").click()
    page.get_by_label("Den e-mailadresse, du tilmeldte dig med").fill("karen@example.dk")
    assert_accessible(page, "events-resend-link")
    page.get_by_role("button", name="Send linket").click()
    expect(page.get_by_role("status")).to_contain_text("Er adressen tilmeldt arrangementet")
    assert_accessible(page, "events-resend-link-sent")
    _confirm_by_mail(page, mailbox, "karen@example.dk")
    expect(page.get_by_role("status").last).to_contain_text("Du er tilmeldt")
    assert not csp_violations


def test_the_english_event_list_names_themes_and_audiences_in_english(
    page, live_server, assert_accessible
):
    from portal.models import Audience, Theme

    theme = Theme.objects.create(name="Finansiering", name_en="Financing", slug="finansiering")
    audience, _created = Audience.objects.update_or_create(
        slug="kommune", defaults={"name": "Kommune", "name_en": "Municipality"}
    )
    event = make_event(title="Funding breakfast")
    event.themes.add(theme)
    event.audiences.add(audience)
    page.goto(live_server.url + "/en/arrangementer/")
    expect(page.locator("#id_tema")).to_contain_text("Financing")
    expect(page.locator("#id_tema")).not_to_contain_text("Finansiering")
    expect(page.locator("#id_maalgruppe")).to_contain_text("Municipality")
    expect(page.locator("main .badge").first).to_have_text("Financing")
    assert_accessible(page, "events-english")
    page.locator("#id_tema").select_option(label="Financing")
    page.get_by_role("button", name=re.compile("Filter|Show|Vis", re.I)).first.click()
    expect(page.get_by_role("link", name="Funding breakfast")).to_be_visible()
