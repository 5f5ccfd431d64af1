"""Security hardening across the site: headers, the language link, security.txt, the demo loader."""

import logging
import re
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.services import ensure_verified_user
from core.models import Mail

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def test_every_response_denies_powerful_browser_features(client, settings):
    settings.DEBUG = False
    for path in ["/", "/en/viden/", "/findes-ikke/", "/healthz", "/.well-known/security.txt"]:
        policy = client.get(path).headers["Permissions-Policy"]
        for feature in ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]:
            assert f"{feature}=()" in policy, (path, feature)
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.parametrize("path", ["//evil.example/viden/", "/\\evil.example/viden/", "///evil/"])
def test_the_language_link_of_a_404_stays_on_this_site(client, settings, path):
    settings.DEBUG = False
    response = client.get("/", PATH_INFO=path)  # as sent on the wire, not parsed as a URL
    assert response.status_code == 404
    links = re.findall(r'href="([^"]*)"[^>]*(?:hreflang|lang)="en"', response.content.decode())
    links += [link["url"] for link in response.context["language_links"]]
    assert links
    for link in links:
        assert link.startswith("/") and not link.startswith(("//", "/\\")), link


def test_the_language_link_still_translates_a_real_page(client):
    links = {link["code"]: link["url"] for link in client.get("/viden/").context["language_links"]}
    assert links == {"da": "/viden/", "en": "/en/viden/"}


def test_security_txt_follows_rfc_9116(client, settings):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == f"mailto:{settings.CENTRE['security_email']}"
    assert fields["Preferred-Languages"] == "da, en"
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) + timedelta(days=30) < expires < datetime.now(UTC) + timedelta(365)


def test_load_demo_refuses_to_run_without_debug(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", verbosity=0)
    assert not django_user_model.objects.filter(is_superuser=True).exists()


# --- Mail: one-line subjects, failures visible to staff and free of personal data ----------------


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, naming them as real servers do."""

    def send_messages(self, email_messages):
        refused = {
            to: (550, f"5.1.1 <{to}>: unknown".encode()) for m in email_messages for to in m.to
        }
        raise smtplib.SMTPRecipientsRefused(refused)


def test_a_name_with_a_line_break_does_not_stop_the_mail(mailbox):
    mail.send_mail("Tilmelding: Anna\r\nBcc: x@evil.example\x00", "Tekst", None, ["a@example.dk"])
    (sent,) = mailbox()
    assert sent.subject == "Tilmelding: Anna Bcc: x@evil.example"
    assert sent.bcc == [] and "Bcc" not in sent.message()


def test_a_failed_delivery_is_shown_to_staff_without_personal_data_in_logs(
    client, settings, run_tasks, caplog
):
    settings.STAFF_MFA_REQUIRED = False
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "tests.test_hardening.RefusingBackend"},
    }
    mail.send_mail("Hej Mette Jensen", "Din sag", None, ["mette@example.dk"])
    with caplog.at_level(logging.DEBUG):
        run_tasks()
    failed = Mail.objects.get(status="FAILED")
    assert Mail.objects.filter(status="READY").count() == 1  # the automatic retry, later
    assert failed.failure == "SMTPRecipientsRefused (SMTP 550)"
    assert "mette" not in failed.traceback.lower() and "Mette" not in caplog.text
    assert "mette@example.dk" not in caplog.text

    admin = ensure_verified_user("admin@example.dk", "x-Adgangskode-9876", is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    html = client.get(reverse("admin:vaekstcenter_mail_changelist"), {"status": "FAILED"})
    html = html.content.decode()
    assert "Fejlet" in html and "mette@example.dk" in html and "SMTP 550" in html

    settings.MAILERS = {**settings.MAILERS, "delivery": {"BACKEND": LOCMEM}}
    client.post(
        reverse("admin:vaekstcenter_mail_changelist"),
        {"action": "send_again", "_selected_action": [failed.pk]},
    )
    run_tasks()
    assert [m.to for m in mail.outbox] == [["mette@example.dk"]]
    assert sorted(Mail.objects.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    assert LogEntry.objects.get().change_message == "Sendt igen."


# --- Uploads: a file past the limit is not kept, and the form says so in Danish ----------------


def test_an_oversized_upload_is_cut_off_and_refused_next_to_the_field(
    client, settings, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.files.uploadhandler import MemoryFileUploadHandler

    from geography.models import Municipality
    from guidance.tests.test_views import form_data

    settings.FILE_UPLOAD_MAX_FILE_SIZE = 256 * 1024  # 10 MB in production; smaller here for speed
    monkeypatch.setattr("guidance.forms.MAX_ATTACHMENT_BYTES", 256 * 1024)
    stored = []
    original = MemoryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        stored.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(MemoryFileUploadHandler, "receive_data_chunk", counting)
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4" + b"0" * (3 * 1024 * 1024), "application/pdf")
    data = form_data(Municipality.objects.get(name="Odense"), attachments=[big])
    response = client.post(reverse("guidance:ask"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "stor.pdf: Filen fylder" in html and "Den må højst fylde" in html
    assert sum(stored) <= settings.FILE_UPLOAD_MAX_FILE_SIZE  # the other 2.75 MB never kept


def test_one_client_cannot_hold_more_than_its_quota_over_fresh_sessions(settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from geography.models import Municipality
    from guidance import services
    from guidance.models import PendingUpload
    from guidance.tests.test_views import form_data

    settings.MEDIA_ROOT = settings.BASE_DIR / "test-results" / "media-hardening"
    monkeypatch.setattr(services, "MAX_HELD_BYTES_PER_CLIENT", 1000)
    data = form_data(Municipality.objects.get(name="Odense"), consent="")  # shown again: held
    for attempt in range(4):  # each try a new session, as a script that drops cookies would
        plan = SimpleUploadedFile(f"plan{attempt}.pdf", b"%PDF-1.4" + b"0" * 392, "application/pdf")
        response = Client().post(reverse("guidance:ask"), {**data, "attachments": [plan]})
        assert response.status_code == 200
    assert PendingUpload.objects.count() == 2  # 2 x 400 bytes fit in 1000; the third does not
    assert "Vi kunne ikke gemme dine filer lige nu" in response.content.decode()
    services.release_uploads(PendingUpload.objects.all())
