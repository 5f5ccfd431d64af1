"""Checked files survive a form shown again with errors, and belong to one session only."""

import datetime as dt
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guidance import jobs, services
from guidance.models import Attachment, Enquiry, PendingUpload

from .test_views import form_data, send

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf", content=b"%PDF-1.4 forretningsplan"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def held_tokens(response) -> list[str]:
    return re.findall(r'name="kept" value="([^"]+)"[^>]*checked', response.content.decode())


def test_a_checked_file_is_kept_across_an_error_and_sent_with_the_request(client, municipality):
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("guidance:ask"),
        {**form_data(municipality, consent=""), "attachments": [pdf(), fake]},
    )
    html = response.content.decode()
    assert "Du skal give samtykke" in html
    assert "virus.pdf: Filen er ikke en gyldig fil" in html
    assert "Vedhæftede filer" in html and "plan.pdf" in html
    [token] = held_tokens(response)
    assert PendingUpload.objects.get().original_name == "plan.pdf"

    response = send(client, {**form_data(municipality), "kept": [token]})
    assert response.status_code == 302
    attachment = Enquiry.objects.get().messages.get().attachments.get()
    assert attachment.original_name == "plan.pdf"
    assert attachment.file.read() == b"%PDF-1.4 forretningsplan"
    assert not PendingUpload.objects.exists()


def test_an_unticked_held_file_is_dropped(client, municipality):
    response = client.post(
        reverse("guidance:ask"),
        {**form_data(municipality, name=""), "attachments": [pdf(), pdf("budget.pdf")]},
    )
    _plan, second = held_tokens(response)
    response = client.post(
        reverse("guidance:ask"),
        {**form_data(municipality, question=""), "kept": [second]},
    )
    assert held_tokens(response) == [second]  # still held while the question is missing
    assert list(PendingUpload.objects.values_list("token", flat=True)) == [second]
    response = send(client, {**form_data(municipality), "kept": [second]})
    assert response.status_code == 302
    names = Attachment.objects.values_list("original_name", flat=True)
    assert list(names) == ["budget.pdf"]
    assert not PendingUpload.objects.exists()


def test_no_session_can_claim_another_sessions_held_file(client, municipality):
    response = client.post(
        reverse("guidance:ask"), {**form_data(municipality, consent=""), "attachments": [pdf()]}
    )
    [token] = held_tokens(response)

    intruder = Client()
    assert "plan.pdf" not in intruder.get(reverse("guidance:ask")).content.decode()
    response = send(intruder, {**form_data(municipality), "kept": [token]})
    assert response.status_code == 302  # sent, but without the file the token names
    assert not Attachment.objects.exists()
    assert PendingUpload.objects.filter(token=token).exists()


def test_a_held_reply_file_is_kept_for_that_case_only(client, make_enquiry):
    enquiry = make_enquiry()
    case_url = services.new_case_link(enquiry)
    response = client.post(case_url, {"body": "", "attachments": [pdf("svar.pdf")]})
    assert "Dette felt er påkrævet" in response.content.decode()
    [token] = held_tokens(response)
    other = make_enquiry("anden@example.dk")
    assert "svar.pdf" not in client.get(services.new_case_link(other)).content.decode()

    response = client.post(case_url, {"body": "Her er bilaget", "kept": [token]})
    assert response.status_code == 302
    assert enquiry.messages.last().attachments.get().original_name == "svar.pdf"


def test_held_files_never_sent_are_removed_after_a_day(
    client, municipality, django_capture_on_commit_callbacks
):
    client.post(
        reverse("guidance:ask"), {**form_data(municipality, consent=""), "attachments": [pdf()]}
    )
    held = PendingUpload.objects.get()
    path = held.file.path
    assert jobs.delete_stale_held_uploads() == 0
    PendingUpload.objects.update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.delete_stale_held_uploads() == 1
    assert not PendingUpload.objects.exists()
    assert not os.path.exists(path)


def test_the_form_and_summary_run_the_same_queries_with_one_or_five_held_files(
    client, municipality, django_assert_max_num_queries
):
    def queries_with(files: int) -> tuple[int, int]:
        uploads = [pdf(f"bilag-{n}.pdf") for n in range(files)]
        response = client.post(
            reverse("guidance:ask"), {**form_data(municipality), "attachments": uploads}
        )
        with django_assert_max_num_queries(8) as form_page:
            client.get(reverse("guidance:ask"))
        with django_assert_max_num_queries(8) as summary:
            assert f"bilag-{files - 1}.pdf" in client.get(response.url).content.decode()
        return len(form_page.captured_queries), len(summary.captured_queries)

    assert queries_with(1) == queries_with(5)


def test_bots_and_floods_get_no_files_held(client, municipality):
    client.post(
        reverse("guidance:ask"), {**form_data(municipality, website="spam"), "attachments": [pdf()]}
    )
    assert not PendingUpload.objects.exists()
    for n in range(11):
        response = client.post(
            reverse("guidance:ask"),
            {**form_data(municipality), "attachments": [pdf(f"fil-{n}.pdf")]},
        )
    assert "Vi kunne ikke gemme dine filer" in response.content.decode()
    assert response.status_code == 200  # not on to the summary without the file
    assert not PendingUpload.objects.exists()  # earlier ones were unticked, the last not held


def test_a_held_file_sent_twice_by_a_double_click_is_attached_once(make_enquiry):
    [held] = services.hold_uploads("ejer", "ask", [pdf()])
    first, second = make_enquiry(), make_enquiry()
    services.reply_as_requester(first, "Første klik", files=[held])
    services.reply_as_requester(second, "Andet klik", files=[held])  # no error
    assert Attachment.objects.get().message.enquiry == first


def test_a_draft_left_for_more_than_a_day_is_forgotten(client, municipality):
    response = client.post(reverse("guidance:ask"), form_data(municipality))
    assert client.get(response.url).status_code == 200
    session = client.session
    session["guidance_draft"]["saved_at"] = (
        timezone.now() - dt.timedelta(days=1, minutes=1)
    ).isoformat()
    session.save()
    assert client.get(response.url).url == reverse("guidance:ask")
    assert "guidance_draft" not in client.session
    assert 'value="Mette Jensen"' not in client.get(reverse("guidance:ask")).content.decode()
