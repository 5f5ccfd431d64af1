"""Advisory enquiries and their conversation, referrals, history and satisfaction answers.

An enquiry's ``status`` only changes through ``guidance.services`` (guarded transitions, each one
recorded as a ``StatusChange``).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import secret_links
from core.history import StatusChangeRecord, status_field


class RequesterType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune")
    JOB_CENTRE = "job_centre", _("Jobcenter")
    REGION = "region", _("Region")
    BUSINESS_SERVICE = "business_service", _("Lokal erhvervsservice")
    ENTREPRENEUR = "entrepreneur", _("Iværksætter")
    ENTERPRISE = "enterprise", _("Socialøkonomisk virksomhed")
    ASSOCIATION = "association", _("Forening eller frivillig organisation")
    INVESTOR = "investor", _("Investor eller fond")
    OTHER = "other", _("Andet")


class Topic(models.TextChoices):
    START_UP = "start_up", _("Opstart")
    LEGAL_FORM = "legal_form", _("Selskabsform og vedtægter")
    DEVELOPMENT = "development", _("Forretningsudvikling")
    FINANCING = "financing", _("Finansiering")
    PUBLIC_COOPERATION = "public_cooperation", _("Samarbejde med det offentlige")
    EMPLOYMENT = "employment", _("Beskæftigelsesordninger med jobcentret")
    PROCUREMENT = "procurement", _("Offentlige indkøb og sociale klausuler")
    REGISTRATION = "registration", _("Registrering som RSV")
    NETWORKS = "networks", _("Netværk og partnerskaber")
    OTHER = "other", _("Andet")


class PreferredContact(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Telefon")
    MEETING = "meeting", _("Møde")


class EnquiryStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Afventer bekræftelse af e-mail")
    RECEIVED = "received", _("Modtaget")
    IN_PROGRESS = "in_progress", _("Under behandling")
    AWAITING_REQUESTER = "awaiting_requester", _("Afventer spørgeren")
    ANSWERED = "answered", _("Besvaret")
    CLOSED = "closed", _("Lukket")


OPEN_STATUSES = (
    EnquiryStatus.RECEIVED,
    EnquiryStatus.IN_PROGRESS,
    EnquiryStatus.AWAITING_REQUESTER,
)
CASE_LINK_KEPT_AFTER_CLOSING = timedelta(days=90)


def new_access_token() -> str:
    return secrets.token_urlsafe(32)


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """Short, unguessable and easy to read aloud on the phone (no 0/O or 1/I)."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"R{timezone.localdate().year}-{code}"


class EnquiryQuerySet(models.QuerySet):
    def in_queue(self):
        return self.exclude(status=EnquiryStatus.UNCONFIRMED)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            due_date__lt=today, first_answered_at__isnull=True, status__in=OPEN_STATUSES
        )


class Enquiry(models.Model):
    reference = models.CharField(
        _("referencenummer"), max_length=16, unique=True, default=new_reference, editable=False
    )
    requester_type = models.CharField(
        _("hvem spørger"), max_length=20, choices=RequesterType.choices
    )
    name = models.CharField(_("navn"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.PROTECT,
        related_name="guidance_enquiries",
        verbose_name=_("kommune"),
    )
    email = models.EmailField(_("e-mailadresse"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    topics = ArrayField(
        models.CharField(max_length=20, choices=Topic.choices), verbose_name=_("emner")
    )
    question = models.TextField(_("spørgsmål"))
    preferred_contact = models.CharField(
        _("foretrukken kontakt"),
        max_length=10,
        choices=PreferredContact.choices,
        default=PreferredContact.EMAIL,
    )
    consent = models.BooleanField(_("samtykke til behandling af personoplysninger"))
    language = models.CharField(
        _("sprog"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="da",
        help_text=_("Sproget på siden, hvor spørgeren skrev; e-mails til spørgeren er på det."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidance_enquiries",
        verbose_name=_("bruger"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnquiryStatus.choices, default=EnquiryStatus.UNCONFIRMED
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_guidance_enquiries",
        verbose_name=_("rådgiver"),
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(_("e-mail bekræftet"), null=True, blank=True)
    received_at = models.DateTimeField(_("modtaget"), null=True, blank=True)
    due_date = models.DateField(_("svarfrist"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("første svar"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    satisfaction_requested_at = models.DateTimeField(
        _("tilfredshed efterspurgt"), null=True, blank=True
    )
    # Digests of the case links mailed to the requester (``core.secret_links``).
    link_hashes = secret_links.hashes_field()
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="guidance_req_status_idx"),
            models.Index(fields=["requester_type"], name="guidance_req_type_idx"),
            models.Index(fields=["received_at"], name="guidance_req_received_idx"),
            models.Index(
                fields=["due_date"],
                condition=Q(first_answered_at__isnull=True),
                name="guidance_req_unanswered_idx",
            ),
            models.Index(
                fields=["closed_at"],
                condition=Q(anonymised_at__isnull=True),
                name="guidance_req_closed_idx",
            ),
            models.Index(Lower("email"), name="guidance_req_email_idx"),
            GinIndex(fields=["topics"], name="guidance_req_topics_idx"),
            GinIndex(fields=["link_hashes"], name="guidance_req_links_idx"),
            # The admin's search runs UPPER(column) LIKE '%...%': trigram indexes serve it.
            *[
                GinIndex(
                    OpClass(Upper(field), name="gin_trgm_ops"), name=f"guidance_req_{field}_trgm"
                )
                for field in ("reference", "name", "organisation", "email", "question")
            ],
        ]

    def __str__(self) -> str:
        return self.reference

    def link_expired(self, now=None) -> bool:
        """Case links work while the enquiry is open and for 90 days after it is closed."""
        return (
            self.status == EnquiryStatus.CLOSED
            and self.closed_at is not None
            and self.closed_at + CASE_LINK_KEPT_AFTER_CLOSING < (now or timezone.now())
        )

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and self.first_answered_at is None
            and self.status in OPEN_STATUSES
            and self.due_date < timezone.localdate()
        )

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics]


class MessageKind(models.TextChoices):
    REQUESTER = "requester", _("Fra spørgeren")
    ADVISER = "adviser", _("Fra rådgiveren")
    NOTE = "note", _("Intern note")


class MessageQuerySet(models.QuerySet):
    def visible_to_requester(self):
        return self.exclude(kind=MessageKind.NOTE)


class Message(models.Model):
    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="messages", verbose_name=_("henvendelse")
    )
    kind = models.CharField(_("type"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afsender"),
    )
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        indexes = [models.Index(fields=["enquiry", "created_at"], name="guidance_msg_thread_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d.%m.%Y %H:%M}"


def attachment_path(instance, filename: str) -> str:
    return f"guidance/{instance.message.enquiry_id}/{secrets.token_hex(8)}-{filename}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("besked")
    )
    file = models.FileField(_("fil"), upload_to=attachment_path)
    original_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=100)
    size = models.PositiveIntegerField(_("størrelse"))

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return self.original_name


def pending_upload_path(instance, filename: str) -> str:
    return f"guidance/pending/{secrets.token_hex(8)}-{filename}"


PENDING_UPLOAD_LIFETIME = timedelta(days=1)


class PendingUploadQuerySet(models.QuerySet):
    def held_for(self, owner: str | None, scope: str):
        if not owner:
            return self.none()
        return self.filter(owner=owner, scope=scope).order_by("created_at", "pk")

    def stale(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - PENDING_UPLOAD_LIFETIME)

    def held_bytes_for_client(self, client: str) -> int:
        if not client:
            return 0
        return self.filter(client=client).aggregate(total=models.Sum("size"))["total"] or 0


class PendingUpload(models.Model):
    """A checked file held while its form is shown again with errors elsewhere.

    Browsers cannot refill a file input, so the file waits here until the form is sent. It belongs
    to one browser session (``owner`` is a random value kept in that session) and one form
    (``scope``); a periodic job removes whatever was never sent after a day.
    """

    token = models.CharField(max_length=64, unique=True, default=new_access_token, editable=False)
    owner = models.CharField(max_length=64)
    scope = models.CharField(max_length=40)
    client = models.CharField(max_length=64, blank=True, db_index=True)  # hashed address
    file = models.FileField(upload_to=pending_upload_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("midlertidigt bilag")
        verbose_name_plural = _("midlertidige bilag")
        indexes = [models.Index(fields=["owner", "scope"], name="guidance_pending_owner_idx")]

    def __str__(self) -> str:
        return self.original_name


class Partner(models.TextChoices):
    BUSINESS_SERVICE = "business_service", _("Lokal erhvervsservice")
    JOB_CENTRE = "job_centre", _("Jobcenter")
    AUTHORITY = "authority", _("Anden myndighed")


class Referral(models.Model):
    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("henvendelse")
    )
    partner = models.CharField(_("henvist til"), max_length=20, choices=Partner.choices)
    partner_name = models.CharField(_("navn på samarbejdspartner"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("henvist af"),
    )
    referred_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        ordering = ["referred_at"]
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        indexes = [models.Index(fields=["partner"], name="guidance_referral_partner_idx")]

    def __str__(self) -> str:
        return f"{self.get_partner_display()} {self.partner_name}".strip()


class StatusChange(StatusChangeRecord):
    """The history of an enquiry: every transition and assignment, with who and when."""

    enquiry = models.ForeignKey(
        Enquiry,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("henvendelse"),
    )
    from_status = status_field(_("fra"), EnquiryStatus)
    to_status = status_field(_("til"), EnquiryStatus, blank=False)

    class Meta(StatusChangeRecord.Meta):
        verbose_name = _("statusændring")
        verbose_name_plural = _("statusændringer")
        indexes = [models.Index(fields=["enquiry", "changed_at"], name="guidance_change_idx")]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Satisfaction(models.Model):
    enquiry = models.OneToOneField(
        Enquiry,
        on_delete=models.CASCADE,
        related_name="satisfaction",
        verbose_name=_("henvendelse"),
    )
    score = models.PositiveSmallIntegerField(
        _("tilfredshed"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("kommentar"), blank=True)
    answered_at = models.DateTimeField(_("besvaret"), default=timezone.now)

    class Meta:
        verbose_name = _("tilfredshedssvar")
        verbose_name_plural = _("tilfredshedssvar")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="guidance_satisfaction_score_1_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score}/5"


class DataRequestKind(models.TextChoices):
    EXPORT = "export", _("Indsigt (eksport)")
    ERASURE = "erasure", _("Sletning")


class DataRequestLog(models.Model):
    """A record of a GDPR export or erasure; the e-mail address is kept only as a hash."""

    kind = models.CharField(_("type"), max_length=10, choices=DataRequestKind.choices)
    email_hash = models.CharField(_("e-mail (hash)"), max_length=64, db_index=True)
    request_count = models.PositiveIntegerField(_("antal henvendelser"))
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("udført af"),
    )
    performed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    class Meta:
        ordering = ["-performed_at"]
        verbose_name = _("persondataforespørgsel")
        verbose_name_plural = _("persondataforespørgsler")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.performed_at:%d.%m.%Y}"
