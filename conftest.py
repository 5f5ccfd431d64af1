"""Shared test set-up: embedded PostgreSQL, the task queue, Playwright on Debian's Chromium."""

import os
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("TESTING", "1")

BASE_DIR = Path(__file__).resolve().parent
AXE_SOURCE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = BASE_DIR / "test-results"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_configure(config):
    if not os.environ.get("DATABASE_URL"):
        from vaekstcenter import embedded_db

        embedded_db.start()


@pytest.fixture(autouse=True)
def _queued_email(settings):
    """Mail goes through the real task queue; the worker delivers it to Django's test outbox."""
    settings.MAILERS = {
        "default": {"BACKEND": "core.mail.QueuedEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


@pytest.fixture
def run_tasks(monkeypatch):
    """Run every queued background task with django-tasks-db's own worker, then return.

    The worker closes old database connections between tasks, as a long-running process should;
    inside a test's transaction that would end the test's connection, so that step is skipped.
    The run of the periodic jobs that every migrate schedules is dropped first: a test runs the
    jobs it means to (a reminder job run by surprise would send the reminder the test expects).
    """
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    from core.periodic import run_periodic_jobs

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    DBTaskResult.objects.filter(task_path=run_periodic_jobs.module_path, status="READY").delete()

    def run() -> None:
        db_worker.Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="pytest",
        ).run()

    return run


@pytest.fixture
def mailbox(run_tasks):
    """Deliver queued mail and return the outbox."""
    from django.core import mail

    def deliver() -> list:
        run_tasks()
        return mail.outbox

    return deliver


# --- Browser tests ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing test passwords with the production hasher costs a second per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _clear_caches() -> None:
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _caches_empty_at_start(django_db_setup, django_db_blocker):
    """A reused test database may hold cache rows from an interrupted run."""
    with django_db_blocker.unblock():
        _clear_caches()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _clean_slate(request, django_db_blocker):
    """Every test starts with empty caches and in Danish.

    The caches (pages, allauth's login limits) are database tables: an ordinary test's rows go
    with its rolled-back transaction, but a transactional test (browser tests among them) commits
    them, so they are emptied after such a test. Our own rate-limit counters are a model's rows,
    which the flush after a transactional test removes. A request under /en/ leaves English
    active in the thread, so every test starts (and browser tests run) in Danish. Each process
    also keeps its own copies of cached pages (core.page_cache): none survive a test.
    """
    from django.utils import translation

    from core.page_cache import forget_local_pages

    translation.activate("da")
    forget_local_pages()
    yield
    forget_local_pages()
    translation.activate("da")
    if _is_transactional(request):
        with django_db_blocker.unblock():  # torn down after transactional_db
            _clear_caches()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make chromium` (Debian package 'chromium')."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "da-DK", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def log_in(live_server):
    """Sign a user in to the browser: a session made by the test client, as its cookie."""

    def sign_in(page, user) -> None:
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )

    return sign_in


@pytest.fixture
def demo(request, settings, tmp_path):
    """The demo content `make run` shows (every app's and the demo staff), images in tmp_path.

    The whole demo takes a while to load; ``@pytest.mark.demo("portal", ...)`` loads only the
    named apps' demo modules.
    """
    import importlib

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    marker = request.node.get_closest_marker("demo")
    if marker is not None and marker.args:
        for app in marker.args:
            importlib.import_module(f"{app}.demo").load()
        return
    settings.DEBUG = True  # load_demo runs only in development
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


@pytest.fixture
def csp_violations(page):
    """Collect Content-Security-Policy violations reported on the page's console."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


@pytest.fixture
def assert_accessible():
    """Run axe-core (WCAG 2.1 A and AA rules) on the page and fail on any violation.

    axe is evaluated through the DevTools protocol, which our CSP does not block, so the page keeps
    its real policy during the test.
    """

    def check(page, name: str | None = None) -> None:
        page.evaluate(AXE_SOURCE.read_text() + "\n;0")
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
            })"""
        )
        if name:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert not problems, f"axe found accessibility violations on {page.url}:\n" + "\n".join(
            problems
        )

    return check


# --- Staff ---------------------------------------------------------------------------------------


@pytest.fixture
def totp_code():
    """The current TOTP code for a secret, never one about to expire on its way to the server."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    def code(secret: str) -> str:
        left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
        if left < 3:
            time.sleep(left)
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        return format_hotp_value(hotp_value(secret, counter))

    return code


@pytest.fixture
def verified_login(totp_code):
    """Sign a user in with a session verified by the second factor, as staff pages require.

    The user gets a new TOTP authenticator and enters its current code in allauth's own
    re-authentication form, which records the second factor in the session.
    """

    def sign_in(client, user) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
        from django.urls import reverse

        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        client.force_login(user)
        response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302, response.content.decode()[:2000]

    return sign_in


@pytest.fixture
def browser_sign_in(page, live_server, verified_login):
    """Sign the browser in as a user; staff with a session verified by the second factor."""

    def sign_in(user) -> None:
        from django.test import Client

        client = Client()
        if user.is_staff:
            verified_login(client, user)
        else:
            client.force_login(user)
        session = client.cookies["sessionid"].value
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])

    return sign_in
