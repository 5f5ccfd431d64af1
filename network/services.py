"""State changes of network profiles: creation, edits, review, hiding, deletion, contact.

Review is a guarded state machine: only a pending profile can be approved or rejected, and an
owner's edit sends an approved or rejected profile back to review.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.mail import page_language, send_templated_mail
from core.state_machine import StateMachine, Transition
from network.models import Profile, ProfileChange, ProfileStatus
from portal.page_cache import search_content_changed

# A profile's review, keyed by the status it moves to: any edit by the owner sends it back.
REVIEW = StateMachine(
    {
        ProfileStatus.PENDING: Transition(tuple(ProfileStatus), ProfileStatus.PENDING),
        ProfileStatus.APPROVED: Transition((ProfileStatus.PENDING,), ProfileStatus.APPROVED),
        ProfileStatus.REJECTED: Transition((ProfileStatus.PENDING,), ProfileStatus.REJECTED),
    },
    refused_message=gettext_lazy(
        "Kun profiler, der afventer godkendelse, kan godkendes eller afvises."
    ),
)
CONTENT_FIELDS = ["kind", "name", "about", "offers", "seeks", "region", "website"]


def _locked(profile: Profile) -> Profile:
    return Profile.objects.select_for_update().get(pk=profile.pk)


@transaction.atomic
def create_profile(*, owner, themes=(), **content) -> Profile:
    profile = Profile.objects.create(owner=owner, **content)
    profile.themes.set(themes)
    ProfileChange.record(
        profile=profile,
        by=owner,
        to_status=ProfileStatus.PENDING,
        note=_("Oprettet og sendt til godkendelse"),
    )
    return profile


@transaction.atomic
def update_profile(profile: Profile, *, by, themes=(), **content) -> Profile:
    """Save the owner's changes; a reviewed profile goes back to review, since what the public
    sees must have been approved."""
    profile = _locked(profile)
    for field, value in content.items():
        setattr(profile, field, value)
    was = profile.status
    REVIEW.check(profile, ProfileStatus.PENDING)
    profile.status = ProfileStatus.PENDING
    profile.save()
    profile.themes.set(themes)
    ProfileChange.record(
        profile=profile,
        by=by,
        from_status=was,
        to_status=ProfileStatus.PENDING,
        note=_("Ændret af ejeren"),
    )
    transaction.on_commit(search_content_changed)
    return profile


@transaction.atomic
def correct_profile(profile: Profile, *, changed_fields: list[str], by) -> Profile:
    """Save the centre's correction of a profile (in the admin), recording which fields changed.
    Unlike the owner's edit it does not send the profile back to review."""
    profile.save()
    if changed_fields:
        ProfileChange.record(
            profile=profile,
            by=by,
            note=_("Rettet af Vækstcentret: %(fields)s") % {"fields": ", ".join(changed_fields)},
        )
    return profile


def _review(profile: Profile, *, by, to: str, note: str, reason: str = "") -> Profile:
    profile = _locked(profile)
    REVIEW.check(profile, to)
    profile.status = to
    profile.save(update_fields=["status", "updated_at"])
    ProfileChange.record(
        profile=profile, by=by, from_status=ProfileStatus.PENDING, to_status=to, note=note
    )
    _mail_owner(profile, reason)
    transaction.on_commit(search_content_changed)
    return profile


@transaction.atomic
def approve(profile: Profile, *, by) -> Profile:
    return _review(profile, by=by, to=ProfileStatus.APPROVED, note=_("Godkendt"))


@transaction.atomic
def reject(profile: Profile, *, by, reason: str = "") -> Profile:
    note = _("Afvist") + (f": {reason}" if reason else "")
    return _review(profile, by=by, to=ProfileStatus.REJECTED, note=note[:300], reason=reason)


def _mail_owner(profile: Profile, reason: str = "") -> None:
    """In the language of the page that caused it (the reviewer's); profiles store none."""
    context = {
        "profile": profile,
        "reason": reason,
        "approved": profile.status == ProfileStatus.APPROVED,
        "profile_url": settings.SITE_URL + profile.get_absolute_url(),
        "centre": settings.CENTRE,
    }
    send_templated_mail(
        "network/email/reviewed", context, [profile.owner.email], language=page_language()
    )


@transaction.atomic
def set_hidden(profile: Profile, *, hidden: bool, by) -> Profile:
    profile = _locked(profile)
    if profile.is_hidden != hidden:
        profile.is_hidden = hidden
        profile.save(update_fields=["is_hidden", "updated_at"])
        note = _("Skjult af ejeren") if hidden else _("Vist igen af ejeren")
        ProfileChange.record(profile=profile, by=by, note=note)
        transaction.on_commit(search_content_changed)
    return profile


@transaction.atomic
def delete_profile(profile: Profile) -> None:
    """Deleted for good, history included: the owner asked for their data to go."""
    _locked(profile).delete()
    transaction.on_commit(search_content_changed)


def send_contact_message(
    profile: Profile, *, sender_name: str, sender_email: str, message: str, share_email: bool
) -> None:
    """E-mail the profile's owner. Their address is never shown to the sender; the sender's is
    given as reply-to only when they agreed to it."""
    context = {
        "profile": profile,
        "sender_name": sender_name,
        "message": message,
        "share_email": share_email,
        "sender_email": sender_email,
    }
    send_templated_mail(
        "network/email/contact",
        context,
        [profile.owner.email],
        language=page_language(),
        reply_to=[sender_email] if share_email else [],
    )
