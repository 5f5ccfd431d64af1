"""The adviser's back office in a real browser at 1280 px: the queue, the article picker, and
the answered enquiry that closes by itself."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from guidance import services
from guidance.models import MessageKind
from portal.tests.factories import article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DANISH_SHORT_DATE = re.compile(r"^\d{1,2}\. [a-zæøå]+\.? \d{4}$")  # "27. nov. 2026"


def test_an_adviser_picks_articles_in_the_requests_language_and_the_mail_names_them(
    page, live_server, browser_sign_in, adviser, make_enquiry, mailbox, assert_accessible
):
    enquiry = make_enquiry(name="Jonas Holm", requester_type="entrepreneur")
    article("Sociale klausuler i udbud", slug="sociale-klausuler")
    article("Social clauses in public tenders", slug="social-clauses", language="en")
    browser_sign_in(adviser)

    page.goto(f"{live_server.url}/admin/guidance/enquiry/")
    results = page.locator("#changelist .results")
    width, visible = results.evaluate("node => [node.scrollWidth, node.clientWidth]")
    assert width <= visible, "the queue scrolls sideways"
    received = page.locator("#result_list td.field-received").all_inner_texts()
    assert received and all(DANISH_SHORT_DATE.match(date) for date in received), received
    expect(page.locator("#result_list")).to_contain_text("Iværksætter")
    assert_accessible(page, "guidance-back-office-queue")

    page.get_by_role("link", name=enquiry.reference).click()
    assert_accessible(page, "guidance-back-office-enquiry")
    page.get_by_label("Svar til spørgeren").fill("Læs om sociale klausuler, før I byder.")
    picker = page.locator(".form-row", has=page.get_by_text("Link til artikler på vidensportalen"))
    picker.locator(".select2-selection").click()
    page.keyboard.type("klausul")
    options = page.locator(".select2-results__option")
    expect(options).to_have_text(["Sociale klausuler i udbud"])  # not the English article
    options.first.click()
    expect(picker.locator(".select2-selection__choice")).to_contain_text(
        "Sociale klausuler i udbud"
    )
    page.get_by_role("button", name="Send svar").click()
    expect(page.locator(".messagelist")).to_contain_text("Svaret er sendt")
    last_day = services.reply_window_end(timezone.localdate())
    expect(page.locator(".guidance-admin-summary")).to_contain_text(
        f"Lukker af sig selv efter {date_format(last_day, 'j. F Y')}"
    )

    reply = enquiry.messages.get(kind=MessageKind.ADVISER)
    [answer] = [mail for mail in mailbox() if mail.to == [enquiry.email] and "Svar" in mail.subject]
    for text in (reply.body, answer.body):
        assert re.search(
            r"\nSociale klausuler i udbud \u2013 http://\S+/viden/sociale-klausuler/", text
        ), text

    # No word from the requester: the task worker closes the enquiry the day after the window.
    assert services.close_unreplied(today=last_day + dt.timedelta(days=1)) == 1
    page.reload()
    expect(page.locator(".guidance-admin-summary")).to_contain_text("Lukket")
    expect(page.locator(".guidance-admin-summary")).not_to_contain_text("Lukker af sig selv")
    expect(page.locator("main")).to_contain_text("Lukket automatisk: intet svar fra spørgeren")
    assert_accessible(page, "guidance-back-office-auto-closed")
    assert [m for m in mailbox() if m.to == [enquiry.email] and "tilfreds" in m.subject]
