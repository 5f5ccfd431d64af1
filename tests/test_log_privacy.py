"""Secret links never reach a log line: Django's request log nor gunicorn's access log."""

import datetime as dt
import logging
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from gunicorn.config import Config

from core.log_privacy import REDACTED, redact_secrets

TOKEN = "kX3v9dQ_8mZpL0aRtYc1bN4eWf7gHjKs2uVxYz5A6B8"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/raadgivning/sag/{TOKEN}/", f"/raadgivning/sag/{REDACTED}/"),
        (f"/arrangementer/tilmelding/{TOKEN}/", f"/arrangementer/tilmelding/{REDACTED}/"),
        ("/konto/confirm-email/MQ:1tXyZ9:abcDEFghi123456789/", f"/konto/confirm-email/{REDACTED}/"),
        (
            "/konto/password/reset/key/2-c4kq1e-2f6f8b9a0c1d2e3f4a5b/",
            f"/konto/password/reset/key/{REDACTED}/",
        ),
        # Slugs, case numbers and references are kept: they say which page failed.
        ("/viden/vaekstcentret-lukker-ved-aarets-udgang-2015/", None),
        ("/registrering/mine-sager/RSV-2026-00006/", None),
        ("/raadgivning/mine/R2026-ABCD/", None),
    ],
)
def test_tokens_in_paths_are_redacted_and_nothing_else(path, expected):
    assert redact_secrets(path) == (expected or path)


@pytest.mark.django_db
def test_django_request_log_lines_leave_the_token_out(client):
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    lines: list[str] = []
    console.emit = lambda record: lines.append(console.format(record))
    logging.getLogger("django.request").addHandler(console)
    try:
        response = client.get(f"/raadgivning/sag/{TOKEN}/")
    finally:
        logging.getLogger("django.request").removeHandler(console)
    assert response.status_code == 404
    assert any("Not Found" in line for line in lines)
    assert not any(TOKEN in line for line in lines)
    assert "redact_secrets" in settings.LOGGING["handlers"]["console"]["filters"]


def test_gunicorn_access_log_leaves_the_token_out():
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    logger = conf["PrivateAccessLogger"](Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/raadgivning/sag/{TOKEN}/",
        "PATH_INFO": f"/raadgivning/sag/{TOKEN}/",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = type("Response", (), {"status": "404 Not Found", "sent": 10, "headers": []})()
    request = type("Request", (), {"headers": []})()
    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=3))
    assert atoms["U"] == f"/raadgivning/sag/{REDACTED}/"
    assert conf["access_log_format"] == '"%(m)s %(U)s" %(s)s %(b)s %(M)sms'
