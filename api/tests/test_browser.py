import json

import pytest
from playwright.sync_api import expect

from api.tests.conftest import seed_public_content

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_developer_finds_the_api_in_the_footer_and_follows_an_example(
    page, live_server, settings, assert_accessible, csp_violations
):
    settings.API_REQUESTS_PER_MINUTE = 1000
    seed_public_content()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Åbent API").click()
    expect(page.get_by_role("heading", level=1, name="Åbent API")).to_be_visible()
    expect(
        page.get_by_role("heading", name="GET /api/v1/register/enterprises", exact=True)
    ).to_be_visible()
    page.screenshot(path="test-results/api-documentation-1280.png", full_page=False)
    assert_accessible(page, "api-documentation")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways page
    page.screenshot(path="test-results/api-documentation-390.png", full_page=False)
    assert_accessible(page, "api-documentation-phone")
    assert csp_violations == []

    # The example request answers JSON, readable from any origin.
    example = page.get_by_role("link", name="GET /api/v1/register/enterprises?").first
    response = page.request.get(live_server.url + example.get_attribute("href"))
    assert response.status == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "results" in json.loads(response.text())
