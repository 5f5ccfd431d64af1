"""A deregistration as the law runs it, in a real browser: the handler hears the enterprise, the
enterprise answers in "Mine sager", the handler previews the decision letter and decides, and the
enterprise finds the letter on its case. Beside it, another enterprise's hearing is closed without
deregistration: its public page says the registration is under review until then."""

import pytest
from playwright.sync_api import expect

from registry.models import ApplicationStatus, HearingOutcome
from registry.services import hearings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hearing_answered_in_mine_sager_then_a_decision_letter_previewed_and_sent(
    page, live_server, browser_sign_in, make_case, handler, applicant, assert_accessible
):
    case = make_case(ApplicationStatus.REGISTERED, name="Havnens Vaskeri ApS")
    admin_case = f"{live_server.url}/admin/registry/application/{case.pk}/change/"
    heard = make_case(ApplicationStatus.REGISTERED, name="Strandens Cykelværksted ApS")
    hearings.start_hearing(heard, "no_longer_qualifies", "Ingen omsætning i 2025.", by=handler)

    # A reader with the heard enterprise's address: still registered, under review.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{heard.enterprise.get_absolute_url()}")
    expect(page.locator("#under-review")).to_contain_text("Registreringen er under behandling")
    assert_accessible(page, "enterprise-under-review-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    browser_sign_in(handler)
    page.goto(f"{live_server.url}/admin/registry/application/{heard.pk}/change/")
    page.get_by_role("link", name="Afslut partshøringen uden afregistrering").click()
    page.get_by_label("Begrundelse til virksomheden").fill(
        "Regnskabet for 2025 viser omsætning fra værkstedet."
    )
    assert_accessible(page, "hearing-close")
    page.get_by_role("button", name="Afslut partshøringen uden afregistrering").click()
    expect(page.locator(".messagelist")).to_contain_text("Partshøringen er afsluttet")
    assert heard.hearings.get().outcome == HearingOutcome.CLOSED

    page.goto(admin_case)
    expect(page.locator(".rsv-not-offered")).to_contain_text("partshøres først")
    page.get_by_role("link", name="Send partshøring om afregistrering").click()
    page.get_by_label("Grundlag").select_option(label="Manglende socialt regnskab")
    page.get_by_label("Varsel til virksomheden").fill(
        "Det sociale regnskab for 2025 er ikke modtaget."
    )
    assert_accessible(page, "hearing-send")
    page.get_by_role("button", name="Send partshøring om afregistrering").click()
    expect(page.locator(".messagelist")).to_contain_text("Partshøringen er sendt")

    browser_sign_in(applicant)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Partshøring om afregistrering")
    )
    expect(section).to_contain_text("Det sociale regnskab for 2025 er ikke modtaget.")
    page.get_by_label("Jeres svar").fill("Regnskabet kommer i næste uge; revisor er syg.")
    assert_accessible(page, "hearing-answer")
    page.get_by_role("button", name="Send svar på partshøringen").click()
    expect(page.get_by_text("Jeres svar er sendt til sagsbehandleren.")).to_be_visible()
    expect(section).to_contain_text("I svarede den")
    page.goto(f"{live_server.url}{heard.get_absolute_url()}")
    expect(page.locator("#hearing-closed")).to_contain_text("uden afregistrering")
    assert_accessible(page, "hearing-closed-in-mine-sager")

    browser_sign_in(handler)
    page.goto(f"{live_server.url}/admin/registry/application/{case.pk}/transition/deregister/")
    letter = page.locator(".rsv-letter")
    expect(letter).to_contain_text("Afgørelse om afregistrering")
    expect(letter).to_contain_text("Regnskabet kommer i næste uge")  # the answer, in the reasons
    expect(letter).to_contain_text("Erhvervsankenævnet")
    page.get_by_label("Begrundelse for afregistreringen").fill(
        "Regnskabet er stadig ikke modtaget."
    )
    page.get_by_role("button", name="Vis brevet med begrundelsen").click()
    expect(letter).to_contain_text("Regnskabet er stadig ikke modtaget.")
    assert_accessible(page, "decision-letter-preview")
    page.get_by_role("button", name="Afregistrér virksomheden").click()
    expect(page.locator(".messagelist")).to_contain_text("Sagen er opdateret")

    browser_sign_in(applicant)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    link = page.get_by_role("link", name="Afgørelse om afregistrering")
    expect(link).to_be_visible()
    assert_accessible(page, "decision-letter-in-mine-sager")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith(f"afgoerelse-{case.case_number}")
    assert case.hearings.get().answered_at is not None
