"""State changes of advisory enquiries. Views and the admin call these; nothing else sets status."""

import datetime as dt
import functools
import hashlib

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import has_verified_email
from core import secret_links
from core.mail import send_templated_mail
from core.state_machine import StateMachine, Transition, TransitionNotAllowed
from core.workdays import add_working_days
from guidance import selectors
from guidance.models import (
    Attachment,
    DataRequestKind,
    DataRequestLog,
    Enquiry,
    EnquiryStatus,
    Message,
    MessageKind,
    PendingUpload,
    Referral,
    Satisfaction,
    StatusChange,
)

# The enquiry's life, keyed by the status it moves to.
ENQUIRY = StateMachine(
    {
        EnquiryStatus.RECEIVED: Transition((EnquiryStatus.UNCONFIRMED,), EnquiryStatus.RECEIVED),
        EnquiryStatus.IN_PROGRESS: Transition(
            # from closed: reopened by a message from the requester
            (
                EnquiryStatus.RECEIVED,
                EnquiryStatus.AWAITING_REQUESTER,
                EnquiryStatus.ANSWERED,
                EnquiryStatus.CLOSED,
            ),
            EnquiryStatus.IN_PROGRESS,
        ),
        EnquiryStatus.AWAITING_REQUESTER: Transition(
            (EnquiryStatus.RECEIVED, EnquiryStatus.IN_PROGRESS, EnquiryStatus.ANSWERED),
            EnquiryStatus.AWAITING_REQUESTER,
        ),
        EnquiryStatus.ANSWERED: Transition(
            (EnquiryStatus.RECEIVED, EnquiryStatus.IN_PROGRESS, EnquiryStatus.AWAITING_REQUESTER),
            EnquiryStatus.ANSWERED,
        ),
        EnquiryStatus.CLOSED: Transition(
            (
                EnquiryStatus.RECEIVED,
                EnquiryStatus.IN_PROGRESS,
                EnquiryStatus.AWAITING_REQUESTER,
                EnquiryStatus.ANSWERED,
            ),
            EnquiryStatus.CLOSED,
        ),
    },
    refused_message=gettext_lazy("En henvendelse kan ikke gå fra “%(status)s” til “%(target)s”."),
)
# Transitions an adviser may pick by hand; answering and reopening happen through messages.
MANUAL_TARGETS = frozenset({EnquiryStatus.IN_PROGRESS, EnquiryStatus.CLOSED})
CONFIRMATION_SALT = "guidance.confirm-email"
ANONYMISED = "[anonymiseret]"
MAX_HELD_UPLOADS = 5  # per session and form, like the form's own limit
# Held files per client at once, over every session: a new session per try must not fill the disk.
MAX_HELD_BYTES_PER_CLIENT = 100 * 1024 * 1024


def can_transition(enquiry: Enquiry, to_status: str) -> bool:
    return to_status in ENQUIRY.allowed(enquiry)


def manual_targets(enquiry: Enquiry) -> list[str]:
    if enquiry.status == EnquiryStatus.CLOSED:
        return []
    return [
        status
        for status in EnquiryStatus.values
        if status in MANUAL_TARGETS and can_transition(enquiry, status)
    ]


@transaction.atomic
def transition(enquiry: Enquiry, to_status: str, *, by=None, note: str = "") -> None:
    """Move ``enquiry`` to ``to_status`` if the state machine allows it, and record the change.

    The row is locked and its status re-read, so two advisers acting at once cannot both move it.
    History notes are stored data and written in Danish whatever language the actor uses.
    """
    enquiry.status = (
        Enquiry.objects.select_for_update().values_list("status", flat=True).get(pk=enquiry.pk)
    )
    ENQUIRY.check(enquiry, to_status)
    now = timezone.now()
    StatusChange.record(
        enquiry=enquiry,
        by=by,
        from_status=enquiry.status,
        to_status=to_status,
        note=note,
        changed_at=now,
    )
    enquiry.status = to_status
    fields = ["status"]
    if to_status == EnquiryStatus.RECEIVED:
        enquiry.received_at = now
        enquiry.due_date = add_working_days(
            timezone.localdate(now), settings.GUIDANCE_RESPONSE_WORKING_DAYS
        )
        fields += ["received_at", "due_date"]
    if to_status == EnquiryStatus.CLOSED:
        enquiry.closed_at = now
        fields.append("closed_at")
    enquiry.save(update_fields=fields)


# --- Asking -------------------------------------------------------------------------------------


@transaction.atomic
def submit_enquiry(*, data: dict, files=(), by=None) -> Enquiry:
    """Create an enquiry: in the queue at once for a verified account, else after confirming."""
    enquiry = Enquiry.objects.create(
        user=by if by is not None and by.is_authenticated else None,
        language=requester_language(),
        **data,
    )
    add_message(enquiry, MessageKind.REQUESTER, data["question"], files=files, author=enquiry.user)
    StatusChange.record(enquiry=enquiry, by=enquiry.user, to_status=EnquiryStatus.UNCONFIRMED)
    if has_verified_email(enquiry.user, enquiry.email):
        confirm_email(enquiry)
    else:
        send_confirmation_mail(enquiry)
    return enquiry


def requester_language() -> str:
    """The language of the page the enquiry was sent from, one the site offers."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def new_case_link(enquiry: Enquiry) -> str:
    """The path of a new secret link to the enquiry's page; links sent earlier keep working."""
    return reverse("guidance:case", kwargs={"token": secret_links.issue(enquiry)})


def confirmation_token(enquiry: Enquiry) -> str:
    return signing.dumps(enquiry.pk, salt=CONFIRMATION_SALT)


def enquiry_for_confirmation(token: str) -> Enquiry | None:
    """The enquiry a confirmation link belongs to, or None if the link is invalid or expired."""
    try:
        pk = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=settings.GUIDANCE_CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return Enquiry.objects.filter(pk=pk, anonymised_at__isnull=True).first()


@transaction.atomic
def confirm_email(enquiry: Enquiry) -> bool:
    """Let an enquiry join the queue; False if it already had (confirming twice is harmless)."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.status != EnquiryStatus.UNCONFIRMED:
        return False
    enquiry.email_confirmed_at = timezone.now()
    enquiry.save(update_fields=["email_confirmed_at"])
    transition(
        enquiry, EnquiryStatus.RECEIVED, by=enquiry.user, note="E-mailadressen er bekræftet."
    )
    send_receipt_mail(enquiry)
    return True


def add_message(enquiry: Enquiry, kind: str, body: str, *, files=(), author=None) -> Message:
    """A message with its attachments: new uploads, or files held from an earlier attempt."""
    message = Message.objects.create(enquiry=enquiry, kind=kind, body=body, author=author)
    for upload in files:
        if isinstance(upload, PendingUpload):
            attach_held(message, upload)
        else:
            Attachment.objects.create(
                message=message,
                file=upload,
                original_name=upload.name[:200],
                content_type=getattr(upload, "content_type", "") or "application/octet-stream",
                size=upload.size,
            )
    return message


def attach_held(message: Message, held: PendingUpload) -> Attachment | None:
    """Move a held file onto the message; None if it has gone already (a double click)."""
    held = PendingUpload.objects.select_for_update().filter(pk=held.pk).first()
    if held is None:
        return None
    with held.file.open("rb") as content:
        attachment = Attachment.objects.create(
            message=message,
            file=File(content, name=held.original_name),
            original_name=held.original_name,
            content_type=held.content_type,
            size=held.size,
        )
    release_uploads([held])
    return attachment


# --- Files held between attempts at a form ------------------------------------------------------


def hold_uploads(owner: str, scope: str, files, *, client: str = "") -> list[PendingUpload]:
    """Keep checked files for the session's next attempt at the form (at most a form's worth).

    ``client`` (a hash of the address, see ``spam.client_key``) caps what one client holds at
    once over all its sessions; files past the cap are not held.
    """
    room = MAX_HELD_UPLOADS - PendingUpload.objects.held_for(owner, scope).count()
    held_bytes = PendingUpload.objects.held_bytes_for_client(client)
    held = []
    for upload in list(files)[: max(room, 0)]:
        held_bytes += upload.size
        if client and held_bytes > MAX_HELD_BYTES_PER_CLIENT:
            break
        held.append(
            PendingUpload.objects.create(
                owner=owner,
                scope=scope,
                client=client,
                file=upload,
                original_name=upload.name[:200],
                content_type=getattr(upload, "content_type", "") or "application/octet-stream",
                size=upload.size,
            )
        )
    return held


def release_uploads(held) -> None:
    """Forget held files; the stored file goes only once the transaction has committed."""
    for upload in held:
        name, storage = upload.file.name, upload.file.storage
        upload.delete()
        transaction.on_commit(functools.partial(storage.delete, name))


def delete_stale_uploads(now=None) -> int:
    """Held files whose form was never sent are removed after a day."""
    stale = list(PendingUpload.objects.stale(now))
    release_uploads(stale)
    return len(stale)


@transaction.atomic
def reply_as_requester(enquiry: Enquiry, body: str, *, files=(), by=None) -> Message:
    """A message from the requester; it reopens an answered or closed enquiry."""
    if enquiry.status == EnquiryStatus.UNCONFIRMED:
        raise TransitionNotAllowed(_("Bekræft først din e-mailadresse."))
    message = add_message(enquiry, MessageKind.REQUESTER, body, files=files, author=by)
    if enquiry.status in (
        EnquiryStatus.ANSWERED,
        EnquiryStatus.CLOSED,
        EnquiryStatus.AWAITING_REQUESTER,
    ):
        transition(enquiry, EnquiryStatus.IN_PROGRESS, by=by, note="Ny besked fra spørgeren.")
    if enquiry.adviser_id:
        send_adviser_notice(enquiry)
    return message


# --- Answering ----------------------------------------------------------------------------------


@transaction.atomic
def assign(enquiry: Enquiry, adviser, *, by) -> None:
    if enquiry.status == EnquiryStatus.UNCONFIRMED:
        raise TransitionNotAllowed(_("Henvendelsen er ikke bekræftet af spørgeren endnu."))
    enquiry.adviser = adviser
    enquiry.save(update_fields=["adviser"])
    note = f"Tildelt {adviser}."
    if (
        can_transition(enquiry, EnquiryStatus.IN_PROGRESS)
        and enquiry.status == EnquiryStatus.RECEIVED
    ):
        transition(enquiry, EnquiryStatus.IN_PROGRESS, by=by, note=note)
    else:
        StatusChange.record(
            enquiry=enquiry,
            by=by,
            from_status=enquiry.status,
            to_status=enquiry.status,
            note=note,
        )


def with_article_links(body: str, articles, *, language: str | None = None) -> str:
    """The reply followed by the chosen knowledge articles, each with its title and address,
    introduced in the requester's ``language`` and pointing to the article's version in it."""
    if not articles:
        return body
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        links = "\n".join(
            f"{version.title} – {settings.SITE_URL}{version.get_absolute_url()}"  # noqa: RUF001
            for version in (article_in(article, language) for article in articles)
        )
        heading = _("Læs mere på vidensportalen:")
    return f"{body.rstrip()}\n\n{heading}\n{links}"


def article_in(article, language: str):
    """The article's published translation in ``language`` if there is one, else the article."""
    other = article.translation
    if article.language != language and other and other.language == language and other.is_visible:
        return other
    return article


@transaction.atomic
def reply_as_adviser(
    enquiry: Enquiry, body: str, *, by, files=(), awaiting_requester: bool = False
) -> Message:
    """Answer the requester: shown in the thread and sent by e-mail through the task queue."""
    target = EnquiryStatus.AWAITING_REQUESTER if awaiting_requester else EnquiryStatus.ANSWERED
    if enquiry.status != target and not can_transition(enquiry, target):
        transition(enquiry, target, by=by)  # raises with the reason
    message = add_message(enquiry, MessageKind.ADVISER, body, files=files, author=by)
    if enquiry.adviser_id is None:
        enquiry.adviser = by
    if enquiry.first_answered_at is None:
        enquiry.first_answered_at = message.created_at
    enquiry.save(update_fields=["adviser", "first_answered_at"])
    if enquiry.status != target:
        transition(enquiry, target, by=by)
    send_answer_mail(enquiry, message)
    return message


def add_note(enquiry: Enquiry, body: str, *, by) -> Message:
    return add_message(enquiry, MessageKind.NOTE, body, author=by)


def refer(
    enquiry: Enquiry, *, partner: str, partner_name: str = "", note: str = "", by
) -> Referral:
    return Referral.objects.create(
        enquiry=enquiry, partner=partner, partner_name=partner_name, note=note, referred_by=by
    )


@transaction.atomic
def close(enquiry: Enquiry, *, by, note: str = "") -> None:
    """Close the enquiry (which starts the anonymising clock, see ``anonymise_expired``) and
    ask the requester how satisfied they were, once."""
    transition(enquiry, EnquiryStatus.CLOSED, by=by, note=note)
    if enquiry.satisfaction_requested_at is None and not has_satisfaction(enquiry):
        enquiry.satisfaction_requested_at = timezone.now()
        enquiry.save(update_fields=["satisfaction_requested_at"])
        send_satisfaction_mail(enquiry)


def reply_window_end(answered_on: dt.date) -> dt.date:
    """The last day a requester may reply to an answer before the enquiry closes by itself."""
    return add_working_days(answered_on, settings.GUIDANCE_AUTO_CLOSE_WORKING_DAYS)


def closes_by_itself_after(enquiry: Enquiry) -> dt.date | None:
    """For an answered enquiry, the last day the requester may reply before it closes."""
    if enquiry.status != EnquiryStatus.ANSWERED:
        return None
    return reply_window_end(timezone.localdate(selectors.last_answer_at(enquiry)))


def close_unreplied(today: dt.date | None = None) -> int:
    """Close answered enquiries whose requester has not replied within the reply window (working
    days after the last answer). A reply reopens the enquiry (``reply_as_requester``), so only
    enquiries still answered are closed; running it again closes nothing new."""
    today = today or timezone.localdate()
    closed = 0
    for pk, answered_at in selectors.answered_before(
        today - dt.timedelta(days=settings.GUIDANCE_AUTO_CLOSE_WORKING_DAYS)
    ):
        if today > reply_window_end(timezone.localdate(answered_at)):
            closed += _close_unreplied(pk, answered_at)
    return closed


@transaction.atomic
def _close_unreplied(pk: int, answered_at: dt.datetime) -> bool:
    """Under the row lock: still answered and not answered again since (a reply may have come
    in between the read and now)."""
    enquiry = Enquiry.objects.select_for_update().get(pk=pk)
    if enquiry.status != EnquiryStatus.ANSWERED or selectors.last_answer_at(enquiry) != answered_at:
        return False
    days = settings.GUIDANCE_AUTO_CLOSE_WORKING_DAYS
    close(
        enquiry,
        by=None,
        note=f"Lukket automatisk: intet svar fra spørgeren {days} arbejdsdage efter svaret.",
    )
    return True


def set_status_by_hand(enquiry: Enquiry, to_status: str, *, by) -> None:
    """An adviser's choice of status in the back office: only the manual targets, and closing
    asks for the requester's satisfaction as ``close`` does."""
    if to_status not in MANUAL_TARGETS:
        raise TransitionNotAllowed(_("Den status kan ikke vælges her."))
    if to_status == EnquiryStatus.CLOSED:
        close(enquiry, by=by)
    else:
        transition(enquiry, to_status, by=by)


def has_satisfaction(enquiry: Enquiry) -> bool:
    return Satisfaction.objects.filter(enquiry=enquiry).exists()


def can_rate(enquiry: Enquiry) -> bool:
    return (
        enquiry.status == EnquiryStatus.CLOSED
        and enquiry.satisfaction_requested_at is not None
        and not has_satisfaction(enquiry)
    )


def record_satisfaction(enquiry: Enquiry, *, score: int, comment: str = "") -> Satisfaction:
    if not can_rate(enquiry):
        raise TransitionNotAllowed(_("Henvendelsen kan ikke vurderes nu."))
    return Satisfaction.objects.create(enquiry=enquiry, score=score, comment=comment)


# --- E-mail -------------------------------------------------------------------------------------


def in_language_of(send):
    """Mail to a requester goes out in the language of the site they asked on, with links there.

    Whatever language the page that caused it was in (an adviser in the Danish admin, say).
    What the adviser wrote is sent as written; only the text around it is translated.
    """

    @functools.wraps(send)
    def wrapper(enquiry: Enquiry, *args, **kwargs):
        with translation.override(enquiry.language):
            return send(enquiry, *args, **kwargs)

    return wrapper


def _send(enquiry: Enquiry, template: str, to: list[str], **context) -> None:
    """In the language chosen around the call (``in_language_of``, or Danish for advisers)."""
    send_templated_mail(
        f"guidance/email/{template}",
        {"enquiry": enquiry, "centre": settings.CENTRE, **context},
        to,
        language=translation.get_language(),
    )


@in_language_of
def send_confirmation_mail(enquiry: Enquiry) -> None:
    _send(
        enquiry,
        "confirm",
        [enquiry.email],
        token=confirmation_token(enquiry),
        days=settings.GUIDANCE_CONFIRMATION_MAX_AGE // 86400,
    )


@in_language_of
def send_receipt_mail(enquiry: Enquiry) -> None:
    _send(
        enquiry,
        "receipt",
        [enquiry.email],
        case_url=new_case_link(enquiry),
    )


@in_language_of
def send_answer_mail(enquiry: Enquiry, message: Message) -> None:
    """The answer, and when the enquiry closes by itself unless the requester writes again."""
    answered = enquiry.status == EnquiryStatus.ANSWERED
    _send(
        enquiry,
        "answer",
        [enquiry.email],
        message=message,
        case_url=new_case_link(enquiry),
        closes_on=reply_window_end(timezone.localdate(message.created_at)) if answered else None,
    )


def send_adviser_notice(enquiry: Enquiry) -> None:
    """To the adviser, so in the back office's language (Danish)."""
    if enquiry.adviser and enquiry.adviser.email:
        with translation.override(settings.LANGUAGE_CODE):
            _send(
                enquiry,
                "adviser_notice",
                [enquiry.adviser.email],
            )


@in_language_of
def send_satisfaction_mail(enquiry: Enquiry) -> None:
    _send(
        enquiry,
        "satisfaction",
        [enquiry.email],
        case_url=new_case_link(enquiry),
    )


# --- Personal data ------------------------------------------------------------------------------


@transaction.atomic
def anonymise(enquiry: Enquiry) -> None:
    """Remove personal data; keep what the statistics need (type, topics, place, times, score)."""
    for message in enquiry.messages.all():
        for attachment in message.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
    enquiry.messages.update(body=ANONYMISED, author=None)
    enquiry.referrals.update(note="")
    Satisfaction.objects.filter(enquiry=enquiry).update(comment="")
    enquiry.name = ANONYMISED
    enquiry.organisation = ""
    enquiry.email = f"anonymiseret-{enquiry.pk}@invalid"
    enquiry.phone = ""
    enquiry.question = ANONYMISED
    enquiry.user = None
    enquiry.link_hashes = []
    enquiry.anonymised_at = timezone.now()
    enquiry.save()


def months_ago(months: int, now=None) -> dt.datetime:
    now = now or timezone.now()
    year, month = divmod(now.month - 1 - months, 12)
    day = min(now.day, 28)
    return now.replace(year=now.year + year, month=month + 1, day=day)


def anonymise_expired(now=None) -> int:
    cutoff = months_ago(settings.GUIDANCE_ANONYMISE_AFTER_MONTHS, now)
    expired = Enquiry.objects.filter(
        status=EnquiryStatus.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    )
    count = 0
    for enquiry in expired.iterator():
        anonymise(enquiry)
        count += 1
    return count


def delete_unconfirmed(now=None) -> int:
    """Enquiries whose e-mail address was never confirmed are deleted once the link has expired."""
    expiry = dt.timedelta(seconds=settings.GUIDANCE_CONFIRMATION_MAX_AGE, days=1)
    stale = Enquiry.objects.filter(
        status=EnquiryStatus.UNCONFIRMED, created_at__lt=(now or timezone.now()) - expiry
    )
    count = 0
    for enquiry in stale.iterator():
        for attachment in Attachment.objects.filter(message__enquiry=enquiry):
            attachment.file.delete(save=False)
        enquiry.delete()
        count += 1
    return count


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def export_personal_data(email: str, *, by) -> list[dict]:
    """Everything kept about the person with ``email`` (the staff hand it over); logged."""
    data = selectors.personal_data(selectors.enquiries_of(email))
    DataRequestLog.objects.create(
        kind=DataRequestKind.EXPORT,
        email_hash=email_hash(email),
        request_count=len(data),
        performed_by=by,
    )
    return data


def erase_personal_data(email: str, *, by) -> int:
    return _erase(selectors.enquiries_of(email), email, by=by)


def erase_enquiries_of_user(user) -> int:
    """A user erasing their account: their own enquiries go, none merely sent to an address
    they have not verified."""
    return _erase(selectors.enquiries_of_user_for_export(user), user.email, by=None)


@transaction.atomic
def _erase(enquiries, email: str, *, by) -> int:
    enquiries = list(enquiries)
    for enquiry in enquiries:
        anonymise(enquiry)
    DataRequestLog.objects.create(
        kind=DataRequestKind.ERASURE,
        email_hash=email_hash(email),
        request_count=len(enquiries),
        performed_by=by,
    )
    return len(enquiries)
