"""The back office's long lists fit a 1280 px screen without sideways scrolling, like the case
queue (registry/tests/test_back_office.py), with realistic long names (issue 17)."""

import pytest

from accounts import roles
from accounts.services import ensure_verified_user
from events.tests.factories import make_event, signed_up
from network.tests.factories import make_owner, make_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(db):
    return ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.EDITORS]
    )


def assert_fits(page, name: str) -> None:
    results = page.locator("#changelist .results")
    width, visible = results.evaluate("node => [node.scrollWidth, node.clientWidth]")
    page.screenshot(path=f"test-results/{name}.png", full_page=True)
    assert width <= visible, f"the list is {width} px wide in {visible} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_registrations_list_fits_a_1280_px_screen(
    page, live_server, browser_sign_in, editor, assert_accessible
):
    event = make_event(
        title="Fra idé til forretningsplan: workshop for socialøkonomiske iværksættere", capacity=1
    )
    signed_up(
        event,
        1,
        name="Marie-Louise Østergaard Christensen",
        email="marie-louise.oestergaard.christensen@kommune-eksempel.dk",
    )
    signed_up(event, 2, name="Jens Peter Hansen", email="jens.peter.hansen@example.dk")
    browser_sign_in(editor)
    page.goto(f"{live_server.url}/admin/events/registration/")
    assert page.locator("#result_list tbody tr").count() == 2
    assert_fits(page, "admin-registrations-1280")
    assert_accessible(page)


def test_the_network_profiles_list_fits_a_1280_px_screen(
    page, live_server, browser_sign_in, editor, django_user_model, assert_accessible
):
    owner = django_user_model.objects.create_user(
        "bestyrelsesformand.for.genbrugsvaerkstedet@socialoekonomi-eksempel.dk"
    )
    make_profile(owner, name="Fællesskabets Genbrugsværksted og Café ApS")
    make_profile(make_owner(django_user_model), name="Socialøkonomisk Rengøring Nordjylland A/S")
    browser_sign_in(editor)
    page.goto(f"{live_server.url}/admin/network/profile/")
    assert page.locator("#result_list tbody tr").count() == 2
    assert_fits(page, "admin-profiles-1280")
    assert_accessible(page)


def test_the_users_list_fits_a_1280_px_screen(
    page, live_server, browser_sign_in, django_user_model, assert_accessible
):
    admin = ensure_verified_user(
        "administrator@example.dk", "x-Adgangskode-9876", is_staff=True, is_superuser=True
    )
    ensure_verified_user(
        "soeren.sagsbehandler@socialoekonomisk-vaekstcenter.example.dk",
        "x-Adgangskode-9876",
        first_name="Søren",
        last_name="Sagsbehandler",
        is_staff=True,
        groups=[roles.CASE_HANDLERS],
    )
    browser_sign_in(admin)
    page.goto(f"{live_server.url}/admin/accounts/user/")
    assert page.locator("#result_list tbody tr").count() == 2
    assert_fits(page, "admin-users-1280")
    assert_accessible(page)
