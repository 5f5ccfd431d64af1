"""Every page a visitor can reach, in Danish and English, checked in a real browser.

With the whole demo loaded, each page must answer 200, carry one h1, a title and the right
``lang``, break no CSP rule, and let axe-core (WCAG 2.1 AA) find nothing. The app journeys check
their own pages as they go; this crawl makes sure no page is left out, including the ones nobody
clicks through in a journey (about, privacy, login, the English site, the 404 page).
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from events.models import Event
from network.models import Profile
from portal.models import Article, ArticleStatus, Theme
from registry.demo import DEMO_APPLICANT
from registry.models import Application, Enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_paths(language: str) -> list[str]:
    """The public pages in ``language``, one of each kind, with real demo objects."""
    article = Article.objects.filter(status=ArticleStatus.PUBLISHED, language=language).first()
    enterprise = Enterprise.objects.registered().first()
    event = Event.objects.published().first()
    profile = Profile.objects.public().first()
    theme = Theme.objects.first()
    with translation.override(language):
        paths = [
            reverse("portal:home"),
            reverse("portal:knowledge"),
            reverse("portal:knowledge") + "?type=guide&page=2",
            reverse("portal:theme", args=[theme.slug]),
            reverse("portal:search") + "?q=virksomheder",
            reverse("portal:search") + "?q=zzxqv",
            reverse("portal:about"),
            reverse("portal:accessibility"),
            reverse("portal:privacy"),
            reverse("registry:index"),
            reverse("registry:self_test"),
            reverse("registry:register"),
            reverse("registry:open_data"),
            reverse("registry:enterprise", args=[enterprise.cvr]),
            reverse("guidance:index"),
            reverse("guidance:ask"),
            reverse("events:index"),
            reverse("events:archive"),
            reverse("events:detail", args=[event.slug]),
            reverse("network:index"),
            reverse("network:detail", args=[profile.pk]),
            reverse("geography:index"),
            reverse("geography:municipality", args=["koebenhavn"]),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
        ]
    if article:
        paths.append(article.get_absolute_url())
    return paths


def check_page(page, url: str, language: str, csp_violations, assert_accessible) -> None:
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language, url
    assert page.title().strip(), f"{url} has no title"
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    assert not csp_violations, f"{url} broke the CSP: {csp_violations}"


def test_every_public_page_is_accessible_in_both_languages(
    page, live_server, demo, csp_violations, assert_accessible
):
    for language in ("da", "en"):
        paths = public_paths(language)
        assert len(paths) >= 25
        for path in paths:
            check_page(page, live_server.url + path, language, csp_violations, assert_accessible)

    # And the pages behind the login, as the demo applicant sees them.
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("E-mail").fill(DEMO_APPLICANT)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # The header's own link: the mobile menu holds a second one, which counts as shown until
    # the style sheet that hides it has loaded.
    header_links = page.locator(".solution-info .additional-info")
    expect(header_links.get_by_role("link", name="Log ud")).to_be_visible()
    case = Application.objects.filter(enterprise__representatives__email=DEMO_APPLICANT).first()
    for path in [
        reverse("accounts:overview"),
        reverse("registry:my_cases"),
        reverse("registry:case", args=[case.case_number]),
        reverse("guidance:mine"),
        reverse("network:mine"),
        reverse("mfa_index"),
    ]:
        check_page(page, live_server.url + path, "da", csp_violations, assert_accessible)


def test_the_not_found_page_is_accessible_and_keyboard_users_can_skip_to_content(
    page, live_server, csp_violations, assert_accessible
):
    response = page.goto(live_server.url + "/findes-ikke/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "not-found")
    assert not csp_violations

    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til sidens indhold")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))
    expect(page.locator("#main-content")).to_be_focused()
