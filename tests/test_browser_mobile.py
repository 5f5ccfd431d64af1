"""The paged lists on a phone's screen: the pagination's arrows keep an accessible name.

DKFDS hides the words "Forrige" and "Næste" beside the arrows on small screens, which left the
links without a name; axe checks them at a phone's width.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 375, "height": 740}}


@pytest.mark.demo("portal")
def test_the_pagination_arrows_have_a_name_on_a_phone(page, live_server, assert_accessible, demo):
    paths = [
        reverse("portal:search") + "?q=virksomheder",
        reverse("portal:knowledge") + "?type=guide&page=2",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        next_link = page.locator(".pagination .button-next")
        expect(next_link).to_have_count(1)
        expect(next_link.locator(".pagination-nav-link")).to_be_hidden()
        expect(page.get_by_role("link", name="Næste")).to_be_visible()
        assert_accessible(page)


def test_select_boxes_keep_the_dkfds_look_in_our_smaller_stylesheet(page, live_server):
    """The select box styles live in DKFDS's dropdown component, which our build must include."""
    page.goto(live_server.url + reverse("guidance:ask"))
    select = page.locator("select.form-select").first
    box = select.bounding_box()
    assert box["height"] >= 40  # DKFDS's 40 px field height; a bare select is about 20 px
    assert select.evaluate("e => getComputedStyle(e).display") == "block"
