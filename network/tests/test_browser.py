import pytest
from playwright.sync_api import expect

from network import services
from network.models import Profile
from network.tests.factories import make_owner, make_profile
from portal.models import Theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_profile_approval_matches_and_a_contact_message(
    page,
    live_server,
    django_user_model,
    settings,
    mailbox,
    assert_accessible,
    csp_violations,
    log_in,
):
    settings.SITE_URL = live_server.url
    Theme.objects.create(name="Samarbejde med det offentlige", slug="offentligt-samarbejde")
    cleaner = make_profile(
        make_owner(django_user_model),
        name="Rengøring for Alle",
        offers="Rengøring med ansatte i fleksjob",
        seeks="Kommunale kunder",
        region_code=1081,
    )
    owner = make_owner(django_user_model, "indkoeb")
    log_in(page, owner)

    page.goto(live_server.url + "/netvaerk/")
    page.get_by_role("link", name="Opret en profil for jeres organisation").click()
    page.get_by_label("Kommune", exact=True).check()
    page.get_by_label("Navn på virksomhed, kommune eller organisation").fill("Demo Kommune")
    page.get_by_label("Hvem er I?").fill("Indkøbsafdelingen i en kommune.")
    page.get_by_label("Hvad tilbyder I?").fill("Rammeaftaler og dialog før udbud.")
    page.get_by_role("button", name="Send til godkendelse").click()
    # Missing field: a Danish error next to it, nothing typed is lost.
    expect(page.locator(".form-error-message").first).to_contain_text("Dette felt er påkrævet")
    expect(page.get_by_label("Hvad tilbyder I?")).to_have_value("Rammeaftaler og dialog før udbud.")
    assert_accessible(page, "network-profile-form-error")
    page.get_by_label("Hvad søger I?").fill("Leverandører af rengøring under sociale klausuler.")
    page.get_by_label("Region").select_option(label="Region Sjælland")
    page.get_by_label("Samarbejde med det offentlige").check()
    page.get_by_role("button", name="Send til godkendelse").click()
    expect(page.get_by_text("Profilen er sendt til godkendelse")).to_be_visible()
    assert_accessible(page, "network-mine")

    profile = Profile.objects.get(name="Demo Kommune")
    assert (profile.owner, profile.status, profile.kind) == (owner, "pending", "municipality")
    assert list(profile.themes.values_list("slug", flat=True)) == ["offentligt-samarbejde"]

    services.approve(profile, by=None)
    page.context.clear_cookies()
    page.goto(live_server.url + "/netvaerk/?q=klausuler")
    page.get_by_role("link", name="Demo Kommune").click()
    matches = page.locator(".match-list")
    expect(matches).to_contain_text("Rengøring for Alle")
    expect(matches).to_contain_text("Tilbyder noget af det, I søger")
    assert_accessible(page, "network-profile")

    page.goto(live_server.url + cleaner.get_absolute_url())
    page.get_by_label("Dit navn").fill("Lise Holm")
    page.get_by_label("Besked").fill("Vi vil gerne høre om jeres rengøring.")
    page.get_by_label("Modtageren må se min e-mailadresse og svare mig").check()
    page.get_by_role("button", name="Send besked").click()
    expect(page.locator(".form-error-message")).to_contain_text("Skriv din e-mailadresse")
    expect(page.get_by_label("Besked")).to_have_value("Vi vil gerne høre om jeres rengøring.")
    page.get_by_label("Din e-mailadresse").fill("lise@example.dk")
    page.get_by_role("button", name="Send besked").click()
    expect(page.get_by_text("Din besked er sendt til Rengøring for Alle")).to_be_visible()
    assert_accessible(page, "network-contact-sent")

    message = mailbox()[-1]
    assert message.to == [cleaner.owner.email]
    assert message.reply_to == ["lise@example.dk"]
    assert "Vi vil gerne høre om jeres rengøring." in message.body
    assert cleaner.owner.email not in page.content()
    assert not csp_violations
