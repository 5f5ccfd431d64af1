"""Events the centre runs, and who signs up for them.

Someone who signs up without a verified address first confirms it by the mailed link (the
registration is ``pending`` until then and takes no place); then the registration is confirmed
while places are left, otherwise it joins the waiting list. RegistrationStatus changes go through
``events.services`` (which record them in ``RegistrationChange``), never by saving a registration
directly.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import secret_links
from core.history import StatusChangeRecord, status_field


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now=None):
        return self.published().filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.published().filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def with_confirmed_count(self):
        return self.annotate(
            confirmed_count=models.Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            )
        )


class Event(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kort navn i adressen"), max_length=200, unique=True)
    summary = models.CharField(
        _("kort beskrivelse"), max_length=300, help_text=_("Vises i listen over arrangementer.")
    )
    description = models.TextField(_("beskrivelse"))
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=300, blank=True, help_text=_("Adresse."))
    # The meeting link goes only to confirmed participants (their mails and their own page),
    # never to the public page, the calendar files or the waiting list.
    online_url = models.URLField(
        _("link til online deltagelse"),
        blank=True,
        help_text=_("Sendes kun til tilmeldte deltagere; vises ikke på den offentlige side."),
    )
    # Shown on the municipalities' pages of the region (geography.views).
    region = models.ForeignKey(
        "geography.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Regionen, hvor arrangementet holdes. Tom for online arrangementer."),
    )
    organiser = models.CharField(
        _("arrangør"), max_length=200, default="Vækstcenter for socialøkonomiske virksomheder"
    )
    audiences = models.ManyToManyField(
        "portal.Audience", blank=True, related_name="events", verbose_name=_("målgrupper")
    )
    themes = models.ManyToManyField(
        "portal.Theme", blank=True, related_name="events", verbose_name=_("temaer")
    )
    capacity = models.PositiveIntegerField(
        _("antal pladser"), null=True, blank=True, help_text=_("Tomt betyder ubegrænset.")
    )
    signup_deadline = models.DateTimeField(_("tilmeldingsfrist"), null=True, blank=True)
    is_published = models.BooleanField(_("offentliggjort"), default=False)
    # When the event first became public (set by ``save``, never moved back): the newsletter
    # digest sends an event once, in the week it was published, whenever it was created or edited.
    published_at = models.DateTimeField(
        _("først offentliggjort"), null=True, blank=True, editable=False
    )
    cancelled_at = models.DateTimeField(_("aflyst"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)
    # For the site search (portal.sitesearch): title A, summary B, description C.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="danish_unaccent")
        + SearchVector("summary", weight="B", config="danish_unaccent")
        + SearchVector("description", weight="C", config="danish_unaccent"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        indexes = [
            models.Index(fields=["is_published", "ends_at", "starts_at"], name="event_listing_idx"),
            models.Index(fields=["starts_at"], name="event_starts_idx"),  # the staff desk's week
            # The newsletter digest's week.
            models.Index(
                fields=["published_at"], name="event_published_idx", condition=Q(is_published=True)
            ),
            GinIndex(fields=["search_vector"], name="event_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="event_has_place_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("Arrangementet skal slutte efter, det starter.")
        if self.signup_deadline and self.starts_at and self.signup_deadline > self.starts_at:
            errors["signup_deadline"] = _("Tilmeldingsfristen skal ligge før arrangementet.")
        if not self.place and not self.online_url:
            errors["place"] = _("Angiv et sted eller et link til online deltagelse.")
        if self.pk and self.capacity is not None:
            confirmed = self.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
            if self.capacity < confirmed:
                errors["capacity"] = _(
                    "Der er allerede %(count)d tilmeldte. Afmeld nogen først, hvis der skal "
                    "være færre pladser."
                ) % {"count": confirmed}
        if errors:
            raise ValidationError(errors)

    def places_left(self, confirmed_count: int) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - confirmed_count, 0)

    @property
    def free_places(self) -> int | None:
        """Places left; needs the ``confirmed_count`` annotation (``with_confirmed_count``)."""
        return self.places_left(self.confirmed_count)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def signup_open(self, now=None) -> bool:
        now = now or timezone.now()
        closes = self.signup_deadline or self.starts_at
        return self.is_published and not self.is_cancelled and now < closes and now < self.starts_at


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Afventer bekræftelse af e-mail")
    CONFIRMED = "confirmed", _("Tilmeldt")
    WAITING = "waiting", _("På venteliste")
    CANCELLED = "cancelled", _("Afmeldt")


class Registration(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("arrangement")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("bruger"),
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mailadresse"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    needs = models.TextField(_("kost- eller tilgængelighedsbehov"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus, editable=False
    )
    position = models.PositiveIntegerField(
        _("nummer i køen"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Rækkefølgen på ventelisten."),
    )
    # Digests of the links mailed to the registrant (``core.secret_links``).
    link_hashes = secret_links.hashes_field()
    attended = models.BooleanField(_("deltog"), default=False, editable=False)
    reminder_sent_at = models.DateTimeField(
        _("påmindelse sendt"), null=True, blank=True, editable=False
    )
    erased_at = models.DateTimeField(
        _("personoplysninger slettet"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("tilmeldt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        indexes = [
            models.Index(fields=["event", "status", "position"], name="registration_queue_idx"),
            models.Index(
                fields=["status", "reminder_sent_at"],
                name="registration_reminder_idx",
                condition=Q(reminder_sent_at__isnull=True),
            ),
            GinIndex(fields=["link_hashes"], name="registration_links_idx"),
            # The housekeeping job looks for needs still kept after their event.
            models.Index(fields=["event"], name="registration_needs_idx", condition=~Q(needs="")),
        ]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled"),
                name="registration_once_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.event}"

    def link_expired(self, now=None) -> bool:
        """The registrant's link works until the event starts."""
        return self.event.starts_at <= (now or timezone.now())


class RegistrationChange(StatusChangeRecord):
    """One recorded change of a registration: who, when, from which status to which."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="changes", verbose_name=_("tilmelding")
    )
    from_status = status_field(_("fra"), RegistrationStatus)
    to_status = status_field(_("til"), RegistrationStatus)


class EventState(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    CANCELLED = "cancelled", _("Aflyst")


class EventChange(StatusChangeRecord):
    """Who moved or cancelled an event, and when (the note says what changed)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="changes", verbose_name=_("arrangement")
    )
    from_status = status_field(_("fra"), EventState)
    to_status = status_field(_("til"), EventState)
