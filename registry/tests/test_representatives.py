"""Several people act for one enterprise: invitations by e-mail, acceptance, revocation."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.services import ensure_verified_user
from registry.models import ApplicationStatus, CaseEvent, Invitation
from registry.services import representatives
from registry.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _invite(client, application, email):
    url = reverse("registry:representatives", args=[application.enterprise.cvr])
    return client.post(url, {"email": email})


def _link(message) -> str:
    return re.search(r"https?://\S+(/registrering/invitation/\S+/)", message.body).group(1)


def test_representative_invites_and_the_invitee_accepts_and_sees_the_cases(
    client, applicant, make_case, mailbox
):
    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    response = _invite(client, application, "Kollega@Example.dk")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == applicant and invitation.state == "pending"
    sent = [m for m in mailbox() if "Kollega@Example.dk" in m.to]
    assert len(sent) == 1 and application.enterprise.name in sent[0].body
    link = _link(sent[0])

    client.logout()
    anonymous = client.get(link)
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous.url  # then back here
    colleague = ensure_verified_user("kollega@example.dk", PASSWORD, first_name="Kim")
    client.force_login(colleague)
    assert application.case_number not in client.get(reverse("registry:my_cases")).content.decode()
    page = client.get(link)
    assert page.status_code == 200 and application.enterprise.name in page.content.decode()
    assert client.post(link).status_code == 302
    assert application.enterprise.representatives.filter(pk=colleague.pk).exists()
    assert application.case_number in client.get(reverse("registry:my_cases")).content.decode()
    assert client.get(application.get_absolute_url()).status_code == 200

    actions = list(
        CaseEvent.objects.filter(application=application).values_list("action", flat=True)
    )
    assert "invite" in actions and "representative_added" in actions
    # Used once only.
    client.post(link)
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague


def test_a_stranger_with_the_link_but_another_address_cannot_accept(
    client, applicant, other_user, make_case, mailbox
):
    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    _invite(client, application, "kollega@example.dk")
    link = _link(mailbox()[-1])
    client.force_login(other_user)
    page = client.get(link)
    assert page.status_code == 403
    assert application.enterprise.name not in page.content.decode()
    assert client.post(link).status_code == 403
    assert not application.enterprise.representatives.filter(pk=other_user.pk).exists()
    assert client.get(application.get_absolute_url()).status_code == 404


def test_an_unverified_address_cannot_accept(client, applicant, make_case, mailbox):
    from allauth.account.models import EmailAddress

    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    _invite(client, application, "kollega@example.dk")
    link = _link(mailbox()[-1])
    colleague = ensure_verified_user("kollega@example.dk", PASSWORD)
    EmailAddress.objects.filter(user=colleague).update(verified=False)
    client.force_login(colleague)
    assert client.post(link).status_code == 403
    assert not application.enterprise.representatives.filter(pk=colleague.pk).exists()


def test_forged_and_expired_links_are_refused(client, applicant, make_case, mailbox):
    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    _invite(client, application, "kollega@example.dk")
    link = _link(mailbox()[-1])
    colleague = ensure_verified_user("kollega@example.dk", PASSWORD)
    client.force_login(colleague)
    assert client.get(link[:-3] + "xx/").status_code == 404
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.post(link)
    assert page.status_code == 200 and "udløbet" in page.content.decode()
    assert not application.enterprise.representatives.filter(pk=colleague.pk).exists()


def test_representative_revokes_an_invitation_and_it_cannot_be_used(
    client, applicant, make_case, mailbox
):
    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    _invite(client, application, "kollega@example.dk")
    link = _link(mailbox()[-1])
    invitation = Invitation.objects.get()
    revoke = reverse("registry:revoke_invitation", args=[application.enterprise.cvr, invitation.pk])
    assert client.post(revoke).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "revoked" and invitation.revoked_by == applicant
    assert CaseEvent.objects.filter(application=application, action="invitation_revoked").exists()

    colleague = ensure_verified_user("kollega@example.dk", PASSWORD)
    client.force_login(colleague)
    client.post(link)
    assert not application.enterprise.representatives.filter(pk=colleague.pk).exists()


def test_only_representatives_see_the_page_and_invite(client, other_user, make_case):
    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(other_user)
    url = reverse("registry:representatives", args=[application.enterprise.cvr])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@example.dk"}).status_code == 404
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        representatives.invite_representative(application.enterprise, "x@example.dk", by=other_user)
    invitation = representatives.invite_representative(
        application.enterprise, "kollega@example.dk", by=application.created_by
    )
    revoke = reverse("registry:revoke_invitation", args=[application.enterprise.cvr, invitation.pk])
    assert client.post(revoke).status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_bad_invitations_get_a_danish_message_next_to_the_field(
    client, applicant, make_case, django_assert_max_num_queries
):
    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    page = _invite(client, application, "ikke-en-adresse").content.decode()
    assert "Indtast en gyldig e-mail-adresse" in page and "ikke-en-adresse" in page
    page = _invite(client, application, applicant.email).content.decode()
    assert "handler allerede for virksomheden" in page
    _invite(client, application, "kollega@example.dk")
    page = _invite(client, application, "KOLLEGA@example.dk").content.decode()
    assert "allerede sendt en invitation" in page
    assert Invitation.objects.count() == 1
    url = reverse("registry:representatives", args=[application.enterprise.cvr])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert applicant.email in page and "kollega@example.dk" in page and "Afventer" in page


def test_invitations_are_part_of_a_gdpr_export_and_erased_with_the_invitee(
    client, applicant, make_case, mailbox
):
    from accounts.gdpr import erase_account, export_personal_data

    application = make_case(ApplicationStatus.SUBMITTED)
    representatives.invite_representative(
        application.enterprise, "kollega@example.dk", by=applicant
    )
    colleague = ensure_verified_user("kollega@example.dk", PASSWORD)
    assert export_personal_data(colleague)["registrering"]["invitationer"][0]["email"] == (
        "kollega@example.dk"
    )
    assert len(export_personal_data(applicant)["registrering"]["invitationer"]) == 1
    erase_account(colleague)
    assert not Invitation.objects.exists()
