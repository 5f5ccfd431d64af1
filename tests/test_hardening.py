"""Security hardening across the site: headers, the language link, security.txt, the demo loader."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


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
