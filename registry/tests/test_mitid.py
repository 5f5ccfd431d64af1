"""Sign-in with MitID Erhverv, against a real OpenID Connect provider on loopback.

The provider is the npm package oidc-provider (a certified implementation) configured by
tests/oidc/provider.mjs: one client, and one account whose token carries a CVR number.
"""

import json
import os
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
from vaekstcenter.settings import mitid_erhverv_app

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
            "OIDC_ACCOUNTS": json.dumps({"lene": ACCOUNT}),
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


def test_sign_in_with_mitid_erhverv_acts_for_the_cvr_at_once(
    page, live_server, mitid_configured, assert_accessible, csp_violations
):
    page.goto(f"{live_server.url}/konto/login/")
    assert_accessible(page, "mitid-login")
    page.get_by_role("button", name="Log ind med MitID Erhverv").click()

    # At the provider (standing in for NemLog-in): its development login form and consent.
    page.wait_for_url(f"{mitid_configured}/**")
    page.locator("input[name=login]").fill("lene")
    page.locator("input[name=password]").fill("any")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]").click()  # consent to the scopes

    page.wait_for_url(f"{live_server.url}/**")
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
    page.get_by_label("Kontakt-e-mail").fill("post@faelleskoekkenet.example.dk")
    page.get_by_label("Stiftelsesår").fill("2019")
    page.get_by_label("Antal ansatte").fill("14")
    page.get_by_label("Omsætning sidste år (kr.)").fill("1800000")
    page.get_by_label("Formål", exact=True).fill("Vi laver mad med og for udsatte borgere.")
    page.get_by_label("Formålsområde").select_option("social")
    page.get_by_role("button", name="Gem og fortsæt").click()
    expect(page.get_by_role("heading", name="Socialt formål")).to_be_visible()

    application = Application.objects.get()
    assert not application.awaits_claim and application.created_by == user
    assert application.enterprise.name == "Foreningen Fælleskøkkenet"
    assert list(application.enterprise.representatives.all()) == [user]
    representation.refresh_from_db()
    assert representation.enterprise == application.enterprise
    assert not csp_violations
