"""The registry's part of a person's data, for GDPR access requests and erasure.

Erasure is deleting the user: cases, events and documents keep the enterprise's history with the
person's link set to NULL, and the user stops representing any enterprise (their claims to act
for one, with the proof they gave, are deleted). Invitations sent to the person's addresses are
deleted too (``erase``): they hold the address itself. What MitID Erhverv sent at sign-in (kept
by allauth with the account link) is exported, and goes with the account.
"""

from allauth.socialaccount.models import SocialAccount
from django.db.models import F, Q
from django.db.models.functions import Lower

from accounts.selectors import verified_addresses
from registry.models import (
    Application,
    CaseEvent,
    Document,
    Enterprise,
    Invitation,
    Representation,
)


def personal_data(user) -> dict:
    """Everything the registry holds that is linked to ``user``, as plain data."""
    return {
        "virksomheder": list(
            Enterprise.objects.represented_by(user).order_by("sort_key").values("cvr", "name")
        ),
        "sager": list(
            Application.objects.filter(created_by=user)
            .order_by("created_at")
            .values("case_number", "status", "created_at", "submitted_at")
        ),
        "haendelser": list(
            CaseEvent.objects.filter(changed_by=user)
            .order_by("changed_at")
            .values("application__case_number", "action", at=F("changed_at"), message=F("note"))
        ),
        "dokumenter": list(
            Document.objects.filter(uploaded_by=user)
            .order_by("uploaded_at")
            .values("application__case_number", "original_name", "uploaded_at")
        ),
        "invitationer": list(
            _invitations_of(user)
            .order_by("created_at")
            .values("enterprise__cvr", "email", "created_at", "accepted_at", "revoked_at")
        ),
        "repraesentationer": list(
            Representation.objects.filter(user=user)
            .order_by("created_at")
            .values(
                "cvr",
                "status",
                "source",
                "statement",
                "evidence_name",
                "created_at",
                "decided_at",
                "decision_reason",
            )
        ),
    }


def mitid_sign_ins(user) -> list:
    """The person's MitID Erhverv links: the broker's id for them and the claims it sent."""
    return list(
        SocialAccount.objects.filter(user=user)
        .order_by("date_joined")
        .values("provider", "uid", "date_joined", "last_login", "extra_data")
    )


def _invitations_of(user):
    """Invitations the user sent, and those sent to one of their verified addresses (an
    unverified address may be someone else's)."""
    received = Q(email_lower__in=verified_addresses(user))
    return Invitation.objects.annotate(email_lower=Lower("email")).filter(
        received | Q(invited_by=user)
    )


def erase(user) -> None:
    """Invitations addressed to the person go; those they sent stay, with the sender unlinked.

    Their claims to act for enterprises go with the account (ON DELETE CASCADE); the files they
    gave as proof are deleted here, as the database cannot.
    """
    _invitations_of(user).exclude(invited_by=user).delete()
    for representation in Representation.objects.filter(user=user).exclude(evidence=""):
        representation.evidence.delete(save=False)
