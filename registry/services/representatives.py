"""Who may act for an enterprise: the role predicates, claims and their proof, invitations.

A pending claim is decided once, by a case handler (``REPRESENTATION``, a kernel state machine);
MitID Erhverv and an accepted invitation prove the right at once. Approved representations make
the person one of the enterprise's ``representatives``; staff removing them ends the approval.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Case, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from accounts import roles
from accounts.selectors import has_verified_email
from core.mail import page_language, send_templated_mail
from core.state_machine import StateMachine, Transition, TransitionNotAllowed
from registry.models import (
    ACTIVE_STATUSES,
    Action,
    Application,
    ApplicationStatus,
    CaseEvent,
    Enterprise,
    Invitation,
    Representation,
    RepresentationChange,
    RepresentationSource,
    RepresentationStatus,
)


def is_representative(user, enterprise: Enterprise) -> bool:
    return user.is_authenticated and enterprise.representatives.filter(pk=user.pk).exists()


def may_act_on_case(user, application: Application) -> bool:
    """A representative of the enterprise, or the author of a draft awaiting their claim."""
    if application.awaits_claim:
        return user.is_authenticated and application.created_by_id == user.pk
    return is_representative(user, application.enterprise)


def may_act_for(user, cvr: str) -> bool:
    """The person may act for the enterprise with this CVR number: one of its representatives,
    or, before the enterprise is known here, proved (MitID Erhverv) to act for the number.

    The one answer for the applying pages and ``start_application`` alike: an approved
    representation whose person staff have since removed does not count.
    """
    enterprise = Enterprise.objects.filter(cvr=cvr).first()
    if enterprise is not None:
        return is_representative(user, enterprise)
    return user.is_authenticated and (
        Representation.objects.approved().filter(user=user, cvr=cvr).exists()
    )


def mitid_cvrs(user) -> list[str]:
    """The CVR numbers MitID Erhverv has proved the person acts for."""
    return list(
        Representation.objects.approved()
        .filter(user=user, source=RepresentationSource.MITID_ERHVERV)
        .values_list("cvr", flat=True)
    )


def update_enterprise(enterprise: Enterprise, data: dict) -> Enterprise:
    for field, value in data.items():
        setattr(enterprise, field, value)
    enterprise.save()
    return enterprise


INVITATION_VALIDITY = dt.timedelta(days=14)


_INVITATION_SALT = "registry.invitation"


class InvitationError(Exception):
    """The invitation cannot be sent, accepted or revoked; the message says why."""


def history_case(enterprise: Enterprise) -> Application | None:
    """The case that carries the enterprise's history: the active one, else the latest."""
    return (
        enterprise.applications.annotate(
            active=Case(When(status__in=ACTIVE_STATUSES, then=0), default=1)
        )
        .order_by("active", "-created_at")
        .first()
    )


def _record_on_enterprise(enterprise: Enterprise, user, action: str, message: str) -> None:
    case = history_case(enterprise)
    if case:
        CaseEvent.record(application=case, by=user, action=action, note=message)


def record_representatives_changed(enterprise: Enterprise, before: set, after: set, *, by) -> None:
    """Record who staff added or removed as representatives (the admin changes them directly)."""
    for person in sorted(after - before, key=lambda p: p.email):
        _record_on_enterprise(
            enterprise,
            by,
            Action.REPRESENTATIVE_ADDED,
            _("%(email)s handler nu for virksomheden.") % {"email": person.email},
        )
    for person in sorted(before - after, key=lambda p: p.email):
        _end_representations(enterprise, person, by)
        _record_on_enterprise(
            enterprise,
            by,
            Action.REPRESENTATIVE_REMOVED,
            _("%(email)s handler ikke længere for virksomheden.") % {"email": person.email},
        )


def _end_representations(enterprise: Enterprise, person, user) -> None:
    """A person removed from the representatives no longer holds an approved right to act."""
    for representation in Representation.objects.approved().filter(user=person, cvr=enterprise.cvr):
        from_status = REPRESENTATION.move(representation, "end")
        _record_representation(
            representation, user, from_status, _("Fjernet som repræsentant af en sagsbehandler")
        )


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=_INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link points to; None for a forged or damaged link.

    Expiry is the invitation's own ``expires_at`` (checked on acceptance), so an old link
    still finds its invitation and the person is told it has expired.
    """
    try:
        pk = signing.loads(token, salt=_INVITATION_SALT)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("enterprise", "invited_by").filter(pk=pk).first()


@transaction.atomic
def invite_representative(enterprise: Enterprise, email: str, *, by) -> Invitation:
    """Invite a person by e-mail to act for the enterprise; the link is valid for 14 days."""
    if not is_representative(by, enterprise):
        raise PermissionDenied
    email = email.strip()
    if enterprise.representatives.filter(email__iexact=email).exists():
        raise InvitationError(_("Personen handler allerede for virksomheden."))
    if enterprise.invitations.pending().filter(email__iexact=email).exists():
        raise InvitationError(_("Der er allerede sendt en invitation til den e-mail-adresse."))
    now = timezone.now()
    invitation = Invitation.objects.create(
        enterprise=enterprise,
        email=email,
        invited_by=by,
        created_at=now,
        expires_at=now + INVITATION_VALIDITY,
    )
    _record_on_enterprise(
        enterprise, by, Action.INVITE, _("Invitation sendt til %(email)s.") % {"email": email}
    )
    language = page_language()  # the inviter's: nothing is known of the invited person yet
    with override(language):
        path = reverse("registry:accept_invitation", kwargs={"token": invitation_token(invitation)})
    context = {"invitation": invitation, "link": settings.SITE_URL + path, "inviter": by}
    send_templated_mail("registry/email/invitation", context, [email], language=language)
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by) -> Invitation:
    if not is_representative(by, invitation.enterprise):
        raise PermissionDenied
    now = timezone.now()
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_by=by)
    if not updated:
        raise InvitationError(_("Invitationen er allerede accepteret eller tilbagekaldt."))
    invitation.refresh_from_db()
    _record_on_enterprise(
        invitation.enterprise,
        by,
        Action.INVITATION_REVOKED,
        _("Invitationen til %(email)s er tilbagekaldt.") % {"email": invitation.email},
    )
    return invitation


def may_accept(invitation: Invitation, user) -> bool:
    """Only the person the invitation was sent to: a verified address of theirs must match."""
    return has_verified_email(user, invitation.email)


@transaction.atomic
def accept_invitation(invitation: Invitation, *, by) -> Enterprise:
    if not may_accept(invitation, by):
        raise PermissionDenied
    now = timezone.now()
    updated = Invitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(accepted_at=now, accepted_by=by)
    if not updated:
        raise InvitationError(
            _("Invitationen er udløbet, tilbagekaldt eller allerede brugt. Bed om en ny.")
        )
    enterprise = invitation.enterprise
    record_invited_representation(enterprise, by=by)
    _record_on_enterprise(
        enterprise,
        by,
        Action.REPRESENTATIVE_ADDED,
        _("%(email)s handler nu for virksomheden.") % {"email": invitation.email},
    )
    return enterprise


# The claim's state machine: a pending claim is decided once, by a case handler; an approved
# one ends when staff remove the person from the enterprise's representatives.
REPRESENTATION = StateMachine(
    {
        "approve": Transition((RepresentationStatus.PENDING,), RepresentationStatus.APPROVED),
        "reject": Transition((RepresentationStatus.PENDING,), RepresentationStatus.REJECTED),
        "withdraw": Transition((RepresentationStatus.PENDING,), RepresentationStatus.WITHDRAWN),
        "end": Transition((RepresentationStatus.APPROVED,), RepresentationStatus.WITHDRAWN),
    },
    refused_message=gettext_lazy("Anmodningen er allerede afgjort (%(status)s)."),
)


class ClaimError(TransitionNotAllowed):
    """The claim cannot be filed or decided; the message says why."""


def _record_representation(representation, user, from_status, note) -> None:
    RepresentationChange.record(
        by=user,
        representation=representation,
        from_status=from_status,
        to_status=representation.status,
        note=note[:300],
    )


def claim_representation(enterprise: Enterprise, statement: str, evidence=None, *, by):
    """File a pending claim to act for the enterprise, with what the person gives as proof."""
    if not statement.strip():
        raise ClaimError(_("Forklar, hvorfor du må handle for virksomheden."))
    representation, created = Representation.objects.get_or_create(
        user=by,
        cvr=enterprise.cvr,
        status=RepresentationStatus.PENDING,
        defaults={
            "enterprise": enterprise,
            "source": RepresentationSource.CLAIM,
            "statement": statement.strip(),
            "evidence": evidence or "",
            "evidence_name": (evidence.name[:200] if evidence else ""),
        },
    )
    if created:
        _record_representation(representation, by, "", _("Anmodning indsendt"))
    return representation


def _approve_by_proof(user, cvr, enterprise, source, note) -> Representation:
    """Proof that needs no case handler: approved at once, settling a pending claim."""
    representation = (
        Representation.objects.select_for_update().open().filter(user=user, cvr=cvr).first()
    )
    if representation is None:
        representation = Representation.objects.create(
            user=user,
            cvr=cvr,
            enterprise=enterprise,
            source=source,
            status=RepresentationStatus.APPROVED,
            decided_at=timezone.now(),
        )
        _record_representation(representation, user, "", note)
    elif representation.status == RepresentationStatus.PENDING:
        representation = _decide(representation, user, "approve", source=source)
    if enterprise is not None:
        if representation.enterprise_id is None:
            representation.enterprise = enterprise
            representation.save(update_fields=["enterprise"])
        _make_representative(representation, user)
    return representation


@transaction.atomic
def grant_by_mitid(cvr: str, *, by) -> Representation:
    """MitID Erhverv has proved that the person acts for ``cvr``."""
    enterprise = Enterprise.objects.filter(cvr=cvr).first()
    source = RepresentationSource.MITID_ERHVERV
    return _approve_by_proof(by, cvr, enterprise, source, _("Bekræftet med MitID Erhverv"))


def record_invited_representation(enterprise: Enterprise, *, by) -> Representation:
    """An approved representative's invitation is proof enough; the person now acts for it."""
    return _approve_by_proof(
        by,
        enterprise.cvr,
        enterprise,
        RepresentationSource.INVITATION,
        _("Invitation accepteret"),
    )


def _decide(representation, user, name, *, reason="", source=None) -> Representation:
    decision = {"decided_at": timezone.now(), "decided_by": user, "decision_reason": reason}
    from_status = REPRESENTATION.move(
        representation, name, extra={**decision, **({"source": source} if source else {})}
    )
    labels = {
        "approve": _("Godkendt"),
        "reject": _("Afvist: %(reason)s") % {"reason": reason},
        "withdraw": _("Trukket tilbage sammen med ansøgningen"),
    }
    _record_representation(representation, user, from_status, labels[name])
    return representation


def withdraw_pending_claim(application: Application, *, by) -> None:
    """A draft held back for a claim takes its pending claim with it out of the handlers' queue."""
    claim = (
        Representation.objects.pending()
        .filter(user=application.created_by, cvr=application.enterprise.cvr)
        .first()  # one open claim per person and CVR number (a constraint)
    )
    if claim:
        _decide(claim, by, "withdraw")


def _claim_drafts(representation):
    return Application.objects.select_for_update().filter(
        enterprise=representation.enterprise,
        created_by=representation.user,
        awaits_claim=True,
        status=ApplicationStatus.DRAFT,
    )


def _make_representative(representation: Representation, actor) -> None:
    """The person now acts for the enterprise; their drafts become the enterprise's own."""
    enterprise = representation.enterprise
    enterprise.representatives.add(representation.user)
    for draft in _claim_drafts(representation):
        try:
            with transaction.atomic():
                update_enterprise(enterprise, draft.stated_enterprise)
                Application.objects.filter(pk=draft.pk).update(awaits_claim=False)
        except IntegrityError:  # the enterprise already has an active case of its own
            message = _(
                "Virksomheden har allerede en aktiv sag, som du nu kan finde under Mine sager; "
                "denne kladde er lukket."
            )
            _settle_draft(draft, actor, Action.CLAIM_APPROVED, ApplicationStatus.WITHDRAWN, message)
        else:
            message = _("Du kan nu sende ansøgningen.")
            _settle_draft(draft, actor, Action.CLAIM_APPROVED, ApplicationStatus.DRAFT, message)


def _settle_draft(draft: Application, actor, action: str, to_status: str, message: str) -> None:
    """Record the claim's decision on the draft it held back, closing the draft if need be."""
    if to_status != ApplicationStatus.DRAFT:
        Application.objects.filter(pk=draft.pk).update(status=to_status)
    CaseEvent.record(
        application=draft,
        by=actor,
        action=action,
        from_status=ApplicationStatus.DRAFT,
        to_status=to_status,
        note=message,
    )


@transaction.atomic
def approve_representation(representation: Representation, *, by) -> Representation:
    if not roles.is_case_handler(by):
        raise PermissionDenied
    representation = _decide(representation, by, "approve")
    _make_representative(representation, by)
    _mail_claimant(representation, "claim_approved")
    return representation


@transaction.atomic
def reject_representation(representation: Representation, reason: str, *, by):
    if not roles.is_case_handler(by):
        raise PermissionDenied
    if not reason.strip():
        raise ClaimError(_("Skriv en begrundelse for afvisningen."))
    representation = _decide(representation, by, "reject", reason=reason.strip())
    for draft in _claim_drafts(representation):
        _settle_draft(draft, by, Action.CLAIM_REJECTED, ApplicationStatus.WITHDRAWN, reason.strip())
    _mail_claimant(representation, "claim_rejected")
    return representation


def _mail_claimant(representation: Representation, template: str) -> None:
    """In the language of the claimant's application, the page they filed the claim from."""
    language = (
        Application.objects.filter(
            created_by=representation.user, enterprise__cvr=representation.cvr
        )
        .order_by("-created_at")
        .values_list("language", flat=True)
        .first()
    )
    send_templated_mail(
        f"registry/email/{template}",
        {"representation": representation},
        [representation.user.email],
        language=language,
    )


def competing_claims(representation: Representation):
    """The other open claims for the same CVR number, for the handler to weigh side by side."""
    return (
        Representation.objects.open()
        .filter(cvr=representation.cvr)
        .exclude(pk=representation.pk)
        .select_related("user")
    )
