"""Who may act for an enterprise: pending claims, the handler's decision, MitID Erhverv."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import gdpr
from core.state_machine import TransitionNotAllowed
from registry.models import (
    Application,
    ApplicationStatus,
    CaseEvent,
    Representation,
    RepresentationSource,
    RepresentationStatus,
)
from registry.services import applying, representatives
from registry.tests.conftest import CRITERION_ANSWERS, enterprise_data, pdf_upload

pytestmark = pytest.mark.django_db

CVR = "99900016"  # Grøn Genbrug A/S in the local CVR data set


def claim(user, cvr=CVR, **stated):
    return applying.start_application(
        cvr, enterprise_data(**stated), statement="Jeg er bestyrelsesformand.", by=user
    )


def finish(application, user):
    """Fill in every step of a draft, as its author would."""
    Application.objects.filter(pk=application.pk).update(**CRITERION_ANSWERS)
    for step in ["purpose", "trade", "independence", "governance", "profit", "documents"]:
        applying.save_step(application, step)
    applying.add_document(application, "articles", pdf_upload(), by=user)
    applying.add_document(application, "annual_report", pdf_upload("aarsrapport.pdf"), by=user)
    application.refresh_from_db()
    return application


def test_a_strangers_claim_on_a_registered_enterprise_changes_nothing(
    make_case, other_user, applicant, media
):
    registered = make_case(ApplicationStatus.REGISTERED)
    enterprise = registered.enterprise
    draft = claim(other_user, enterprise.cvr, purpose="Et helt andet formål.")
    enterprise.refresh_from_db()
    assert draft.awaits_claim and draft.status == ApplicationStatus.DRAFT
    assert enterprise.purpose != "Et helt andet formål."
    assert draft.stated_enterprise["purpose"] == "Et helt andet formål."
    assert applying.enterprise_as_stated(draft).purpose == "Et helt andet formål."
    assert list(enterprise.representatives.all()) == [applicant]
    assert Application.objects.get(pk=registered.pk).status == ApplicationStatus.REGISTERED
    finish(draft, other_user)
    with pytest.raises(TransitionNotAllowed, match="godkendelse"):
        applying.submit_application(draft, by=other_user)
    assert draft in Application.objects.for_user(other_user)
    assert registered not in Application.objects.for_user(other_user)


def test_competing_claims_wait_side_by_side_until_the_handler_decides(
    applicant, other_user, handler, media, mailbox
):
    first = claim(applicant, contact_email="anna@example.dk")
    second = claim(other_user, contact_email="bo@example.dk")
    assert first.enterprise == second.enterprise and first.awaits_claim and second.awaits_claim
    claims = Representation.objects.pending().filter(cvr=CVR)
    assert claims.count() == 2
    anna, bo = claims.get(user=applicant), claims.get(user=other_user)
    assert list(representatives.competing_claims(anna)) == [bo]

    representatives.approve_representation(anna, by=handler)
    representatives.reject_representation(bo, "Ikke tegningsberettiget ifølge CVR.", by=handler)

    anna.refresh_from_db(), bo.refresh_from_db(), first.refresh_from_db(), second.refresh_from_db()
    assert (anna.status, anna.decided_by, bo.status) == ("approved", handler, "rejected")
    assert bo.decision_reason == "Ikke tegningsberettiget ifølge CVR."
    assert list(first.enterprise.representatives.all()) == [applicant]
    assert first.enterprise.contact_email == "anna@example.dk"
    assert not first.awaits_claim and first.status == ApplicationStatus.DRAFT
    assert second.status == ApplicationStatus.WITHDRAWN
    assert CaseEvent.objects.get(application=second, action="claim_rejected").changed_by == handler
    assert [c.to_status for c in bo.changes.all()] == ["pending", "rejected"]
    assert bo.changes.last().changed_by == handler
    sent = {m.to[0]: m for m in mailbox()}
    assert "Du må nu handle for CVR 99900016" in sent["ansoeger@example.dk"].subject
    assert "Ikke tegningsberettiget" in sent["anden@example.dk"].body

    finish(first, applicant)
    applying.submit_application(first, by=applicant)
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.SUBMITTED


def test_decisions_are_guarded(applicant, other_user, handler, media):
    claim(applicant)
    pending = Representation.objects.get()
    with pytest.raises(PermissionDenied):
        representatives.approve_representation(pending, by=other_user)
    with pytest.raises(representatives.ClaimError):
        representatives.reject_representation(pending, "  ", by=handler)
    representatives.approve_representation(pending, by=handler)
    for decide in (
        lambda: representatives.approve_representation(pending, by=handler),
        lambda: representatives.reject_representation(pending, "For sent.", by=handler),
    ):
        with pytest.raises(TransitionNotAllowed, match="allerede afgjort"):
            decide()
    assert Representation.objects.get().status == RepresentationStatus.APPROVED


def test_approval_closes_a_draft_when_the_enterprise_already_has_a_case(
    make_case, other_user, handler, media
):
    registered = make_case(ApplicationStatus.REGISTERED)
    draft = claim(other_user, registered.enterprise.cvr)
    representatives.approve_representation(Representation.objects.get(user=other_user), by=handler)
    assert Application.objects.get(pk=draft.pk).status == ApplicationStatus.WITHDRAWN
    assert registered in Application.objects.for_user(other_user)


def test_mitid_erhverv_approves_at_once_and_settles_a_pending_claim(applicant, media):
    draft = claim(applicant)
    representatives.grant_by_mitid(CVR, by=applicant)
    representation = Representation.objects.get()
    assert representation.status == RepresentationStatus.APPROVED
    assert representation.source == RepresentationSource.MITID_ERHVERV
    assert not Application.objects.get(pk=draft.pk).awaits_claim
    assert draft.enterprise.representatives.filter(pk=applicant.pk).exists()
    representatives.grant_by_mitid(CVR, by=applicant)  # every later sign-in: nothing new
    assert Representation.objects.count() == 1 and representation.changes.count() == 2


def test_proof_by_mitid_before_the_enterprise_exists_counts_once_it_does(
    applicant, other_user, media
):
    representatives.grant_by_mitid(
        CVR, by=applicant
    )  # signed in; nobody has applied for the CVR yet
    draft = claim(other_user)  # a stranger's pending claim creates the enterprise
    enterprise = draft.enterprise
    assert list(enterprise.representatives.all()) == [applicant]
    assert Representation.objects.get(user=applicant).enterprise == enterprise
    representatives.grant_by_mitid(CVR, by=applicant)  # the next sign-in
    assert list(enterprise.representatives.all()) == [applicant]
    assert draft.awaits_claim
    # The company's own representative does not see the stranger's draft.
    assert draft not in Application.objects.for_user(applicant)
    assert draft in Application.objects.for_user(other_user)


def test_an_accepted_invitation_is_recorded_as_proof(make_case, other_user):
    application = make_case(ApplicationStatus.SUBMITTED)
    invitation = representatives.invite_representative(
        application.enterprise, other_user.email, by=application.created_by
    )
    representatives.accept_invitation(invitation, by=other_user)
    representation = Representation.objects.get(user=other_user)
    assert representation.source == RepresentationSource.INVITATION
    assert representation.status == RepresentationStatus.APPROVED


def test_mitid_sign_ins_are_in_the_data_export_and_go_with_the_account(applicant):
    from allauth.socialaccount.models import SocialAccount

    SocialAccount.objects.create(
        user=applicant, provider="mitid-erhverv", uid="abc", extra_data={"userinfo": {"cvr": CVR}}
    )
    exported = gdpr.export_personal_data(applicant)["mitid_erhverv"]
    assert exported[0]["uid"] == "abc" and exported[0]["extra_data"]["userinfo"]["cvr"] == CVR
    gdpr.erase_account(applicant)
    assert not SocialAccount.objects.exists()


def test_claims_are_in_the_data_export_and_their_proof_is_erased(applicant, media):
    applying.start_application(
        CVR, enterprise_data(), statement="Jeg har fuldmagt.", evidence=pdf_upload(), by=applicant
    )
    representation = Representation.objects.get()
    path = media / representation.evidence.name
    assert path.exists()
    exported = gdpr.export_personal_data(applicant)["registrering"]["repraesentationer"]
    assert exported[0]["statement"] == "Jeg har fuldmagt." and exported[0]["cvr"] == CVR
    gdpr.erase_account(applicant)
    assert not path.exists() and not Representation.objects.exists()


# --- The whole journey through the pages and the admin -----------------------------------------


def test_pending_claims_are_decided_in_the_admin_and_the_application_can_then_be_sent(
    client, applicant, other_user, handler, settings, media
):
    from registry.tests.test_applying import ENTERPRISE_POST

    post = {**ENTERPRISE_POST, "cvr": CVR, "claim-statement": "Jeg er direktør."}
    for user in (applicant, other_user):
        client.force_login(user)
        response = client.post(reverse("registry:apply"), post)
        assert response.status_code == 302, response.content.decode()
    anna, bo = (Representation.objects.get(user=u) for u in (applicant, other_user))
    assert {anna.status, bo.status} == {"pending"}

    settings.STAFF_MFA_REQUIRED = False
    client.force_login(handler)
    queue = client.get(reverse("admin:registry_representation_changelist")).content.decode()
    assert applicant.email in queue and other_user.email in queue
    contested = client.get(
        reverse("admin:registry_representation_changelist"), {"konkurrerende": "yes"}
    ).content.decode()
    assert applicant.email in contested and other_user.email in contested
    enterprise_page = client.get(
        reverse("admin:registry_enterprise_change", args=[anna.enterprise_id])
    ).content.decode()
    assert reverse("admin:registry_representation_change", args=[bo.pk]) in enterprise_page
    page = client.get(reverse("admin:registry_representation_change", args=[anna.pk]))
    assert other_user.email in page.content.decode()  # the competing claim, side by side
    decide = "admin:registry_representation_decide"
    assert reverse(decide, args=[anna.pk, "approve"]) in page.content.decode()
    client.post(reverse(decide, args=[anna.pk, "approve"]))
    response = client.post(reverse(decide, args=[bo.pk, "reject"]), {"message": ""})
    assert Representation.objects.get(pk=bo.pk).status == "pending"  # a reason is required
    client.post(reverse(decide, args=[bo.pk, "reject"]), {"message": "Ingen fuldmagt."})
    assert Representation.objects.get(pk=anna.pk).status == "approved"
    assert Representation.objects.get(pk=bo.pk).status == "rejected"

    client.force_login(applicant)
    application = finish(Application.objects.get(created_by=applicant), applicant)
    url = reverse("registry:apply_step", args=[application.case_number, "summary"])
    response = client.post(url, {"declaration": "on"})
    assert response["Location"].endswith("/kvittering/")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    client.force_login(other_user)
    page = client.get(reverse("registry:my_cases")).content.decode()
    assert "Trukket tilbage" in page


def test_no_login_provider_or_token_can_be_added_in_the_admin():
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
    from django.contrib import admin

    assert not admin.site.is_registered(SocialApp)
    assert not admin.site.is_registered(SocialToken)
    assert admin.site.is_registered(SocialAccount)  # staff may still see who signed in how


def test_a_client_files_only_a_few_claims_an_hour(client, applicant, monkeypatch):
    from registry.tests.test_applying import ENTERPRISE_POST
    from registry.views import applying

    monkeypatch.setattr(applying, "CLAIMS_PER_HOUR", 1)
    client.force_login(applicant)
    post = {**ENTERPRISE_POST, "claim-statement": "Jeg er direktør."}
    assert client.post(reverse("registry:apply"), {**post, "cvr": "99900008"}).status_code == 302
    refused = client.post(reverse("registry:apply"), {**post, "cvr": CVR})
    assert refused.status_code == 200
    assert "for mange virksomheder" in refused.content.decode()
    assert not Representation.objects.filter(cvr=CVR).exists()


def test_withdrawing_a_held_back_draft_takes_its_claim_out_of_the_queue(applicant):
    from registry.models import RepresentationChange

    draft = claim(applicant)
    applying.withdraw_application(draft, "Forkert virksomhed", by=applicant)
    withdrawn = Representation.objects.get(user=applicant, cvr=CVR)
    assert withdrawn.status == RepresentationStatus.WITHDRAWN
    assert RepresentationChange.objects.filter(
        representation=withdrawn, to_status=RepresentationStatus.WITHDRAWN, changed_by=applicant
    ).exists()
    assert not Representation.objects.filter(status=RepresentationStatus.PENDING).exists()
    again = claim(applicant)  # the person may claim again later
    assert again.enterprise.representations.get(status="pending").user == applicant


def test_a_representative_removed_by_staff_files_a_claim_instead_of_a_server_error(
    client, applicant, handler, settings, media
):
    """Staff removing a representative whose claim was approved ends the approval (recorded):
    the applying page and the service then agree that the person must claim anew."""
    from registry.models import Enterprise, RepresentationChange
    from registry.tests.test_applying import ENTERPRISE_POST

    draft = claim(applicant)
    approved = Representation.objects.get(user=applicant, cvr=CVR)
    representatives.approve_representation(approved, by=handler)
    applying.withdraw_application(Application.objects.get(pk=draft.pk), by=applicant)
    enterprise = Enterprise.objects.get(cvr=CVR)
    assert representatives.may_act_for(applicant, CVR)

    settings.STAFF_MFA_REQUIRED = False
    client.force_login(handler)
    inline_forms = {
        f"{prefix}-{name}": value
        for prefix in ("representations", "invitations")
        for name, value in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0")]
    }
    inline_forms["representations-TOTAL_FORMS"] = inline_forms["representations-INITIAL_FORMS"] = (
        "1"
    )
    inline_forms["representations-0-id"] = str(approved.pk)
    inline_forms["representations-0-enterprise"] = str(enterprise.pk)
    url = reverse("admin:registry_enterprise_change", args=[enterprise.pk])
    response = client.post(url, {"representatives": [], **inline_forms})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not enterprise.representatives.exists()
    approved.refresh_from_db()
    assert approved.status == RepresentationStatus.WITHDRAWN
    ended = RepresentationChange.objects.filter(representation=approved).last()
    assert (ended.from_status, ended.to_status, ended.changed_by) == (
        RepresentationStatus.APPROVED,
        RepresentationStatus.WITHDRAWN,
        handler,
    )
    assert not representatives.may_act_for(applicant, CVR)

    client.force_login(applicant)
    asked = client.get(reverse("registry:apply"), {"cvr": CVR})
    assert asked.status_code == 200 and "claim-statement" in asked.content.decode()
    post = {**ENTERPRISE_POST, "cvr": CVR, "claim-statement": "Jeg er stadig direktør."}
    response = client.post(reverse("registry:apply"), post)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Representation.objects.get(user=applicant, cvr=CVR, status="pending")
