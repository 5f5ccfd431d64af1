import pytest
from django.urls import reverse

from accounts.services import ensure_verified_user
from core import secret_links
from newsletter import services
from newsletter.models import Subscription
from portal.tests import factories as portal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 25])
def test_the_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    themes = [portal.theme(f"Tema {n}") for n in range(count)]
    with django_assert_max_num_queries(6):
        assert client.get(reverse("newsletter:subscribe")).status_code == 200
    services.subscribe(email="a@example.org", language="da", news=True, themes=themes)
    subscription = Subscription.objects.get()
    token = secret_links.issue(subscription)
    for name in ("newsletter:subscription", "newsletter:unsubscribe"):
        with django_assert_max_num_queries(6):
            assert client.get(reverse(name, kwargs={"token": token})).status_code == 200


def test_the_honeypot_and_rate_limit_stop_bots(client):
    data = {"email": "bot@example.org", "topics": "news", "website": "http://spam.example"}
    answer = client.post(reverse("newsletter:subscribe"), data)
    assert "Formularen kunne ikke sendes" in answer.content.decode()
    data["website"] = ""
    for n in range(9):  # the honeypot attempt counted too
        client.post(reverse("newsletter:subscribe"), {**data, "email": f"bot{n}@example.org"})
    response = client.post(reverse("newsletter:subscribe"), {**data, "email": "bot99@example.org"})
    assert response.status_code == 429
    assert "for mange tilmeldinger" in response.content.decode()
    assert Subscription.objects.count() == 9


def test_bad_input_is_explained_in_danish_with_the_input_kept(client):
    response = client.post(reverse("newsletter:subscribe"), {"email": "ikke-en-adresse"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "gyldig e-mail" in page and "Vælg mindst én ting" in page
    assert 'value="ikke-en-adresse"' in page


def test_an_english_page_subscribes_in_english_and_a_signed_in_user_gets_their_address(client):
    user = ensure_verified_user("medlem@example.org", "Password-2026-x")
    client.force_login(user)
    form = client.get("/en/nyhedsbrev/").content.decode()
    assert 'value="medlem@example.org"' in form
    client.post("/en/nyhedsbrev/", {"email": "medlem@example.org", "topics": "events"})
    subscription = Subscription.objects.get()
    assert (subscription.language, subscription.user, subscription.events) == ("en", user, True)
    assert subscription.confirmed_at is None  # double opt-in for everyone
    client.post("/en/nyhedsbrev/", {"email": "en-anden@example.org", "topics": "news"})
    other = Subscription.objects.get(email="en-anden@example.org")
    assert other.user is None  # not proven to be the user's: not in their data export


def test_editors_see_the_counts_and_cannot_add_or_change_subscriptions(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=["Redaktører"]
    )
    client.force_login(editor)
    services.subscribe(email="a@example.org", language="da", news=True)
    services.subscribe(email="b@example.org", language="en", news=True)
    page = client.get("/admin/newsletter/subscription/").content.decode()
    assert "Aktive abonnenter" in page and "afventer bekræftelse" in page
    assert "Engelsk" in page and "English" not in page  # the language named in Danish
    assert 'name="action"' not in page  # no bulk action, no export
    subscription = Subscription.objects.get(email="a@example.org")
    change = client.get(f"/admin/newsletter/subscription/{subscription.pk}/change/")
    assert change.status_code == 200 and 'name="email"' not in change.content.decode()


def test_a_subscriber_chooses_again_on_their_page(client):
    services.subscribe(email="a@example.org", language="da", news=True)
    subscription = services.confirm(Subscription.objects.get())
    theme = portal.theme("Finansiering")
    path = reverse("newsletter:subscription", kwargs={"token": secret_links.issue(subscription)})
    nothing = client.post(path, {})
    assert "Vælg mindst én ting" in nothing.content.decode()
    assert client.post(path, {"topics": "events", "themes": theme.pk}).status_code == 302
    subscription.refresh_from_db()
    assert (subscription.news, subscription.events) == (False, True)
    assert list(subscription.themes.all()) == [theme]
    assert subscription.changes.last().note == "Valgene er ændret"
