import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.services import ensure_verified_user
from core import secret_links
from guidance import selectors, services
from guidance.models import Enquiry, EnquiryStatus, MessageKind
from portal.tests.factories import article

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def form_data(municipality, **overrides):
    return {
        "requester_type": "municipality",
        "name": "Mette Jensen",
        "organisation": "Odense Kommune",
        "municipality": str(municipality.pk),
        "email": "mette@example.dk",
        "phone": "",
        "topics": ["employment", "procurement"],
        "question": "Hvordan bruger vi sociale klausuler?",
        "preferred_contact": "email",
        "consent": "on",
        "website": "",
        **overrides,
    }


def send(client, data, url=None):
    """Fill in the form, then send it from "Tjek dine oplysninger"."""
    response = client.post(url or reverse("guidance:ask"), data)
    assert response.status_code == 302 and response.url.endswith("/henvendelse/tjek/")
    return client.post(response.url)


def test_public_pages_render(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(reverse("guidance:index")).status_code == 200
    with django_assert_max_num_queries(4):
        response = client.get(reverse("guidance:ask"))
    assert response.status_code == 200
    assert 'type="radio"' in response.content.decode()


def test_asking_without_account_sends_a_confirmation_link(client, municipality, mailbox):
    pdf = SimpleUploadedFile(
        "plan.pdf", b"%PDF-1.4 forretningsplan", content_type="application/pdf"
    )
    response = client.post(
        reverse("guidance:ask"), {**form_data(municipality), "attachments": [pdf]}
    )
    assert response.status_code == 302 and not Enquiry.objects.exists()
    assert client.get(response.url, follow=False).status_code == 200
    assert Client().get(response.url).url == reverse("guidance:ask")  # no draft: start over
    check = client.get(response.url).content.decode()
    assert "Tjek dine oplysninger" in check and "plan.pdf" in check and "Odense" in check
    assert "Beskæftigelsesordninger med jobcentret, Offentlige indkøb" in check
    assert 'href="/raadgivning/henvendelse/#id_question"' in check
    form = client.get(reverse("guidance:ask")).content.decode()  # back to correct something
    assert 'value="Mette Jensen"' in form and "plan.pdf" in form
    response = client.post(response.url)
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.status == EnquiryStatus.UNCONFIRMED
    assert enquiry.messages.get().attachments.get().original_name == "plan.pdf"
    receipt = client.get(response.url).content.decode()
    assert enquiry.reference in receipt
    assert "Hvordan bruger vi sociale klausuler?" in receipt and "Odense" in receipt

    link = re.search(r"https?://[^/]+(/raadgivning/bekraeft/[^/]+/)", mailbox()[0].body).group(1)
    assert client.get(link).status_code == 200
    assert Enquiry.objects.get().status == EnquiryStatus.UNCONFIRMED  # GET alone confirms nothing
    response = client.post(link)
    assert response.status_code == 302
    assert Enquiry.objects.get().status == EnquiryStatus.RECEIVED
    assert client.get("/raadgivning/bekraeft/forkert/").status_code == 404


def test_bad_input_gets_danish_errors_and_keeps_the_rest(client, municipality):
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    data = form_data(municipality, email="ikke-en-adresse", consent="", preferred_contact="phone")
    response = client.post(reverse("guidance:ask"), {**data, "attachments": [fake]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Der er fejl i det, du har udfyldt" in html
    assert "Du skal give samtykke" in html
    assert "Skriv dit telefonnummer" in html
    assert "Filen er ikke en gyldig fil" in html
    assert 'value="Mette Jensen"' in html
    assert "Hvordan bruger vi sociale klausuler?" in html
    assert not Enquiry.objects.exists()


def test_honeypot_and_rate_limit_stop_bots(client, municipality):
    response = client.post(reverse("guidance:ask"), form_data(municipality, website="spam"))
    assert response.status_code == 200 and not Enquiry.objects.exists()
    for _ in range(6):
        response = send(client, form_data(municipality))
    assert "mange henvendelser" in response.content.decode()
    assert Enquiry.objects.count() == 5


def test_a_verified_account_goes_straight_into_the_queue(client, municipality, mailbox):
    user = ensure_verified_user("konto@example.dk", PASSWORD)
    client.force_login(user)
    send(client, form_data(municipality, email="konto@example.dk"))
    enquiry = Enquiry.objects.get()
    assert enquiry.user == user and enquiry.status == EnquiryStatus.RECEIVED
    assert "Vi har modtaget" in mailbox()[0].subject


def test_mine_lists_only_own_requests_with_a_fixed_number_of_queries(
    client, make_enquiry, adviser, django_assert_max_num_queries, verified_login
):
    owner = ensure_verified_user("ejer@example.dk", PASSWORD)
    other = ensure_verified_user("anden@example.dk", PASSWORD)
    mine = make_enquiry("ejer@example.dk", user=owner)
    theirs = make_enquiry("anden@example.dk", user=other, question="Andens hemmelige spørgsmål")
    services.add_note(mine, "Intern vurdering", by=adviser)
    client.force_login(owner)
    with django_assert_max_num_queries(8) as few:
        html = client.get(reverse("guidance:mine")).content.decode()
    assert mine.reference in html and theirs.reference not in html
    assert "Intern vurdering" not in html
    for n in range(10):
        enquiry = make_enquiry("ejer@example.dk", user=owner)
        services.reply_as_adviser(enquiry, f"Svar {n}", by=adviser)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("guidance:mine"))
    assert client.get(reverse("guidance:mine")).status_code == 200
    client.logout()
    assert client.get(reverse("guidance:mine")).status_code == 302


def test_mine_includes_confirmed_requests_sent_to_a_verified_address(client, make_enquiry):
    owner = ensure_verified_user("ejer@example.dk", PASSWORD)
    confirmed = make_enquiry("Ejer@Example.dk")
    unconfirmed = make_enquiry("ejer@example.dk", confirmed=False)
    client.force_login(owner)
    html = client.get(reverse("guidance:mine")).content.decode()
    assert confirmed.reference in html and unconfirmed.reference not in html


def test_an_unconfirmed_request_cannot_be_written_to(client, make_enquiry):
    enquiry = make_enquiry(confirmed=False)
    response = client.post(services.new_case_link(enquiry), {"body": "Hej"})
    assert "Bekræft først din e-mailadresse" in response.content.decode()
    assert enquiry.messages.count() == 1


def test_case_page_by_token_hides_notes_and_reopens_on_reply(
    client, make_enquiry, adviser, django_assert_max_num_queries, verified_login
):
    enquiry = make_enquiry()
    services.assign(enquiry, adviser, by=adviser)
    services.add_note(enquiry, "Kun til os", by=adviser)
    services.reply_as_adviser(enquiry, "Her er vores svar", by=adviser)
    services.close(enquiry, by=adviser)
    case_url = services.new_case_link(enquiry)
    with django_assert_max_num_queries(6) as few:
        html = client.get(case_url).content.decode()
    assert "Her er vores svar" in html and "Kun til os" not in html
    assert "Hvad synes du om rådgivningen?" in html
    for n in range(10):
        services.reply_as_requester(enquiry, f"Spørgsmål {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(case_url)
    assert client.get("/raadgivning/sag/forkert-noegle/").status_code == 404

    services.reply_as_adviser(enquiry, "Endnu et svar", by=adviser)
    services.close(enquiry, by=adviser)
    response = client.post(case_url, {"body": "Tak, men et spørgsmål mere"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.IN_PROGRESS
    assert enquiry.messages.filter(kind=MessageKind.REQUESTER).last().body.startswith("Tak, men")


def test_satisfaction_is_given_once_through_the_case_link(client, make_enquiry, adviser):
    enquiry = make_enquiry()
    services.close(enquiry, by=adviser)
    url = reverse("guidance:rate", kwargs={"token": secret_links.issue(enquiry)})
    response = client.post(url, {"rating-score": "9"})
    assert response.status_code == 200 and "gyldig valgmulighed" in response.content.decode()
    client.post(url, {"rating-score": "4", "rating-comment": "Fint"})
    client.post(url, {"rating-score": "1"})
    enquiry.refresh_from_db()
    assert enquiry.satisfaction.score == 4


def test_attachments_need_the_right_token_or_an_adviser(client, make_enquiry, adviser, settings):
    enquiry = make_enquiry()
    upload = SimpleUploadedFile("svar.pdf", b"%PDF-1.4 svar", content_type="application/pdf")
    message = services.reply_as_requester(enquiry, "Bilag", files=[upload])
    attachment = message.attachments.get()
    url = reverse(
        "guidance:attachment", kwargs={"token": secret_links.issue(enquiry), "pk": attachment.pk}
    )
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    wrong = reverse("guidance:attachment", kwargs={"token": "forkert", "pk": attachment.pk})
    assert client.get(wrong).status_code == 404
    other = make_enquiry("anden@example.dk")
    theirs = reverse(
        "guidance:attachment", kwargs={"token": secret_links.issue(other), "pk": attachment.pk}
    )
    assert client.get(theirs).status_code == 404

    staff_url = reverse("admin:guidance_attachment", kwargs={"pk": attachment.pk})
    assert client.get(staff_url).status_code == 302  # sign in first
    client.force_login(ensure_verified_user("borger@example.dk", PASSWORD))
    assert client.get(staff_url).status_code == 302  # not staff: to the sign-in page
    client.force_login(adviser)
    assert client.get(staff_url).status_code == 302  # staff without two-factor: set it up first
    settings.STAFF_MFA_REQUIRED = False
    assert client.get(staff_url).status_code == 200

    services.anonymise(enquiry)
    assert not enquiry.messages.filter(attachments__isnull=False).exists()
    assert client.get(url).status_code == 404


def test_statistics_are_for_advisers_only_with_fixed_queries(
    client, make_enquiry, adviser, django_assert_max_num_queries, verified_login
):
    url = reverse("guidance:statistics")
    assert client.get(url).status_code == 302
    client.force_login(ensure_verified_user("borger@example.dk", PASSWORD))
    assert client.get(url).status_code == 403
    # Statistics are a staff area: the adviser used the second factor in this session.
    verified_login(client, adviser)
    enquiry = make_enquiry()
    services.reply_as_adviser(enquiry, "Svar", by=adviser)
    services.close(enquiry, by=adviser)
    services.record_satisfaction(enquiry, score=4)
    with django_assert_max_num_queries(12) as few:
        html = client.get(url).content.decode()
    assert "<svg" in html and "Kommune" in html and "4,0 / 5" in html
    assert "0,0 arbejdsdage" in html and "Median svartid (arbejdsdage)" in html
    for _ in range(5):
        make_enquiry()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    csv = client.get(reverse("guidance:statistics_csv")).content.decode()
    assert "Hvem spørger;Kommune;6" in csv
    assert "Tilfredshed;Gennemsnit (1-5);4,0" in csv
    assert "Hvem spørger: tilfredshed (1-5);Kommune;4,0" in csv
    assert "Hvem spørger: besvaret til tiden (%);Kommune;100,0" in csv
    assert "Svartid;Median (arbejdsdage);0,0" in csv

    html = client.get(url, {"start": "2020-01-01", "end": "2020-12-31"}).content.decode()
    assert "0 henvendelser modtaget" in html
    html = client.get(url, {"start": "2026-12-01", "end": "2026-01-01"}).content.decode()
    assert "Slutdatoen skal ligge efter startdatoen" in html and "6 henvendelser" in html
    old = client.get(
        reverse("guidance:statistics_csv"), {"start": "2020-01-01", "end": "2020-12-31"}
    )
    assert "I alt;Henvendelser;0" in old.content.decode()


def test_the_pages_speak_english_under_en(client):
    html = client.get("/en/raadgivning/henvendelse/").content.decode()
    assert "On whose behalf are you asking?" in html
    assert "Public procurement and social clauses" in html
    assert "At most 5 files in PDF" in html and "Højst 5 filer" not in html


def test_a_request_from_the_english_site_gets_every_mail_in_english(
    client, municipality, mailbox, adviser
):
    response = send(client, form_data(municipality), "/en/raadgivning/henvendelse/")
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.language == "en"

    confirmation = mailbox()[-1]
    assert confirmation.subject == "Confirm your request to the centre"
    assert confirmation.body.startswith("Dear Mette Jensen")
    link = re.search(r"https?://[^/]+(/en/raadgivning/bekraeft/[^/]+/)", confirmation.body)
    client.post(link.group(1))
    receipt = mailbox()[-1]
    assert receipt.subject == f"We have received your request {enquiry.reference}"
    case_link = re.search(r"/en/raadgivning/sag/([^/\s]+)/", receipt.body)
    assert selectors.enquiry_for_token(case_link.group(1)) == enquiry
    assert "Kære" not in receipt.body and "senest" not in receipt.body

    enquiry.refresh_from_db()
    # The adviser works in the Danish admin; what they write is sent as written.
    services.reply_as_adviser(enquiry, "Svar skrevet af rådgiveren.", by=adviser)
    answer = mailbox()[-1]
    assert answer.subject == f"Answer to your request {enquiry.reference}"
    assert "Svar skrevet af rådgiveren." in answer.body
    assert "Dear Mette Jensen" in answer.body and "/en/raadgivning/sag/" in answer.body
    services.close(enquiry, by=adviser)
    question = mailbox()[-1]
    assert question.subject == "How satisfied were you with our advice?"
    assert "/en/raadgivning/sag/" in question.body and "Kære" not in question.body

    services.reply_as_requester(enquiry, "One more question")
    notice = mailbox()[-1]
    assert notice.to == [adviser.email] and "Ny besked" in notice.subject  # staff read Danish


def test_article_links_point_to_the_version_in_the_requesters_language():
    danish = article("Sociale klausuler", slug="sociale-klausuler")
    danish.translation = article("Social clauses", slug="social-clauses", language="en")
    danish.save()
    only_danish = article("Kun på dansk", slug="kun-dansk")

    body = services.with_article_links("Answer.", [danish, only_danish], language="en")
    assert "Read more on the knowledge portal:" in body
    assert "\nSocial clauses \u2013 http" in body and "/en/viden/" in body
    assert "\nKun på dansk \u2013 http" in body
    body = services.with_article_links("Svar.", [danish])
    assert "Læs mere på vidensportalen:\nSociale klausuler \u2013 http" in body


def test_a_case_link_works_until_90_days_after_closing_then_explains(client, make_enquiry, adviser):
    enquiry = make_enquiry()
    with translation.override("da"):
        case_url = services.new_case_link(enquiry)
    services.close(enquiry, by=adviser)
    assert client.get(case_url).status_code == 200
    enquiry.closed_at = timezone.now() - dt.timedelta(days=91)
    enquiry.save(update_fields=["closed_at"])
    response = client.get(case_url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "Linket er udløbet" in html and "90 dage" in html
    assert "Stil et nyt spørgsmål" in html
    assert client.post(case_url, {"body": "Hej igen"}).status_code == 410
    assert enquiry.messages.count() == 1


def test_mine_opens_each_case_with_a_fresh_link(client, make_enquiry):
    owner = ensure_verified_user("ejer@example.dk", PASSWORD)
    mine = make_enquiry("ejer@example.dk")
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    attachment = services.reply_as_requester(mine, "Bilag", files=[upload]).attachments.get()
    theirs = make_enquiry("anden@example.dk")
    client.force_login(owner)
    html = client.get(reverse("guidance:mine")).content.decode()
    own_file = reverse("guidance:my_attachment", args=[mine.reference, attachment.pk])
    assert own_file in html
    assert client.get(own_file).status_code == 200
    response = client.get(reverse("guidance:open_mine", args=[mine.reference]))
    assert response.status_code == 302
    assert selectors.enquiry_for_token(response["Location"].split("/")[-2]) == mine
    assert client.get(reverse("guidance:open_mine", args=[theirs.reference])).status_code == 404
    wrong_file = reverse("guidance:my_attachment", args=[theirs.reference, attachment.pk])
    assert client.get(wrong_file).status_code == 404
    assert client.get("/raadgivning/mine/R2026-'ABCD/").status_code == 404


def test_an_old_clear_token_hashed_by_the_migration_still_opens_the_case(client, make_enquiry):
    enquiry = make_enquiry()
    Enquiry.objects.filter(pk=enquiry.pk).update(
        link_hashes=[secret_links.digest("gammel-noegle-fra-en-mail")]
    )
    assert client.get("/raadgivning/sag/gammel-noegle-fra-en-mail/").status_code == 200
