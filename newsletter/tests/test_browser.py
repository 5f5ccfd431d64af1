import json
import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.services import ensure_verified_user
from newsletter.models import Subscription
from portal.tests import factories as portal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_subscribe_confirm_by_the_mailed_link_and_unsubscribe_on_a_phone(
    page, live_server, settings, mailbox, assert_accessible, csp_violations
):
    settings.SITE_URL = live_server.url
    portal.theme("Finansiering", slug="finansiering")
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Nyhedsbrev", exact=True).click()
    expect(page.get_by_role("heading", name="Nyhedsbrev", level=1)).to_be_visible()

    # Nothing chosen: a Danish error next to the choices, the address kept.
    page.get_by_label("Din e-mailadresse").fill("lise@example.org")
    page.get_by_role("button", name="Tilmeld").click()
    expect(page.locator(".form-error-message")).to_contain_text("Vælg mindst én ting")
    expect(page.get_by_label("Din e-mailadresse")).to_have_value("lise@example.org")
    assert_accessible(page, "newsletter-subscribe-error-390")

    page.get_by_label("Nye arrangementer").check()
    page.get_by_label("Finansiering").check()
    page.get_by_role("button", name="Tilmeld").click()
    expect(page.get_by_role("heading", name="Tjek din e-mail")).to_be_visible()
    assert_accessible(page, "newsletter-check-email-390")
    assert Subscription.objects.get().confirmed_at is None

    [mail] = mailbox()
    link = re.search(r"http://\S+/abonnement/\S+/", mail.body).group(0)
    page.goto(link)
    expect(page.get_by_role("status").first).to_contain_text("Bekræft dit abonnement")
    page.get_by_role("button", name="Bekræft abonnementet").click()
    expect(page.get_by_role("status").last).to_contain_text("Du abonnerer på nyhedsbrevet")
    expect(page.get_by_label("Finansiering")).to_be_checked()
    page.get_by_label("Nyheder og nye artikler").check()
    last_choice = page.locator("form input[type=checkbox]").last.bounding_box()
    save = page.get_by_role("button", name="Gem dine valg")
    assert save.bounding_box()["y"] - (last_choice["y"] + last_choice["height"]) >= 16
    save.click()
    expect(page.get_by_role("status").first).to_contain_text("Dine valg er gemt")
    assert_accessible(page, "newsletter-subscription-390")
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None and subscription.news and subscription.events

    page.get_by_role("link", name="Afmeld nyhedsbrevet").click()
    expect(page.get_by_text("Vil du afmelde lise@example.org?")).to_be_visible()
    assert_accessible(page, "newsletter-unsubscribe-390")
    page.get_by_role("button", name="Ja, afmeld mig").click()
    expect(page.get_by_role("heading", name="Du er afmeldt")).to_be_visible()
    assert_accessible(page, "newsletter-unsubscribed-390")
    assert not Subscription.objects.exists()
    assert not csp_violations


def test_a_signed_in_user_subscribes_from_the_account_exports_it_and_staff_see_the_counts(
    page, live_server, settings, mailbox, browser_sign_in, assert_accessible
):
    settings.SITE_URL = live_server.url
    portal.theme("Finansiering", slug="finansiering")
    user = ensure_verified_user("sofie@example.org", "x-Adgangskode-9876")
    browser_sign_in(user)

    page.goto(live_server.url + "/konto/")
    page.get_by_role("link", name="Nyhedsbrev og besked om nyt").click()
    expect(page.get_by_label("Din e-mailadresse")).to_have_value("sofie@example.org")
    page.get_by_label("Finansiering").check()
    page.get_by_role("button", name="Tilmeld").click()
    expect(page.get_by_role("heading", name="Tjek din e-mail")).to_be_visible()
    [mail] = mailbox()  # double opt-in for account holders too
    page.goto(re.search(r"http://\S+/abonnement/\S+/", mail.body).group(0))
    page.get_by_role("button", name="Bekræft abonnementet").click()
    expect(page.get_by_role("status").last).to_contain_text("Du abonnerer på nyhedsbrevet")

    page.goto(live_server.url + "/konto/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent mine data (JSON)").click()
    exported = json.loads(download.value.path().read_text())
    assert "Finansiering" in json.dumps(exported, ensure_ascii=False)
    assert "sofie@example.org" in json.dumps(exported)

    browser_sign_in(
        ensure_verified_user(
            "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.EDITORS]
        )
    )
    page.goto(live_server.url + "/admin/newsletter/subscription/")
    counts = page.locator("#subscriber-counts")
    expect(counts.get_by_role("row", name=re.compile("^I alt"))).to_contain_text(
        "1 (og 0 afventer bekræftelse)"
    )
    expect(counts.get_by_role("row", name="Temaet Finansiering 1")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("Dansk")
    assert_accessible(page, "newsletter-admin-counts")
