"""Sign-in with MitID Erhverv, against a real OpenID Connect provider on loopback.

The provider is the npm package oidc-provider (a certified implementation) configured by
tests/oidc/provider.mjs: one client, and one account whose token carries a CVR number.
"""

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from playwright.sync_api import expect

from accounts.models import User
from registry.models import Application, Representation
from registry.tests.conftest import fill_stated_enterprise
from vaekstcenter.settings import mitid_erhverv_app

# A Node OpenID Connect provider beside the browser.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]

PROVIDER_SCRIPT = Path(django_settings.BASE_DIR) / "tests" / "oidc" / "provider.mjs"
NODE = os.environ.get("NODE", "/usr/bin/node")
CLIENT_ID = "vaekstcenter-test"
CLIENT_SECRET = "test-secret-not-used-anywhere-else"
CVR = "99900024"  # Foreningen Fælleskøkkenet in the local CVR data set
ACCOUNT = {
    "email": "leder@faelleskoekkenet.example.dk",
    "email_verified": True,
    "given_name": "Lene",
    "family_name": "Leder",
    "cvr": CVR,
}
# A broker that does not vouch for the address: it is confirmed by e-mail, as for a sign-up.
UNVERIFIED = {"email": "ole@example.dk", "email_verified": False, "cvr": CVR}
PORTS = range(18550, 18600)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("No free port for the test OpenID Connect provider.")


def _wait_for_discovery(issuer: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oidc-provider exited: {process.stdout.read()}")
        try:
            discovery = f"{issuer}/.well-known/openid-configuration"
            with urllib.request.urlopen(discovery) as answer:  # noqa: S310 - our own http URL
                if json.load(answer)["issuer"] == issuer:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("oidc-provider did not publish its discovery document in time.")


@pytest.fixture(scope="session")
def oidc_issuer(live_server):
    """Start the provider once for the session; stop it at the end."""
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    callback = f"{live_server.url}/konto/oidc/mitid-erhverv/login/callback/"
    process = subprocess.Popen(
        [NODE, str(PROVIDER_SCRIPT)],
        env={
            **os.environ,
            "OIDC_PORT": str(port),
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_REDIRECT_URIS": callback,
            "OIDC_ACCOUNTS": json.dumps({"lene": ACCOUNT, "ole": UNVERIFIED}),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for_discovery(issuer, process)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def mitid_configured(settings, oidc_issuer):
    """The settings the environment variables MITID_ERHVERV_* produce."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                mitid_erhverv_app(
                    oidc_issuer, CLIENT_ID, CLIENT_SECRET, ["openid", "email", "profile"]
                )
            ]
        }
    }
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"  # the live server has no TLS
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], oidc_issuer],
    }
    return oidc_issuer


def test_without_configuration_there_is_no_mitid_button(client):
    page = client.get("/konto/login/").content.decode()
    assert "MitID Erhverv" not in page


def sign_in_at_provider(page, live_server, issuer, login) -> None:
    """From our login page through the provider's development login form and consent, back."""
    page.get_by_role("button", name="Log ind med MitID Erhverv").click()
    # With a session at the provider it sends the browser straight back.
    page.wait_for_url(lambda url: url.startswith(issuer) or "/login/" not in url)
    if page.url.startswith(issuer) and page.locator("input[name=login]").count():
        page.locator("input[name=login]").fill(login)
        page.locator("input[name=password]").fill("any")
        page.locator("button[type=submit]").click()
    if page.url.startswith(issuer):  # consent to the scopes, unless given before
        page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/**")


def test_sign_in_with_mitid_erhverv_acts_for_the_cvr_at_once(
    page, live_server, mitid_configured, assert_accessible, csp_violations
):
    page.goto(f"{live_server.url}/konto/login/")
    assert_accessible(page, "mitid-login")
    sign_in_at_provider(page, live_server, mitid_configured, "lene")
    expect(page.get_by_role("link", name="Log ud")).to_be_visible()
    user = User.objects.get(email=ACCOUNT["email"])
    assert EmailAddress.objects.get(user=user).verified  # the broker verified it
    representation = Representation.objects.get(user=user)
    assert (representation.cvr, representation.status, representation.source) == (
        CVR,
        "approved",
        "mitid_erhverv",
    )
    assert representation.changes.get().note == "Bekræftet med MitID Erhverv"

    page.goto(f"{live_server.url}/registrering/ansoeg/")
    assert page.get_by_label("CVR-nummer").input_value() == CVR  # from the token
    page.get_by_role("button", name="Hent oplysninger fra CVR").click()
    facts = page.get_by_test_id("cvr-facts")
    expect(facts).to_contain_text("Foreningen Fælleskøkkenet")
    expect(facts).to_contain_text("Kongensgade 21, 5000 Odense C")
    expect(facts).to_contain_text("Forening")
    assert page.locator("input[name=name]").count() == 0  # read-only facts, not typed
    assert page.locator("[name=claim-statement]").count() == 0  # no proof asked for
    assert_accessible(page, "mitid-apply")
    fill_stated_enterprise(page, "post@faelleskoekkenet.example.dk", "2019", "14", "1800000")
    page.get_by_role("button", name="Gem og fortsæt", exact=True).click()
    expect(page.get_by_role("heading", name="Socialt formål")).to_be_visible()

    application = Application.objects.get()
    assert not application.awaits_claim and application.created_by == user
    assert application.enterprise.name == "Foreningen Fælleskøkkenet"
    assert list(application.enterprise.representatives.all()) == [user]
    representation.refresh_from_db()
    assert representation.enterprise == application.enterprise
    assert not csp_violations


def test_an_address_the_broker_has_not_verified_is_confirmed_by_mail_without_a_trap(
    page, live_server, mitid_configured, mailbox, assert_accessible
):
    page.goto(f"{live_server.url}/konto/login/")
    sign_in_at_provider(page, live_server, mitid_configured, "ole")
    expect(page.get_by_role("heading", name="Bekræft din emailadresse")).to_be_visible()
    assert_accessible(page, "mitid-verify-email")
    user = User.objects.get(email=UNVERIFIED["email"])
    assert not EmailAddress.objects.get(user=user).verified
    assert Representation.objects.get(user=user).status == "approved"  # MitID proved it

    path = re.search(r"/konto/confirm-email/\S+/", mailbox()[-1].body).group(0)
    page.goto(live_server.url + path)
    page.get_by_role("button", name="Bekræft").click()
    assert EmailAddress.objects.get(user=user).verified
    # Confirmed in the same browser: the MitID sign-in it interrupted is finished, no second
    # round at the provider (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
    expect(page.get_by_role("link", name="Log ud")).to_be_visible()
    assert "/konto/login/" not in page.url
