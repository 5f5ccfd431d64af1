"""HTML is gzipped where that reveals nothing (BREACH): not with a CSRF token, not signed in."""

import gzip

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_public_page_without_a_form_to_post_is_compressed(client):
    response = client.get(reverse("portal:search") + "?q=kommune", **GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b'name="q"' in gzip.decompress(response.content)


def test_a_client_that_does_not_accept_gzip_gets_plain_html(client):
    response = client.get(reverse("portal:home"))

    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in response.content


def test_a_page_with_a_csrf_token_is_not_compressed(client):
    response = client.get(reverse("guidance:ask"), **GZIP)

    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_a_signed_in_visitors_pages_are_not_compressed(client):
    user = get_user_model().objects.create_user(email="laeser@example.dk", password="x" * 12)
    client.force_login(user)

    response = client.get(reverse("portal:search") + "?q=kommune", **GZIP)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_only_html_is_compressed_here(client):
    response = client.get(reverse("portal:robots"), **GZIP)

    assert not response.has_header("Content-Encoding")
