"""The foundation every app stands on: settings, database, pages, security headers, mail, checks."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import RequestFactory

from accounts.services import ensure_verified_user
from vaekstcenter import views

pytestmark = pytest.mark.django_db


def test_database_is_postgresql_with_search_extensions():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT to_tsvector('danish_unaccent', 'Socialøkonomiske virksomheder')")
        vector = cursor.fetchone()[0]
    assert {"pg_trgm", "unaccent"} <= extensions
    assert "virksom" in vector  # Danish stemming: virksomheder -> virksom
    assert "socialokonomisk" in vector  # unaccent: ø -> o


def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_home_page_is_danish_with_navigation_and_footer(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da">' in html
    for label in ["Viden", "Registrering", "Rådgivning", "Arrangementer", "Om Vækstcentret"]:
        assert f"<span>{label}</span>" in html
    assert "Gå til sidens indhold" in html
    assert "Tilgængelighedserklæring" in html
    assert "Erhvervsstyrelsen" in html


def test_english_lives_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    # The switcher names the page's language first, ticked (DKFDS bolds the first as chosen).
    for path, first, other in (("/en/", "English", "Dansk"), ("/", "Dansk", "English")):
        switcher = client.get(path).content.decode().split('class="language-switcher"')[1]
        assert 'aria-current="true"><svg' in switcher
        assert switcher.index(f"</svg>{first}</a>") < switcher.index(f">{other}</a>")


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_unknown_page_gets_the_friendly_danish_404(client, settings):
    settings.DEBUG = False
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_error_page_renders_without_the_database(django_db_blocker):
    request = RequestFactory().get("/")
    with django_db_blocker.block():
        response = views.server_error(request)
    assert response.status_code == 500
    assert "Der opstod en fejl hos os" in response.content.decode()


def test_last_updated_is_shown_on_content_pages(client):
    assert "Sidst opdateret" in client.get("/om/").content.decode()


def test_mail_is_sent_through_the_task_queue(mailbox):
    from django_tasks_db.models import DBTaskResult

    mail.send_mail("Emne", "Tekst", None, ["modtager@example.dk"])
    queued = DBTaskResult.objects.filter(task_path="core.mail.deliver_email")
    assert queued.get().status == "READY"
    assert mail.outbox == []
    outbox = mailbox()
    assert [message.to for message in outbox] == [["modtager@example.dk"]]
    assert queued.get().status == "SUCCESSFUL"


def test_development_mail_on_the_console_keeps_links_whole():
    import io

    from django.core.mail import EmailMultiAlternatives

    from core.mail import ReadableConsoleBackend

    link = "http://127.0.0.1:8000/konto/bekraeft-email/" + "MTIzNDU2Nzg5MA" * 6 + "/"
    message = EmailMultiAlternatives(
        "Bekræft din e-mail", f"Hej Søren,\n\n{link}", None, ["s@x.dk"]
    )
    message.attach_alternative("<p>Hej</p>", "text/html")
    stream = io.StringIO()
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: Bekræft din e-mail" in printed
    assert "Hej Søren," in printed
    assert link in printed.splitlines()


def test_staff_groups_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    groups = {group.name: group for group in Group.objects.all()}
    assert {"Redaktører", "Sagsbehandlere", "Rådgivere"} <= set(groups)
    assert groups["Sagsbehandlere"].permissions.filter(codename="view_municipality").exists()


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")


def test_staff_must_set_up_two_factor_before_the_admin(client, settings):
    settings.STAFF_MFA_REQUIRED = True
    staff = ensure_verified_user("staff@example.dk", "x-Adgangskode-9876", is_staff=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/konto/2fa/totp/activate/"


def test_two_factor_also_guards_staff_pages_outside_the_admin(client, settings):
    settings.STAFF_MFA_REQUIRED = True
    staff = ensure_verified_user(
        "staff@example.dk", "x-Adgangskode-9876", is_staff=True, is_superuser=True
    )
    client.force_login(staff)
    response = client.get("/raadgivning/statistik/")
    assert response.status_code == 302
    assert response.url == "/konto/2fa/totp/activate/"


def test_demo_may_relax_two_factor_for_staff(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    staff = ensure_verified_user(
        "staff@example.dk", "x-Adgangskode-9876", is_staff=True, is_superuser=True
    )
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_staff_who_used_totp_in_their_session_reach_the_admin(client, settings, verified_login):
    settings.STAFF_MFA_REQUIRED = True
    staff = ensure_verified_user(
        "staff@example.dk", "x-Adgangskode-9876", is_staff=True, is_superuser=True
    )
    verified_login(client, staff)
    assert client.get("/admin/").status_code == 200


def test_migrations_are_checked_in():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.slow
def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": "p" * 20 + "-production-like-secret-key-9f8e7d6c5b4a3",
        "ALLOWED_HOSTS": "socialvirksomhed.dk",
        "STAFF_MFA_REQUIRED": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_repeated_failed_logins_are_rate_limited(client):
    ensure_verified_user("maja@example.dk", "rigtig-Adgangskode-77")

    def attempt(password: str) -> str:
        response = client.post("/konto/login/", {"login": "maja@example.dk", "password": password})
        return response.content.decode()

    first = attempt("forkert")
    assert "alert-error" in first  # the error summary at the top of the form
    for _attempt in range(5):
        attempt("forkert")
    # Now even the right password is refused until the window has passed.
    assert "for mange mislykkede logonforsøg" in attempt("rigtig-Adgangskode-77")


def test_our_stylesheets_have_balanced_braces():
    """A lost brace silently disables every rule after it (it happened in a merge once)."""
    from pathlib import Path

    from django.conf import settings

    sheets = [
        path
        for path in Path(settings.BASE_DIR).glob("**/static/**/*.css")
        if "vendor" not in path.parts
        and ".venv" not in path.parts
        and "node_modules" not in path.parts
        and "staticfiles" not in path.parts
    ]
    assert sheets
    for sheet in sheets:
        text = sheet.read_text()
        assert text.count("{") == text.count("}"), sheet
