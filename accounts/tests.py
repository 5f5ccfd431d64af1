import json
import re

import pytest
from django.test import Client

from accounts import gdpr
from accounts.models import User
from accounts.services import ensure_verified_user

pytestmark = pytest.mark.django_db

PASSWORD = "Langt-og-sikkert-42"


@pytest.fixture
def member(client):
    user = ensure_verified_user("karen@example.dk", PASSWORD, first_name="Karen")
    client.force_login(user)
    return user


def test_a_user_can_download_their_personal_data(client, member, monkeypatch):
    monkeypatch.setattr(gdpr, "_exporters", {"henvendelser": lambda user: [{"emne": "Start"}]})
    response = client.get("/konto/mine-data/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["konto"]["email"] == "karen@example.dk"
    assert data["konto"]["emailadresser"][0]["verified"] is True
    assert data["henvendelser"] == [{"emne": "Start"}]


def test_erasing_needs_the_password_and_keeps_the_account_on_a_wrong_one(client, member):
    response = client.post("/konto/slet/", {"password": "forkert"})
    assert response.status_code == 200
    assert "Adgangskoden er forkert" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_erasing_deletes_the_account_after_the_apps_erasers(client, member, monkeypatch):
    erased = []
    monkeypatch.setattr(gdpr, "_erasers", {"henvendelser": lambda user: erased.append(user.pk)})
    response = client.post("/konto/slet/", {"password": PASSWORD})
    assert response.status_code == 302
    assert erased == [member.pk]
    assert not User.objects.filter(pk=member.pk).exists()


def test_signing_in_says_so_in_plain_danish(client):
    ensure_verified_user("karen@example.dk", PASSWORD, first_name="Karen")
    response = client.post(
        "/konto/login/", {"login": "karen@example.dk", "password": PASSWORD}, follow=True
    )
    assert "Du er logget ind som Karen." in response.content.decode()  # not "Loggede succesfuldt"


def test_my_page_needs_a_login(client):
    response = client.get("/konto/")
    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")


# --- Signing up on the way to something (issue 17) ----------------------------------------------


def _signup_to_apply(client, mailbox):
    client.get("/registrering/ansoeg/")
    response = client.post(
        "/konto/signup/",
        {
            "email": "ny@example.dk",
            "password1": "Sikker-Adgang-2026",
            "password2": "Sikker-Adgang-2026",
            "next": "/registrering/ansoeg/",
        },
    )
    assert response.status_code == 302
    return mailbox()[-1]


def test_confirming_the_email_signs_in_and_leads_back_to_the_application(client, mailbox):
    mail = _signup_to_apply(client, mailbox)
    link = re.search(r"https?://testserver(/konto/confirm-email/\S+)", mail.body).group(1)
    assert "next=%2Fregistrering%2Fansoeg%2F" in link
    response = client.post(link)
    assert response["Location"] == "/registrering/ansoeg/"
    assert client.get("/registrering/ansoeg/").status_code == 200  # signed in


def test_the_confirmation_link_in_another_browser_still_leads_on(client, mailbox):
    mail = _signup_to_apply(client, mailbox)
    link = re.search(r"https?://testserver(/konto/confirm-email/\S+)", mail.body).group(1)
    other_browser = Client()
    response = other_browser.post(link)
    assert response["Location"] == "/registrering/ansoeg/"
    response = other_browser.get("/registrering/ansoeg/")
    assert response["Location"].startswith("/konto/login/?next=/registrering/ansoeg/")


def test_account_mails_name_the_portal_not_the_host(client, mailbox):
    mail = _signup_to_apply(client, mailbox)
    assert "Vækstcenter for socialøkonomiske virksomheder" in mail.body
    assert "testserver" not in re.sub(r"https?://testserver/konto/confirm-email/", "", mail.body)
    assert "Hej fra" not in mail.body


# --- Roles are asked by permission ----------------------------------------------------------


def test_a_role_is_its_permission_whatever_the_group_is_called():
    from django.contrib.auth.models import Group, Permission

    from accounts import roles

    adviser = ensure_verified_user("r@example.dk", PASSWORD, is_staff=True, groups=[roles.ADVISERS])
    Group.objects.filter(name=roles.ADVISERS).update(name="Rådgivning")
    direct = ensure_verified_user("d@example.dk", PASSWORD, is_staff=True)
    app_label, codename = roles.ROLE_PERMISSION[roles.ADVISERS].split(".")
    direct.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    editor = ensure_verified_user("e@example.dk", PASSWORD, is_staff=True, groups=[roles.EDITORS])
    superuser = User.objects.create_superuser("s@example.dk", PASSWORD)
    not_staff = ensure_verified_user("n@example.dk", PASSWORD, groups=[roles.CASE_HANDLERS])

    adviser, direct = User.objects.get(pk=adviser.pk), User.objects.get(pk=direct.pk)
    assert [roles.is_adviser(u) for u in (adviser, direct, editor, superuser)] == [
        True,
        True,
        False,
        True,
    ]
    assert set(roles.advisers()) == {adviser, direct, superuser}
    assert roles.is_editor(editor) and not roles.is_case_handler(editor)
    assert not roles.is_case_handler(not_staff)
