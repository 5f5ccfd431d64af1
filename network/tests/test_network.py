import pytest

from core.state_machine import TransitionNotAllowed
from network import demo as network_demo
from network import selectors, services
from network.models import Profile, ProfileKind, ProfileStatus
from network.tests.factories import make_owner, make_profile
from portal.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(django_user_model):
    return make_owner(django_user_model)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("redaktoer@example.dk", is_staff=True)


def test_new_profiles_wait_for_approval_and_review_is_recorded(owner, staff, mailbox, client):
    profile = make_profile(owner, approved=False, name="Café Ny Start")
    assert profile.status == ProfileStatus.PENDING
    assert client.get(profile.get_absolute_url()).status_code == 404
    assert "Café Ny Start" not in client.get("/netvaerk/").content.decode()

    services.approve(profile, by=staff)
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.APPROVED
    assert "Café Ny Start" in client.get("/netvaerk/").content.decode()
    last = profile.changes.last()
    assert (last.changed_by, last.from_status, last.to_status) == (staff, "pending", "approved")
    assert mailbox()[-1].subject.startswith("Jeres profil er godkendt")


def test_only_pending_profiles_can_be_approved_or_rejected(owner, staff):
    profile = make_profile(owner)
    with pytest.raises(TransitionNotAllowed, match="afventer godkendelse"):
        services.reject(profile, by=staff)
    with pytest.raises(TransitionNotAllowed):
        services.approve(profile, by=staff)


def test_an_owners_edit_sends_the_profile_back_to_review(owner, client):
    profile = make_profile(owner)
    client.force_login(owner)
    response = client.post(
        f"/netvaerk/{profile.pk}/rediger/",
        {
            "kind": "enterprise",
            "name": "Nyt navn",
            "about": "Om os",
            "offers": "Kantine",
            "seeks": "Kunder",
            "region": profile.region_id,
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.name, profile.status) == ("Nyt navn", ProfileStatus.PENDING)


def test_only_the_owner_may_edit_hide_or_delete(owner, django_user_model, client):
    profile = make_profile(owner)
    other = make_owner(django_user_model, "anden")
    client.force_login(other)
    assert client.get(f"/netvaerk/{profile.pk}/rediger/").status_code == 404
    assert client.post(f"/netvaerk/{profile.pk}/skjul/").status_code == 404
    assert client.post(f"/netvaerk/{profile.pk}/slet/").status_code == 404
    profile.refresh_from_db()
    assert not profile.is_hidden

    client.force_login(owner)
    client.post(f"/netvaerk/{profile.pk}/skjul/")
    profile.refresh_from_db()
    assert profile.is_hidden
    client.logout()
    assert client.get(profile.get_absolute_url()).status_code == 404

    client.force_login(owner)
    client.post(f"/netvaerk/{profile.pk}/slet/")
    assert not Profile.objects.filter(pk=profile.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in_to_create_a_profile(client):
    response = client.get("/netvaerk/opret/")
    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")


def test_bad_profile_input_keeps_the_rest_and_explains(owner, client):
    client.force_login(owner)
    response = client.post(
        "/netvaerk/opret/",
        {"kind": "enterprise", "name": "Havehjælpen", "about": "Grøn pleje", "website": "nej"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in html
    assert "Indtast en gyldig URL" in html
    assert 'value="Havehjælpen"' in html
    assert not Profile.objects.exists()


def test_search_finds_stemmed_and_unaccented_words(owner, client):
    make_profile(
        owner, name="Havehjælpen", about="Gartneri", offers="Jobtræningspladser i gartneriet"
    )
    make_profile(owner, name="Kantinen", offers="Frokost fra en socialøkonomisk køkkenskole")
    stemmed = client.get("/netvaerk/?q=jobtræningspladsen").content.decode()
    assert "Havehjælpen" in stemmed
    assert "Kantinen" not in stemmed
    assert "1 profil" in stemmed
    unaccented = client.get("/netvaerk/?q=socialokonomiske").content.decode()
    assert "Kantinen" in unaccented
    assert "Havehjælpen" not in unaccented


def test_matches_pair_offers_with_needs_region_and_themes(owner, django_user_model):
    theme = Theme.objects.create(name="Beskæftigelse", slug="beskaeftigelse")
    municipality = make_profile(
        owner,
        kind=ProfileKind.MUNICIPALITY,
        name="Kommunen",
        offers="Rammeaftaler",
        seeks="Leverandører af rengøring under sociale klausuler",
        region_code=1085,
    )
    cleaner = make_profile(
        make_owner(django_user_model),
        name="Rengøringen",
        offers="Rengøring med ansatte i fleksjob",
        seeks="Kunder",
        region_code=1081,
    )
    neighbour = make_profile(
        make_owner(django_user_model),
        name="Naboen",
        offers="Bagværk",
        seeks="Lokaler",
        region_code=1085,
    )
    themed = make_profile(
        make_owner(django_user_model),
        name="Temaet",
        offers="Mentorer",
        seeks="Samarbejde",
        region_code=1083,
        themes=[theme],
    )
    make_profile(
        make_owner(django_user_model), name="Intet til fælles", offers="Musik", region_code=1082
    )
    municipality.themes.add(theme)
    municipality = Profile.objects.prefetch_related("themes").get(pk=municipality.pk)

    matches = selectors.suggested_matches(municipality)
    assert [m.name for m in matches] == ["Rengøringen", "Temaet", "Naboen"]
    assert matches[0].offers_what_we_seek and not matches[0].same_region
    assert matches[1].shared_themes == 1
    assert matches[2].same_region
    assert {cleaner.pk, neighbour.pk, themed.pk} == {m.pk for m in matches}


@pytest.mark.parametrize("count", [2, 30])
def test_directory_and_profile_pages_run_fixed_queries(
    owner, django_user_model, client, django_assert_max_num_queries, count
):
    theme = Theme.objects.create(name="Beskæftigelse", slug="beskaeftigelse")
    profiles = [
        make_profile(owner, offers="Rengøring og kantine", seeks="Kunder", themes=[theme])
        for _n in range(count)
    ]
    with django_assert_max_num_queries(8):
        assert client.get("/netvaerk/?q=rengøring&tema=beskaeftigelse").status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(profiles[0].get_absolute_url()).status_code == 200


def test_contact_message_hides_the_owners_address_and_shares_the_senders_only_if_allowed(
    owner, client, mailbox
):
    profile = make_profile(owner, name="Havehjælpen")
    url = f"/netvaerk/{profile.pk}/kontakt/"
    response = client.post(
        url, {"name": "Lise", "email": "lise@example.dk", "message": "Hej", "share_email": ""}
    )
    assert response.status_code == 302
    client.post(
        url, {"name": "Lars", "email": "lars@example.dk", "message": "Hej", "share_email": "on"}
    )
    first, second = mailbox()[-2:]  # after the approval mail
    assert first.to == [owner.email] and first.reply_to == []
    assert "lise@example.dk" not in first.body
    assert second.reply_to == ["lars@example.dk"]
    page = client.get(profile.get_absolute_url()).content.decode()
    assert owner.email not in page


def test_contact_form_errors_are_danish_and_keep_the_message(owner, client):
    profile = make_profile(owner)
    response = client.post(
        f"/netvaerk/{profile.pk}/kontakt/",
        {"name": "Lise", "message": "Min lange besked", "share_email": "on"},
    )
    html = response.content.decode()
    assert "Skriv din e-mailadresse, hvis modtageren skal kunne svare dig" in html
    assert "Min lange besked" in html


def test_contact_form_is_rate_limited_and_has_a_honeypot(owner, client, mailbox):
    profile = make_profile(owner)
    url = f"/netvaerk/{profile.pk}/kontakt/"
    bot = client.post(url, {"name": "Bot", "message": "Spam", "website": "http://x.example"})
    assert "Formularen kunne ikke sendes" in bot.content.decode()
    for _n in range(4):
        client.post(url, {"name": "Lise", "message": "Hej"})
    assert client.post(url, {"name": "Lise", "message": "Hej"}).status_code == 429
    assert len(mailbox()) == 4 + 1  # four messages and the approval mail


def test_admin_actions_approve_pending_profiles_only(owner, client, settings, mailbox):
    from accounts.services import ensure_verified_user

    settings.STAFF_MFA_REQUIRED = False
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=["Redaktører"]
    )
    pending = make_profile(owner, approved=False)
    approved = make_profile(owner)
    client.force_login(editor)
    response = client.post(
        "/admin/network/profile/",
        {"action": "approve_profiles", "_selected_action": [pending.pk, approved.pk]},
        follow=True,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == ProfileStatus.APPROVED
    assert pending.changes.last().changed_by == editor
    assert "afventede ikke godkendelse" in response.content.decode()


def test_demo_profiles_load_twice(client):

    network_demo.load()
    network_demo.load()
    assert Profile.objects.count() == 6
    assert Profile.objects.public().count() == 5


def test_directory_is_translated_to_english(client):
    assert "Network: find partners" in client.get("/en/netvaerk/").content.decode()


def test_rejecting_in_the_admin_asks_for_a_reason_and_mails_it(owner, client, settings, mailbox):
    from accounts.services import ensure_verified_user

    settings.STAFF_MFA_REQUIRED = False
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=["Redaktører"]
    )
    profile = make_profile(owner, approved=False)
    client.force_login(editor)
    selection = {"action": "reject_profiles", "_selected_action": [profile.pk]}
    asked = client.post("/admin/network/profile/", selection)
    assert "Begrundelse til ejeren" in asked.content.decode()
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PENDING

    client.post("/admin/network/profile/", {**selection, "reason": "Beskriv jeres tilbud."})
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.REJECTED
    assert profile.changes.last().note == "Afvist: Beskriv jeres tilbud."
    assert "Begrundelse: Beskriv jeres tilbud." in mailbox()[-1].body


def test_the_centres_correction_in_the_admin_is_recorded_and_keeps_the_review(
    owner, client, settings
):
    from accounts.services import ensure_verified_user

    settings.STAFF_MFA_REQUIRED = False
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=["Redaktører"]
    )
    profile = make_profile(owner, name="Cafe Stavefejl")
    client.force_login(editor)
    page = client.get(f"/admin/network/profile/{profile.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data.update({"name": "Café Stavefejl", "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0})
    response = client.post(f"/admin/network/profile/{profile.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    profile.refresh_from_db()
    assert (profile.name, profile.status) == ("Café Stavefejl", ProfileStatus.APPROVED)
    last = profile.changes.last()
    assert (last.changed_by, last.note) == (editor, "Rettet af Vækstcentret: name")
