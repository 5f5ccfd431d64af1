"""The back office reads as one Danish workplace: Django's own messages, filters and empty
tables in plain Danish words, not machine-made "den/det", a bare "-" or headers over nothing."""

import datetime as dt

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts import roles
from accounts.services import ensure_verified_user
from core.formats import long_format
from core.history import local_time_label
from events.tests.factories import make_event
from guidance.forms import AttachmentsField
from network.tests.factories import make_owner, make_profile
from portal.models import Theme
from portal.tests.factories import article
from registry.forms import PdfField
from tests.factories import guidance_enquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, verified_login):
    user = ensure_verified_user(
        "administrator@example.dk", "x-Adgangskode-9876", is_staff=True, is_superuser=True
    )
    verified_login(client, user)
    return client


def test_saving_and_going_on_says_so_without_den_det(admin_client):
    theme = Theme.objects.create(name="Beskæftigelse", name_en="Employment", slug="beskaeft")
    response = admin_client.post(
        f"/admin/portal/theme/{theme.pk}/change/",
        {
            "name": "Beskæftigelse og job",
            "name_en": "Employment",
            "slug": "beskaeft",
            "description": "",
            "position": 1,
            "_continue": "1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "blev ændret. Du kan fortsætte med at redigere herunder." in page
    assert "den/det" not in page


def test_a_filters_none_choice_is_a_word_not_a_dash(admin_client, django_user_model):
    make_profile(make_owner(django_user_model), name="Genbrugsværkstedet ApS")
    Theme.objects.create(name="Beskæftigelse", name_en="Employment", slug="beskaeft")
    page = admin_client.get("/admin/network/profile/").content.decode()
    assert ">Ingen</a>" in page  # no themes, in the themes (many-to-many) filter
    assert ">-</a>" not in page


def test_a_record_table_with_no_rows_says_none_yet(admin_client):
    event = make_event(title="Netværksmøde uden tilmeldte")
    page = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "Ingen endnu." in page
    assert 'name="registration_set-TOTAL_FORMS"' in page or "TOTAL_FORMS" in page


ALLAUTH_MESSAGES = {
    "account/messages/password_changed.txt": ("Din adgangskode er ændret.", "password has been"),
    "account/messages/password_set.txt": ("Din adgangskode er gemt.", "password has been set"),
    "account/messages/email_confirmed.txt": (
        "E-mailadressen a@example.dk er bekræftet.",
        "is confirmed",
    ),
    "account/messages/logged_out.txt": ("Du er logget ud.", "You are signed out."),
    "account/messages/email_confirmation_sent.txt": (
        "sendt en e-mail til a@example.dk",
        "sent an e-mail",
    ),
    "mfa/messages/totp_activated.txt": (
        "Totrinsbekræftelse med godkendelsesapp er slået til.",
        "is on",
    ),
    "mfa/messages/totp_deactivated.txt": ("er slået fra.", "is off"),
    "mfa/messages/recovery_codes_generated.txt": ("nye gendannelseskoder", "new recovery codes"),
}


@pytest.mark.parametrize("template", ALLAUTH_MESSAGES)
def test_allauths_messages_a_user_meets_read_as_danish_with_english_alongside(template):
    danish, english = ALLAUTH_MESSAGES[template]
    context = {"email": "a@example.dk", "user": None}
    with translation.override("da"):
        text = render_to_string(template, context).strip()
    assert danish in text
    assert "success" not in text and "Password" not in text
    with translation.override("en"):
        assert english in render_to_string(template, context)


def test_every_public_file_input_is_the_dkfds_file_input():
    """The registry's PDF fields (a ClearableFileInput) rendered Django's bare input."""

    class Upload(forms.Form):
        pdf = PdfField(label="Dokument")
        attachments = AttachmentsField(label="Bilag", required=False)

    html = Upload().as_div()
    assert html.count('class="form-file-input"') == 2


def test_an_adviser_reads_an_article_without_english_field_names_or_status_buttons(
    client, verified_login
):
    adviser = ensure_verified_user(
        "raadgiver@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.ADVISERS]
    )
    verified_login(client, adviser)
    published = article("Nye netværksmøder", status="published")
    page = client.get(f"/admin/portal/article/{published.pk}/change/").content.decode()
    assert "Nye netværksmøder" in page
    assert "Change summary" not in page and "Minor change" not in page
    assert "article-status-" not in page  # no buttons to a status change they may not make


def test_the_admins_time_fields_write_and_take_the_danish_12_19(admin_client):
    event = make_event(title="Netværksmøde om klausuler")
    page = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    shown = timezone.localtime(event.starts_at).strftime("%H.%M")
    assert f'name="starts_at_1" value="{shown}"' in page
    with translation.override("da"):
        field = forms.TimeField(localize=True)
        assert field.clean("12.19") == field.clean("12:19") == dt.time(12, 19)


def test_an_editor_sees_a_profiles_owner_by_name_not_as_a_forbidden_link(
    client, verified_login, django_user_model
):
    editor = ensure_verified_user(
        "redaktoer@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.EDITORS]
    )
    verified_login(client, editor)
    owner = make_owner(django_user_model)
    profile = make_profile(owner, name="Genbrugsværkstedet ApS")
    page = client.get(f"/admin/network/profile/{profile.pk}/change/").content.decode()
    assert owner.email in page
    assert "/admin/accounts/user/" not in page
    assert client.get(f"/admin/accounts/user/{owner.pk}/change/").status_code == 403


def test_an_enquirys_conversation_and_history_read_like_every_admin_moment(client, verified_login):
    adviser = ensure_verified_user(
        "raadgiver@example.dk", "x-Adgangskode-9876", is_staff=True, groups=[roles.ADVISERS]
    )
    verified_login(client, adviser)
    enquiry = guidance_enquiry(confirmed=True)
    page = client.get(f"/admin/guidance/enquiry/{enquiry.pk}/change/").content.decode()
    received = local_time_label(enquiry.created_at)
    assert " kl. " in received and received in page
    written_out = date_format(timezone.localtime(enquiry.created_at), long_format("datetime"))
    assert written_out not in page  # the public pages' "27. november 2026 13:48"
