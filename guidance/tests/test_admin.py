import json

import pytest
from django.urls import reverse

from accounts.roles import ADVISERS
from accounts.services import ensure_verified_user
from geography.models import Municipality
from guidance import selectors, services
from guidance.forms import AdviserReplyForm
from guidance.models import DataRequestLog, Enquiry, EnquiryStatus, MessageKind, Referral
from portal.models import Article
from portal.tests.factories import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, adviser, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(adviser)
    return client


def test_the_queue_filters_and_searches(admin_client, make_enquiry, adviser):
    overdue = make_enquiry(name="Forsinket Frederik")
    Enquiry.objects.filter(pk=overdue.pk).update(due_date="2020-01-06")
    nina = make_enquiry(
        name="Ny Nina",
        topics=["financing"],
        requester_type="entrepreneur",
        municipality=Municipality.objects.get(name="Aalborg"),
    )
    services.assign(nina, adviser, by=adviser)
    make_enquiry(name="Ubekræftet Ulla", confirmed=False)
    url = reverse("admin:guidance_enquiry_changelist")
    for query in [
        "",
        "?status=received",
        "?status=all",
        "?status=open",
        f"?adviser={adviser.pk}",
        "?adviser=none",
        "?topic=financing",
        "?requester_type__exact=entrepreneur",
        "?municipality__region__id__exact=1",
        "?overdue=yes",
        "?overdue=no",
        "?q=Nina",
    ]:
        assert admin_client.get(url + query).status_code == 200, query
    assert "Ny Nina" in admin_client.get(url + "?topic=financing").content.decode()
    assert "Ubekræftet Ulla" not in admin_client.get(url).content.decode()
    assert "Ubekræftet Ulla" not in admin_client.get(url + "?status=all").content.decode()
    assert "Ubekræftet Ulla" in admin_client.get(url + "?status=unconfirmed").content.decode()
    html = admin_client.get(url + "?overdue=yes").content.decode()
    assert "Forsinket Frederik" in html and "Ny Nina" not in html
    assert html.count('class="guidance-admin-overdue">Overskredet<') == 1  # flagged in the queue
    north = nina.municipality.region_id
    for query in [
        f"?adviser={adviser.pk}",
        "?requester_type__exact=entrepreneur",
        f"?municipality__region__id__exact={north}",
        "?q=nina",
        f"?q={nina.reference}",
    ]:
        html = admin_client.get(url + query).content.decode()
        assert "Ny Nina" in html and "Forsinket Frederik" not in html, query
    html = admin_client.get(url + "?adviser=none").content.decode()
    assert "Forsinket Frederik" in html and "Ny Nina" not in html


def test_advisers_answer_note_refer_and_close_through_services(admin_client, make_enquiry, mailbox):
    enquiry = make_enquiry()
    change = reverse("admin:guidance_enquiry_change", args=[enquiry.pk])
    html = admin_client.get(change).content.decode()
    assert "Svar spørgeren" in html and 'name="status"' not in html
    assert "Spørgeren skrev på" not in html
    Enquiry.objects.filter(pk=enquiry.pk).update(language="en")
    assert "Spørgeren skrev på English" in admin_client.get(change).content.decode()
    Enquiry.objects.filter(pk=enquiry.pk).update(language="da")

    admin_client.post(
        reverse("admin:guidance_enquiry_assign", args=[enquiry.pk]),
        {"assign-adviser": admin_client.session["_auth_user_id"]},
    )
    admin_client.post(
        reverse("admin:guidance_enquiry_note", args=[enquiry.pk]), {"note-body": "Intern"}
    )
    response = admin_client.post(reverse("admin:guidance_enquiry_reply", args=[enquiry.pk]), {})
    assert response.status_code == 200 and "Dette felt er påkrævet" in response.content.decode()
    guide = article("Sociale klausuler i udbud", slug="sociale-klausuler")
    admin_client.post(
        reverse("admin:guidance_enquiry_reply", args=[enquiry.pk]),
        {"reply-body": "Her er vores bedste bud.", "reply-articles": [guide.pk]},
    )
    reply = enquiry.messages.get(kind=MessageKind.ADVISER)
    assert reply.body.startswith("Her er vores bedste bud.")
    assert "\nSociale klausuler i udbud \u2013 http" in reply.body
    assert reply.body.endswith("/viden/sociale-klausuler/")
    admin_client.post(
        reverse("admin:guidance_enquiry_refer", args=[enquiry.pk]),
        {"referral-partner": "job_centre", "referral-partner_name": "Jobcenter Odense"},
    )
    admin_client.post(
        reverse("admin:guidance_enquiry_status", args=[enquiry.pk]), {"to": "answered"}
    )  # not a manual target: refused
    admin_client.post(reverse("admin:guidance_enquiry_status", args=[enquiry.pk]), {"to": "closed"})
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CLOSED
    assert enquiry.messages.filter(kind=MessageKind.NOTE).count() == 1
    assert Referral.objects.get(enquiry=enquiry).partner_name == "Jobcenter Odense"
    subjects = [m.subject for m in mailbox()]
    assert any("Svar på din henvendelse" in s for s in subjects)
    assert any("tilfreds" in s for s in subjects)
    assert (
        enquiry.status_changes.filter(to_status=EnquiryStatus.CLOSED).get().changed_by is not None
    )


def test_personal_data_export_and_erasure(admin_client, make_enquiry):
    make_enquiry("person@example.dk")
    url = reverse("admin:guidance_personal_data")
    html = admin_client.get(url, {"email": "person@example.dk"}).content.decode()
    assert "1 henvendelse fundet" in html
    response = admin_client.post(url, {"email": "person@example.dk", "action": "json"})
    assert json.loads(response.content)[0]["name"] == "Mette Jensen"
    response = admin_client.post(url, {"email": "person@example.dk", "action": "csv"})
    assert "Mette Jensen" in response.content.decode()
    response = admin_client.post(url, {"email": "person@example.dk", "action": "erase"})
    assert "Sæt kryds for at bekræfte" in response.content.decode()
    assert Enquiry.objects.get().anonymised_at is None
    admin_client.post(url, {"email": "person@example.dk", "action": "erase", "confirm": "yes"})
    assert Enquiry.objects.get().anonymised_at is not None
    assert DataRequestLog.objects.count() == 3


def test_people_outside_the_advisers_group_cannot_use_the_queue(client, settings, make_enquiry):
    from accounts.services import ensure_verified_user

    settings.STAFF_MFA_REQUIRED = False
    enquiry = make_enquiry()
    editor = ensure_verified_user(
        "red@example.dk", "x-Kode-2014-x", is_staff=True, groups=["Redaktører"]
    )
    client.force_login(editor)
    assert client.get(reverse("admin:guidance_enquiry_changelist")).status_code == 403
    response = client.post(
        reverse("admin:guidance_enquiry_status", args=[enquiry.pk]), {"to": "closed"}
    )
    assert response.status_code == 403
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.RECEIVED


def test_advisers_and_articles_are_offered_in_danish_order(adviser):
    for first in ("Åse", "Ærling", "Zenia"):
        ensure_verified_user(
            f"{first.lower()}@example.dk", "x", first_name=first, is_staff=True, groups=[ADVISERS]
        )
    for title in ("Åbne data", "Ærlig handel", "Zoner"):
        article(title)
    names = [user.first_name for user in selectors.advisers()]
    assert names == ["Randi", "Zenia", "Ærling", "Åse"]
    titles = [a.title for a in AdviserReplyForm(language="da").fields["articles"].queryset]
    assert titles == ["Zoner", "Ærlig handel", "Åbne data"]


def test_the_article_picker_offers_published_articles_in_the_requests_language(
    admin_client, make_enquiry
):
    enquiry = make_enquiry()
    Enquiry.objects.filter(pk=enquiry.pk).update(language="en")
    english = article("Social clauses in tenders", slug="social-clauses", language="en")
    article("Sociale klausuler i udbud", slug="sociale-klausuler")
    article("Social draft", slug="social-draft", language="en", published=False)
    autocomplete = reverse("admin:autocomplete")
    widget = AdviserReplyForm(language="en").fields["articles"].widget
    assert widget.get_url() == f"{autocomplete}?sprog=en"

    found = admin_client.get(
        autocomplete,
        {
            "sprog": "en",
            "term": "social",
            "app_label": "portal",
            "model_name": "article",
            "field_name": "related",
        },
    ).json()
    assert [item["text"] for item in found["results"]] == ["Social clauses in tenders"]

    danish = Article.objects.get(slug="sociale-klausuler")
    response = admin_client.post(
        reverse("admin:guidance_enquiry_reply", args=[enquiry.pk]),
        {"reply-body": "See this.", "reply-articles": [danish.pk]},
    )
    assert response.status_code == 200 and "reply-articles" in response.content.decode()
    assert not enquiry.messages.filter(kind=MessageKind.ADVISER).exists()
    admin_client.post(
        reverse("admin:guidance_enquiry_reply", args=[enquiry.pk]),
        {"reply-body": "See this.", "reply-articles": [english.pk]},
    )
    reply = enquiry.messages.get(kind=MessageKind.ADVISER)
    assert reply.body.endswith(
        "Social clauses in tenders \u2013 http://127.0.0.1:8000/en/viden/social-clauses/"
    )
