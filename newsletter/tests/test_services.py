import datetime as dt
import re

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.gdpr import erase_account, export_personal_data
from accounts.services import ensure_verified_user
from core.periodic import registered_jobs
from events.models import Event
from events.tests.factories import make_event
from newsletter import selectors, services
from newsletter.models import Subscription, SubscriptionChange, SubscriptionStatus
from portal.models import Article
from portal.tests import factories as portal

pytestmark = pytest.mark.django_db

WEEK = dt.timedelta(days=7)


def mailed_path(mail, kind: str) -> str:
    """The path of the subscriber's page (``abonnement``) or unsubscribe link (``afmeld``)."""
    return re.search(rf"https?://[^/\s]+(/\S*{kind}/[^/\s]+/)", mail.body).group(1)


def subscribed(email="abonnent@example.org", *, language="da", **choices) -> Subscription:
    """A confirmed subscription whose last digest went out a week and a minute ago."""
    services.subscribe(email=email, language=language, **({"news": True} | choices))
    subscription = services.confirm(Subscription.objects.get(email=email))
    Subscription.objects.filter(pk=subscription.pk).update(
        covered_until=timezone.now() - WEEK - dt.timedelta(minutes=1)
    )
    subscription.refresh_from_db()
    return subscription


def digests(outbox):
    return [m for m in outbox if "Bekræft" not in m.subject and "Confirm" not in m.subject]


def test_subscribing_mails_a_confirmation_link_and_nothing_is_sent_until_it_is_used(mailbox):
    services.subscribe(email="ny@example.org", language="da", news=True)
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    [mail] = mailbox()
    assert mail.subject == "Bekræft dit abonnement på Vækstcentrets nyhedsbrev"
    path = mailed_path(mail, "abonnement")
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert token not in str(list(Subscription.objects.values()))  # only its digest is kept
    assert selectors.subscription_for_token(token) == subscription

    Subscription.objects.update(covered_until=timezone.now() - 2 * WEEK)  # even if it had one
    portal.article()
    assert services.send_due_digests() == 0  # inactive until confirmed

    response = Client().post(path)
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert list(
        SubscriptionChange.objects.filter(subscription=subscription).values_list(
            "from_status", "to_status"
        )
    ) == [("", SubscriptionStatus.PENDING), (SubscriptionStatus.PENDING, SubscriptionStatus.ACTIVE)]


def test_the_digest_holds_only_what_is_new_and_chosen_and_a_second_run_sends_nothing(mailbox):
    finance = portal.theme("Finansiering")
    other_theme = portal.theme("Andet")
    subscription = subscribed(news=False, themes=[finance])
    old = portal.article("Gammel artikel", themes=[finance])
    Article.objects.filter(pk=old.pk).update(publish_at=subscription.covered_until - WEEK)
    portal.article("Ny om finansiering", themes=[finance])
    portal.article("Ny om noget andet", themes=[other_theme])
    make_event(title="Møde om finansiering").themes.add(finance)
    make_event(title="Møde om andet").themes.add(other_theme)
    mailbox().clear()

    assert services.send_due_digests() == 1
    assert services.send_due_digests() == 0  # the same week: nothing twice
    [mail] = digests(mailbox())
    assert mail.subject == "Nyt fra Vækstcentret"
    assert "Ny om finansiering" in mail.body
    assert "Møde om finansiering" in mail.body
    assert "Gammel artikel" not in mail.body
    assert "noget andet" not in mail.body
    assert "Møde om andet" not in mail.body

    # A week later (everything so far moved a week back) only what came since the last digest.
    Subscription.objects.update(covered_until=F("covered_until") - WEEK)
    Article.objects.update(publish_at=F("publish_at") - WEEK)
    Event.objects.update(published_at=F("published_at") - WEEK)
    portal.article("Endnu nyere om finansiering", themes=[finance])
    mailbox().clear()
    assert services.send_due_digests() == 1
    [mail] = digests(mailbox())
    assert "Endnu nyere om finansiering" in mail.body
    assert "Ny om finansiering" not in mail.body


def test_an_event_is_sent_in_the_week_it_was_published_however_old_or_edited(mailbox):
    subscribed(news=False, events=True)
    drafted = make_event(title="Længe forberedt møde", is_published=False)
    Event.objects.filter(pk=drafted.pk).update(created_at=timezone.now() - 5 * WEEK)
    sent = make_event(title="Sidste uges møde")
    Event.objects.filter(pk=sent.pk).update(
        created_at=timezone.now() - 2 * WEEK, published_at=timezone.now() - 2 * WEEK
    )
    drafted.refresh_from_db()
    drafted.is_published = True
    drafted.save()
    sent.refresh_from_db()
    sent.summary = "Nyt program."
    sent.save()  # edited, and published before this week: not sent again
    mailbox().clear()

    assert services.send_due_digests() == 1
    [mail] = digests(mailbox())
    assert "Længe forberedt møde" in mail.body
    assert "Sidste uges møde" not in mail.body

    first_published = drafted.published_at
    drafted.is_published = False
    drafted.save()
    drafted.is_published = True
    drafted.save()  # public again: still its first moment, so no later digest repeats it
    drafted.refresh_from_db()
    assert drafted.published_at == first_published


def test_the_digest_is_in_the_subscribers_language_with_their_languages_articles(mailbox):
    subscribed("reader@example.org", language="en")
    portal.article("Dansk nyhed", language="da")
    portal.article("English news", language="en", slug="english-news")
    mailbox().clear()
    assert services.send_due_digests() == 1
    [mail] = digests(mailbox())
    assert mail.subject == "News from the Growth Centre"  # the English name, as on the site
    assert "English news" in mail.body
    assert "Dansk nyhed" not in mail.body
    assert "/en/nyhedsbrev/afmeld/" in mail.extra_headers["List-Unsubscribe"]


def test_nothing_new_sends_nothing_and_the_week_starts_again(mailbox):
    subscription = subscribed()
    mailbox().clear()
    assert services.send_due_digests() == 0
    assert digests(mailbox()) == []
    subscription.refresh_from_db()
    assert subscription.covered_until > timezone.now() - dt.timedelta(minutes=1)


def test_a_digest_is_not_due_before_a_week_has_passed(mailbox):
    subscription = subscribed()
    Subscription.objects.filter(pk=subscription.pk).update(
        covered_until=timezone.now() - dt.timedelta(days=6)
    )
    portal.article()
    assert services.send_due_digests() == 0


def test_every_newsletter_mail_has_one_click_unsubscribe_headers(mailbox):
    subscribed()
    services.subscribe(email="abonnent@example.org", language="da", news=True)  # already
    services.subscribe(email="anden@example.org", language="da", events=True)  # confirmation
    portal.article()
    services.send_due_digests()
    outbox = mailbox()
    assert {m.subject for m in outbox} == {
        "Bekræft dit abonnement på Vækstcentrets nyhedsbrev",
        "Du abonnerer allerede på Vækstcentrets nyhedsbrev",
        "Nyt fra Vækstcentret",
    }
    for mail in outbox:
        unsubscribe = re.fullmatch(r"<(https?://\S+)>", mail.extra_headers["List-Unsubscribe"])
        assert unsubscribe, mail.extra_headers
        assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe.group(1).endswith(mailed_path(mail, "afmeld"))


def test_the_one_click_post_unsubscribes_without_a_csrf_token_and_deletes_the_address(mailbox):
    subscription = subscribed()
    services.subscribe(email=subscription.email, language="da", news=True)
    [mail] = [m for m in mailbox() if "allerede" in m.subject]
    url = re.fullmatch(r"<https?://[^/]+(\S+)>", mail.extra_headers["List-Unsubscribe"]).group(1)
    client = Client(enforce_csrf_checks=True)

    page = client.get(url)  # a link checker opening it unsubscribes nobody
    assert page.status_code == 200
    assert Subscription.objects.exists()

    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    ended = SubscriptionChange.objects.get(to_status=SubscriptionStatus.ENDED)
    assert ended.subscription is None and "abonnent" not in ended.note
    assert client.post(url).status_code == 404  # the link opens nothing any more


def test_an_unconfirmed_subscription_expires_and_is_deleted_by_the_housekeeping_job(mailbox):
    services.subscribe(email="glemt@example.org", language="da", news=True)
    services.subscribe(email="husket@example.org", language="da", news=True)
    remembered = services.confirm(Subscription.objects.get(email="husket@example.org"))
    [mail] = [m for m in mailbox() if m.to == ["glemt@example.org"]]
    path = mailed_path(mail, "abonnement")
    assert Client().get(path).status_code == 200

    three_days_ago = timezone.now() - dt.timedelta(days=3, minutes=1)
    Subscription.objects.update(requested_at=three_days_ago)
    assert Client().get(path).status_code == 410
    assert Client().post(path).status_code == 410  # cannot be confirmed any more

    job = registered_jobs()["newsletter.jobs.delete_unconfirmed_subscriptions"]
    assert job() == 1
    assert list(Subscription.objects.all()) == [remembered]
    assert Client().get(path).status_code == 404


def test_subscribing_an_address_again_tells_nobody_and_changes_no_confirmed_choices(
    client, mailbox
):
    subscription = subscribed(news=True)
    answers = [
        client.post(reverse("newsletter:subscribe"), {"email": email, "topics": "events"})
        for email in ("abonnent@example.org", "helt-ny@example.org")
    ]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].url == answers[1].url == reverse("newsletter:check_email")
    subscription.refresh_from_db()
    assert (subscription.news, subscription.events) == (True, False)


def test_gdpr_export_and_erasure_include_the_subscription(mailbox):
    user = ensure_verified_user("medlem@example.org", "Password-2026-x")
    subscribed("medlem@example.org")
    [section] = export_personal_data(user)["nyhedsbrev"]
    assert section["email"] == "medlem@example.org"
    assert section["nyheder"] is True
    erase_account(user)
    assert not Subscription.objects.exists()
    assert SubscriptionChange.objects.filter(to_status=SubscriptionStatus.ENDED).exists()


def test_staff_see_counts_per_topic(mailbox):
    finance = portal.theme("Finansiering")
    subscribed("a@example.org", news=True, themes=[finance])
    subscribed("b@example.org", news=False, events=True)
    services.subscribe(email="c@example.org", language="da", news=True)
    counts = selectors.subscriber_counts()
    assert (counts["active"], counts["pending"], counts["news"], counts["events"]) == (2, 1, 1, 1)
    assert {t.name: t.subscribers for t in counts["themes"]}["Finansiering"] == 1


@pytest.mark.demo("portal", "newsletter")
def test_the_demo_subscribers_use_example_org_and_loading_again_changes_nothing(demo):
    from newsletter import demo as newsletter_demo

    addresses = set(Subscription.objects.values_list("email", flat=True))
    assert addresses and all(a.endswith("@example.org") for a in addresses)
    assert Subscription.objects.filter(confirmed_at__isnull=True).exists()
    assert Subscription.objects.filter(themes__slug="finansiering").exists()
    newsletter_demo.load()
    assert Subscription.objects.count() == len(addresses)
