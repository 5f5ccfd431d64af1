"""Staff access: the second factor used in the session, short staff sessions, exact role rights.

Which views need the second factor is checked per view in test_permission_matrix.py; here are
the ways a session gets verified, the session limits, and a lint over the URL configuration.
"""

import inspect
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import roles
from accounts.services import ensure_verified_user

pytestmark = pytest.mark.django_db

PASSWORD = "x-Adgangskode-9876"
STATISTICS = "/raadgivning/statistik/"


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.STAFF_MFA_REQUIRED = True


@pytest.fixture
def adviser():
    return ensure_verified_user(
        "raadgiver@example.dk", PASSWORD, is_staff=True, groups=[roles.ADVISERS]
    )


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in_with_password(client, email: str, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD, **extra})


def test_signing_in_with_password_and_code_opens_the_staff_pages(client, adviser, totp_code):
    secret = with_totp(adviser)
    response = sign_in_with_password(client, adviser.email)
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(STATISTICS).status_code == 200


def test_a_session_without_the_code_is_asked_for_it_and_returns_to_the_page(
    client, adviser, totp_code
):
    """TOTP set up, but this session never used it (it began before the activation)."""
    client.force_login(adviser)
    secret = with_totp(adviser)
    response = client.get(STATISTICS)
    verify = f"{reverse('mfa_reauthenticate')}?next=%2Fraadgivning%2Fstatistik%2F"
    assert response.url == verify
    assert client.post(verify, {"code": "000000"}).status_code == 200  # the form, with its error
    assert client.get(STATISTICS).url == verify
    assert client.post(verify, {"code": totp_code(secret)}).url == STATISTICS
    assert client.get(STATISTICS).status_code == 200


def test_a_password_alone_does_not_verify_the_session(client, adviser):
    """Re-entering the password (allauth's other re-authentication) is not a second factor."""
    with_totp(adviser)
    client.force_login(adviser)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(STATISTICS).status_code == 302


def test_staff_without_totp_must_set_it_up(client, adviser):
    client.force_login(adviser)
    response = client.get(STATISTICS)
    assert response.url == reverse("mfa_activate_totp")


def test_the_local_demo_may_go_without_the_second_factor(client, settings, adviser):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(adviser)
    assert client.get(STATISTICS).status_code == 200


@pytest.mark.parametrize("remember", [False, True])
def test_staff_sessions_end_when_the_browser_closes(client, adviser, remember):
    sign_in_with_password(client, adviser.email, **({"remember": "on"} if remember else {}))
    assert client.session.get_expire_at_browser_close()
    assert not client.cookies["sessionid"]["max-age"]


def test_other_users_keep_the_normal_session(client):
    member = ensure_verified_user("borger@example.dk", PASSWORD)
    sign_in_with_password(client, member.email, remember="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.cookies["sessionid"]["max-age"]


def test_staff_sessions_end_eight_hours_after_sign_in(client, adviser, monkeypatch, verified_login):
    member_client = type(client)()
    member = ensure_verified_user("borger@example.dk", PASSWORD)
    member_client.force_login(member)
    verified_login(client, adviser)
    started = time.time()

    monkeypatch.setattr(time, "time", lambda: started + 7.9 * 3600)
    assert client.get(STATISTICS).status_code == 200

    monkeypatch.setattr(time, "time", lambda: started + 8 * 3600 + 60)
    response = client.get(STATISTICS)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={STATISTICS}"
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:overview")).status_code == 302  # signed out everywhere
    assert member_client.get(reverse("accounts:overview")).status_code == 200


def test_a_staff_session_without_a_recorded_sign_in_is_ended(client, adviser, verified_login):
    """E.g. a session from before this rule, or a user made staff while signed in."""
    verified_login(client, adviser)
    session = client.session
    del session["signed_in_at"]
    session.save()
    assert client.get(STATISTICS).url.startswith(reverse("account_login"))


# --- Roles ----------------------------------------------------------------------------------


def test_syncing_roles_removes_permissions_a_role_no_longer_has(monkeypatch):
    handlers = Group.objects.get(name=roles.CASE_HANDLERS)
    handlers.permissions.add(Permission.objects.get(codename="delete_user"))
    monkeypatch.setitem(
        roles.ROLE_EXTRA_PERMISSIONS, roles.CASE_HANDLERS, ["geography.view_region"]
    )

    roles.sync_role_permissions()

    held = set(handlers.permissions.values_list("content_type__app_label", "codename"))
    assert ("accounts", "delete_user") not in held
    assert ("geography", "view_municipality") not in held
    assert ("geography", "view_region") in held
    assert ("registry", "change_application") in held
    assert {app for app, _codename in held} == {"registry", "geography"}


# --- Every staff check goes through accounts.staff ------------------------------------------

# A view that tests a staff permission itself would skip the second factor.
RAW_STAFF_CHECK = re.compile(
    r"has_perm\(|is_case_handler\(|is_adviser\(|is_editor\(|has_role\(|\.is_staff\b|\.is_superuser\b"
)


def _views(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def test_no_view_checks_a_staff_permission_outside_accounts_staff():
    """The admin is guarded as a whole; every other view asks accounts.staff."""
    offenders = []
    for namespace, pattern in _views(get_resolver().url_patterns):
        if namespace == "admin":
            continue
        view = inspect.unwrap(pattern.callback)
        if not inspect.isfunction(view):
            continue  # class-based views of libraries (sitemaps, feeds, allauth)
        source = inspect.getsource(view)
        body = source[source.index("def ") :]  # without the decorators (staff_view is fine)
        if RAW_STAFF_CHECK.search(body):
            offenders.append(f"{view.__module__}.{view.__qualname__}")
    assert offenders == []


# --- In the browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_enter_their_code_and_come_back_to_the_page(
    page, live_server, assert_accessible, totp_code, log_in
):
    from playwright.sync_api import expect

    adviser = ensure_verified_user(
        "raadgiver@example.dk", PASSWORD, is_staff=True, groups=[roles.ADVISERS]
    )
    secret = with_totp(adviser)
    log_in(page, adviser)  # a session that never used the second factor
    page.goto(f"{live_server.url}{STATISTICS}")
    expect(page.get_by_text("Bekræft, at det er dig, med en kode")).to_be_visible()
    assert_accessible(page, "staff-verify")
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{live_server.url}{STATISTICS}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
