"""While PostgreSQL is down every page is a friendly 503 within a second; then it recovers.

The handlers are checked on their own with the database out of reach (pytest-django refuses any
query in a test without the db mark). The whole story runs against a real server: a second,
throwaway embedded PostgreSQL holding a copy of the test database, served by gunicorn, stopped
and started again; the shared test database is never touched.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import IntegrityError, OperationalError, connection
from django.test import RequestFactory

from benchmarks.run import environment, start_gunicorn
from core import backups
from vaekstcenter import views

HOST = "127.0.0.1"


def handled(handler, exception, path="/viden/"):
    request = RequestFactory().get(path)
    try:
        raise exception
    except Exception as raised:
        return handler(request) if handler is views.server_error else handler(request, raised)


def test_a_lost_database_gives_the_503_page_without_touching_the_database():
    response = handled(views.server_error, OperationalError("couldn't get a connection"))
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="da">' in html
    assert "Siden er midlertidigt utilgængelig" in html
    assert 'hreflang="en"' in html or "/en/viden/" in html  # the language switch still works


def test_the_503_page_is_english_under_en():
    response = handled(views.server_error, OperationalError("server closed the connection"), "/en/")
    assert response.status_code == 503
    assert response["Content-Language"] == "en"
    assert "The page is temporarily unavailable" in response.content.decode()


def test_a_session_that_could_not_be_saved_during_an_outage_is_a_503_not_a_400():
    def interrupted():
        try:
            try:
                raise OperationalError("the database system is shutting down")
            except OperationalError:
                raise UpdateError from None
        except UpdateError as error:
            raise SessionInterrupted("The request's session was deleted") from error

    request = RequestFactory().post("/raadgivning/henvendelse/tjek/")
    try:
        interrupted()
    except SessionInterrupted as error:
        response = views.bad_request(request, error)
    assert response.status_code == 503


def test_other_errors_stay_500_and_400():
    assert handled(views.server_error, IntegrityError("duplicate key")).status_code == 500
    assert handled(views.server_error, ValueError("bug")).status_code == 500
    bad = handled(views.bad_request, SessionInterrupted("deleted elsewhere"))
    assert bad.status_code == 400


# --- The real thing: a server stopped and started under gunicorn --------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class ThrowawayServer:
    """A second embedded PostgreSQL in its own data folder, driven like the project's own."""

    def __init__(self, pgdata):
        self.env = {**os.environ, "EMBEDDED_PGDATA": str(pgdata)}

    def run(self, *args: str) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "vaekstcenter.embedded_db", *args],
            env=self.env,
            check=False,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-2000:]

    def socket_dir(self) -> str:
        code = "from vaekstcenter import embedded_db; print(embedded_db.socket_dir())"
        return subprocess.run(
            [sys.executable, "-c", code], env=self.env, check=True, capture_output=True, text=True
        ).stdout.strip()


@pytest.fixture(scope="module")
def site_on_throwaway_database(django_db_setup, django_db_blocker):
    """gunicorn (one worker, production settings) on a copy of the test database.

    Not in pytest's tmp_path: other pytest sessions on the machine prune its older folders.
    """
    folder = Path(tempfile.mkdtemp(prefix="vaekstcenter-outage-"))
    server = ThrowawayServer(folder / "pgdata")
    server.run("start")
    try:
        with django_db_blocker.unblock():
            dump, _media = backups.create(folder / "backup", database=connection.settings_dict)
        copy = {"HOST": server.socket_dir(), "USER": "postgres", "NAME": "vaekstcenter"}
        backups.restore(dump, database=copy, media_root=folder / "media")
        port = free_port()
        env = {
            **environment(port),
            **server.env,
            "DJANGO_SETTINGS_MODULE": "vaekstcenter.settings",
            "TESTING": "1",  # unhashed static files: no collectstatic needed
            "GUNICORN_WORKERS": "1",
            "MEDIA_ROOT": str(folder / "media"),
        }
        gunicorn = start_gunicorn(env, port)
        try:
            yield server, port
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
    finally:
        server.run("stop")
        shutil.rmtree(folder, ignore_errors=True)


def get(port: int, path: str, method="GET", body=None, headers=None):
    """(status, headers, body, seconds) of one request."""
    started = time.monotonic()
    client = http.client.HTTPConnection(HOST, port, timeout=10)
    client.request(method, path, body=body, headers=headers or {})
    response = client.getresponse()
    content = response.read().decode()
    client.close()
    return response.status, dict(response.getheaders()), content, time.monotonic() - started


def test_pages_answer_503_within_a_second_while_down_and_the_first_request_after_succeeds(
    site_on_throwaway_database,
):
    server, port = site_on_throwaway_database
    status, headers, html, _ = get(port, "/raadgivning/henvendelse/")
    assert status == 200
    cookie = headers["Set-Cookie"].split(";")[0]  # the CSRF cookie the form goes with
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    server.run("stop")
    for path, heading in [
        ("/", "Siden er midlertidigt utilgængelig"),
        ("/registrering/register/", "Siden er midlertidigt utilgængelig"),
        ("/en/", "The page is temporarily unavailable"),
    ]:
        status, headers, html, seconds = get(port, path)
        assert (status, path) == (503, path)
        assert headers["Retry-After"] == "30"
        assert heading in html
        assert seconds < 1.0, f"{path} took {seconds:.2f} s"

    # A form sent while the database is down: the visitor is told, nothing half-saved.
    status, _headers, html, seconds = get(
        port,
        "/raadgivning/henvendelse/",
        method="POST",
        body=f"csrfmiddlewaretoken={token}&name=Test",
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 503 and "ikke modtaget" in html and seconds < 1.0

    status, headers, body, seconds = get(port, "/healthz")
    assert status == 503 and headers["Retry-After"] == "30" and seconds < 1.0
    assert json.loads(body) == {"status": "unavailable", "database": "down"}

    server.run("start")
    assert get(port, "/")[0] == 200  # the very first request after the restart
    assert get(port, "/healthz")[0] == 200
    assert get(port, "/en/")[0] == 200


def test_the_task_worker_waits_out_the_outage(site_on_throwaway_database):
    server, _port = site_on_throwaway_database
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "worker", "--no-reload", "--no-startup-delay", "-v", "0"],
        cwd=settings.BASE_DIR,
        env={**server.env, "DJANGO_SETTINGS_MODULE": "vaekstcenter.settings", "TESTING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(2)
        server.run("stop")
        time.sleep(3)
        assert worker.poll() is None, "the worker stopped with the database"
        server.run("start")
        time.sleep(2)
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)


# --- Background tasks: tried again later, visible in the admin ----------------------------------


@pytest.mark.django_db
def test_a_failed_delivery_is_tried_again_later_and_shown_to_staff(
    settings, run_tasks, admin_client
):
    from django.core import mail
    from django.core.mail import send_mail
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    closed_port = free_port()  # nothing listens there: the mail server is "down"
    settings.MAILERS = {
        "default": {"BACKEND": "core.mail.QueuedEmailBackend"},
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": HOST, "port": closed_port, "timeout": 1},
        },
    }
    send_mail("Kvittering", "Tak for din henvendelse.", None, ["borger@example.dk"])
    run_tasks()
    tasks = DBTaskResult.objects.filter(task_path="core.mail.deliver_email")
    failed = tasks.get(status="FAILED")
    waiting = tasks.get(status="READY")
    assert waiting.args_kwargs["kwargs"] == {"attempt": 2}
    assert waiting.run_after > timezone.now()  # later, not at once

    settings.STAFF_MFA_REQUIRED = False
    listing = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status=FAILED")
    assert listing.status_code == 200 and str(failed.pk) in listing.content.decode()

    settings.MAILERS["delivery"] = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    tasks.filter(pk=waiting.pk).update(run_after=timezone.now())
    run_tasks()
    assert [message.subject for message in mail.outbox] == ["Kvittering"]


@pytest.mark.django_db
def test_the_worker_queues_again_what_a_lost_worker_left_running(settings, run_tasks):
    from datetime import timedelta

    from django.core import mail
    from django.core.mail import send_mail
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    send_mail("Kvittering", "Tak.", None, ["borger@example.dk"])
    DBTaskResult.objects.filter(task_path="core.mail.deliver_email").update(
        status="RUNNING", started_at=timezone.now() - timedelta(hours=1)
    )
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0")
    assert [message.subject for message in mail.outbox] == ["Kvittering"]
