"""Registration of social-economic enterprises (RSV): enterprises, cases, documents and history.

An ``Application`` is one case. Its status only changes through ``registry.services`` (a guarded
state machine); the enterprise's public registration fields are kept in step by the same services.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast, TruncDate, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr

from core.collation import DanishSortKey
from core.history import StatusChangeRecord, local_time_label, status_field

DECISION_PERIOD = dt.timedelta(weeks=4)


def validate_cvr(value: str) -> None:
    if not stdnum_cvr.is_valid(value or ""):
        raise ValidationError(
            _("Skriv et gyldigt CVR-nummer på 8 cifre."), code="invalid_cvr", params={}
        )


class LegalForm(models.TextChoices):
    """The legal forms that may register (the law allows legal persons with their own CVR)."""

    AS = "as", _("Aktieselskab (A/S)")
    APS = "aps", _("Anpartsselskab (ApS)")
    PS = "ps", _("Partnerselskab (P/S)")
    AMBA = "amba", _("Andelsselskab med begrænset ansvar (A.m.b.A.)")
    FMBA = "fmba", _("Forening med begrænset ansvar (F.m.b.A.)")
    ASSOCIATION = "forening", _("Forening")
    FOUNDATION = "fond", _("Erhvervsdrivende fond")


# Forms that cannot register, with the reason shown to the applicant.
INELIGIBLE_LEGAL_FORMS = {
    "enkeltmand": (
        _("Enkeltmandsvirksomhed"),
        _(
            "En enkeltmandsvirksomhed er ikke en selvstændig juridisk person "
            "og kan ikke registreres."
        ),
    ),
    "is": (
        _("Interessentskab (I/S)"),
        _("Et interessentskab regnes som sameje mellem ejerne og kan ikke registreres."),
    ),
    "ks": (
        _("Kommanditselskab (K/S)"),
        _("Et kommanditselskab regnes som sameje mellem ejerne og kan ikke registreres."),
    ),
    "pmv": (
        _("Personligt ejet mindre virksomhed"),
        _("En personligt ejet mindre virksomhed er ikke en selvstændig juridisk person."),
    ),
    "sameje": (
        _("Sameje"),
        _("Virksomheder i sameje kan ikke registreres; det kræver en selvstændig juridisk person."),
    ),
}


class PurposeField(models.TextChoices):
    SOCIAL = "social", _("Socialt")
    EMPLOYMENT = "employment", _("Beskæftigelse")
    HEALTH = "health", _("Sundhed")
    ENVIRONMENT = "environment", _("Miljø")
    CULTURE = "culture", _("Kultur")
    CITIZENSHIP = "citizenship", _("Aktivt medborgerskab")


class Criterion(models.TextChoices):
    PURPOSE = "purpose", _("Socialt formål")
    TRADE = "trade", _("Væsentlig erhvervsmæssig aktivitet")
    INDEPENDENCE = "independence", _("Uafhængighed af det offentlige")
    GOVERNANCE = "governance", _("Inddragende og ansvarlig ledelse")
    PROFIT = "profit", _("Social håndtering af overskud")


MONTHS = [
    (1, _("januar")),
    (2, _("februar")),
    (3, _("marts")),
    (4, _("april")),
    (5, _("maj")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("august")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]


def _outstanding_hearing():
    """A hearing about deregistering the enterprise (``OuterRef("pk")``) that is not yet
    closed, neither by a decision to deregister nor by the handler without one."""
    return Hearing.objects.filter(application__enterprise=OuterRef("pk"), closed_at__isnull=True)


class EnterpriseQuerySet(models.QuerySet):
    def registered(self):
        """Legally registered: what /tal/ counts and what an enterprise's own page answers for."""
        return self.filter(registered_on__isnull=False, deregistered_on__isnull=True)

    def in_good_standing(self):
        """What the public register lists: registered, not reported ceased in CVR and not heard
        about deregistration. A supervision case in its remedy period does not count against an
        enterprise (a signal is not a finding); the hearing is the authority's notice that it
        considers the enterprise no longer qualifying. See the README's registry section."""
        return (
            self.registered()
            .filter(cvr_ceased_on__isnull=True)
            .exclude(Exists(_outstanding_hearing()))
        )

    def with_standing(self):
        """``in_good_standing`` as a flag on each row, read in the same query."""
        return self.annotate(
            good_standing=ExpressionWrapper(
                Q(registered_on__isnull=False, deregistered_on__isnull=True, cvr_ceased_on=None)
                & ~Q(Exists(_outstanding_hearing())),
                output_field=models.BooleanField(),
            )
        )

    def represented_by(self, user):
        return self.filter(representatives=user)


# What the enterprise states about itself beside its CVR number (its own changes are recorded).
ENTERPRISE_FIELDS = [
    "name",
    "legal_form",
    "address",
    "postal_code",
    "city",
    "municipality",
    "contact_email",
    "contact_phone",
    "website",
    "founded_year",
    "financial_year_end_day",
    "financial_year_end_month",
    "employees",
    "revenue",
    "purpose",
    "purpose_field",
]
# Of these, the facts the CVR register holds (shown read-only), and what the applicant states.
CVR_FACT_FIELDS = ["name", "legal_form", "address", "postal_code", "city", "municipality"]
STATED_FIELDS = [name for name in ENTERPRISE_FIELDS if name not in CVR_FACT_FIELDS]
# What a registered enterprise reports as a change (recorded on its registration case).
CHANGE_FIELDS = [
    "name",
    "address",
    "postal_code",
    "city",
    "municipality",
    "purpose",
    "financial_year_end_day",
    "financial_year_end_month",
]


class Enterprise(models.Model):
    cvr = models.CharField(_("CVR-nummer"), max_length=8, unique=True, validators=[validate_cvr])
    name = models.CharField(_("navn"), max_length=200)
    sort_key = models.GeneratedField(
        expression=DanishSortKey("name"),
        output_field=models.CharField(max_length=200, db_collation="C"),
        db_persist=True,
    )
    legal_form = models.CharField(_("virksomhedsform"), max_length=10, choices=LegalForm)
    address = models.CharField(_("adresse"), max_length=200)
    postal_code = models.CharField(_("postnummer"), max_length=4)
    city = models.CharField(_("by"), max_length=100)
    municipality = models.ForeignKey(
        "geography.Municipality",
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("kommune"),
    )
    contact_email = models.EmailField(_("kontakt-e-mail"))
    contact_phone = models.CharField(_("telefon"), max_length=20, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("stiftelsesår"), validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    employees = models.PositiveIntegerField(_("antal ansatte"), default=0)
    revenue = models.PositiveBigIntegerField(_("omsætning sidste år (kr.)"), default=0)
    purpose = models.TextField(_("formål"), help_text=_("Formålet, som det står i vedtægterne."))
    purpose_field = models.CharField(_("formålsområde"), max_length=20, choices=PurposeField)
    # The day the enterprise's financial year ends; its social account is due five months later.
    financial_year_end_month = models.PositiveSmallIntegerField(
        _("regnskabsåret slutter (måned)"),
        choices=MONTHS,
        default=12,
    )
    financial_year_end_day = models.PositiveSmallIntegerField(
        _("regnskabsåret slutter (dag)"),
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config="danish_unaccent")
        + SearchVector("purpose", weight="B", config="danish_unaccent"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="enterprises",
        blank=True,
        verbose_name=_("repræsentanter"),
    )
    registration_number = models.CharField(
        _("registreringsnummer"), max_length=20, unique=True, null=True, blank=True
    )
    registered_on = models.DateField(_("registreret den"), null=True, blank=True)
    deregistered_on = models.DateField(_("afregistreret den"), null=True, blank=True)
    # When the supervision last compared the enterprise with the CVR register (see
    # registry.services.supervision.compare_with_cvr).
    cvr_checked_at = models.DateTimeField(
        _("sidst sammenholdt med CVR"), null=True, blank=True, editable=False
    )
    # The day the supervision found the company ceased in CVR (cleared if CVR later says it is
    # active again): the public register no longer lists it (``in_good_standing``).
    cvr_ceased_on = models.DateField(_("ophørt i CVR den"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        indexes = [
            GinIndex(fields=["search_vector"], name="enterprise_search_idx"),
            # Matches the UPPER(name::text) LIKE that name__icontains compiles to.
            GinIndex(
                OpClass(Upper(Cast("name", models.TextField())), name="gin_trgm_ops"),
                name="enterprise_name_trgm_idx",
            ),
            # With the id, a page of the register is read from this index alone, however
            # many entries it steps over first (see RegisterPaginator in registry/views/public.py).
            models.Index(
                fields=["sort_key", "id"],
                condition=Q(
                    registered_on__isnull=False,
                    deregistered_on__isnull=True,
                    cvr_ceased_on__isnull=True,
                ),
                name="enterprise_register_sort_idx",
            ),
            models.Index(fields=["municipality", "sort_key"], name="enterprise_municipality_idx"),
            models.Index(fields=["purpose_field", "sort_key"], name="enterprise_field_idx"),
            models.Index(fields=["legal_form", "sort_key"], name="enterprise_form_idx"),
            models.Index(fields=["registered_on"], name="enterprise_registered_idx"),
            models.Index(fields=["cvr_checked_at"], name="enterprise_cvr_checked_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (CVR {self.cvr})"

    def get_absolute_url(self) -> str:
        return reverse("registry:enterprise", kwargs={"cvr": self.cvr})

    def clean(self):
        super().clean()
        # February may end on the 29th: in a year without it the year ends on the 28th.
        longest = calendar.monthrange(2024, self.financial_year_end_month)[1]
        if self.financial_year_end_day > longest:
            raise ValidationError(
                {"financial_year_end_day": _("Datoen findes ikke i den valgte måned.")}
            )

    def financial_year_end(self, year: int) -> dt.date:
        """The last day of the financial year that ends in ``year``."""
        last = calendar.monthrange(year, self.financial_year_end_month)[1]
        return dt.date(year, self.financial_year_end_month, min(self.financial_year_end_day, last))

    @property
    def is_registered(self) -> bool:
        return self.registered_on is not None and self.deregistered_on is None

    # Cheaper than get_FOO_display(), which rebuilds a dict of every choice on each call;
    # the register lists 25 enterprises a page.
    @property
    def legal_form_label(self) -> str:
        return LegalForm(self.legal_form).label

    @property
    def purpose_field_label(self) -> str:
        return PurposeField(self.purpose_field).label


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A representative's invitation for another person to act for the enterprise.

    The link carries a signed token of the invitation's id; only a signed-in user with the
    invited, verified e-mail address can accept it, once, before it expires or is revoked.
    """

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("virksomhed"),
    )
    email = models.EmailField(_("e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("inviteret af"),
    )
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    accepted_at = models.DateTimeField(_("accepteret"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepteret af"),
    )
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilbagekaldt af"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        indexes = [
            models.Index(fields=["enterprise", "created_at"], name="invitation_enterprise_idx")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name}: {self.email}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def state_label(self) -> str:
        return {
            "accepted": _("Accepteret"),
            "revoked": _("Tilbagekaldt"),
            "expired": _("Udløbet"),
            "pending": _("Afventer"),
        }[self.state]


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SUBMITTED = "submitted", _("Indsendt")
    UNDER_REVIEW = "under_review", _("Under behandling")
    AWAITING_APPLICANT = "awaiting_applicant", _("Afventer ansøger")
    REGISTERED = "registered", _("Registreret")
    REJECTED = "rejected", _("Afslået")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")
    DEREGISTERED = "deregistered", _("Afregistreret")


# An enterprise may have only one of these at a time (a database constraint enforces it).
ACTIVE_STATUSES = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.AWAITING_APPLICANT,
    ApplicationStatus.REGISTERED,
]
OPEN_CASE_STATUSES = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.AWAITING_APPLICANT,
]


class ProfitUse(models.TextChoices):
    REINVEST = "reinvest", _("Geninvesteres i virksomheden")
    DONATE = "donate", _("Gives til almennyttige formål eller andre registrerede virksomheder")
    LIMITED_DIVIDEND = "dividend", _("Delvist som begrænset udbytte til ejerne")


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Cases of the enterprises the user may act for, and their own drafts awaiting a claim
        (nobody else's: a stranger's draft stays the stranger's)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(enterprise__representatives=user, awaits_claim=False)
            | Q(created_by=user, awaits_claim=True)
        ).distinct()

    def queue(self):
        return self.filter(status__in=OPEN_CASE_STATUSES).order_by("submitted_at")

    def with_current_deadline(self):
        """``moved_deadline``: the deadline moved by a pause still running, to filter and order
        by (the model's ``current_deadline``, in SQL)."""
        today = Value(timezone.localdate(), output_field=models.DateField())
        running_pause = ExpressionWrapper(
            today - TruncDate("paused_since"), output_field=models.DurationField()
        )
        return self.annotate(
            moved_deadline=Case(
                When(paused_since__isnull=False, then=F("deadline") + running_pause),
                default=F("deadline"),
                output_field=models.DateTimeField(),
            )
        )


class Application(models.Model):
    """A case: one enterprise's application for registration, and later its registration."""

    case_number = models.CharField(_("sagsnummer"), max_length=20, unique=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("virksomhed"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus,
        default=ApplicationStatus.DRAFT,
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_applications",
        verbose_name=_("sagsbehandler"),
        editable=False,
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True, editable=False)
    deadline = models.DateTimeField(_("frist for afgørelse"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True, editable=False)
    # The four weeks stop while the case waits for the applicant's information (calendar days).
    paused_since = models.DateTimeField(
        _("fristen stoppet siden"), null=True, blank=True, editable=False
    )
    paused_days = models.PositiveIntegerField(_("dage i bero i alt"), default=0, editable=False)
    # A new enterprise has no annual report yet and sends a budget instead.
    new_enterprise = models.BooleanField(
        _("ny virksomhed uden årsrapport"), default=False, editable=False
    )
    completed_steps = models.JSONField(_("udfyldte trin"), default=list, blank=True)
    # A draft by someone whose claim to act for the enterprise a case handler has yet to approve.
    # It locks nobody out, and what it states about the enterprise stays in ``stated_enterprise``
    # until the claim is approved.
    awaits_claim = models.BooleanField(_("afventer godkendt repræsentation"), default=False)
    stated_enterprise = models.JSONField(
        _("ansøgerens oplysninger om virksomheden"), default=dict, blank=True, editable=False
    )
    # The language of the site the application was started on; mail to the applicants uses it.
    language = models.CharField(_("sprog"), max_length=8, default="da", editable=False)

    # Criterion 1: social purpose
    purpose_in_articles = models.BooleanField(
        _("Formålet står i vedtægterne"), null=True, blank=False
    )
    purpose_text = models.TextField(_("Hvordan gavner formålet samfundet?"), blank=True)
    # Criterion 2: significant trade
    trade_income_share = models.PositiveSmallIntegerField(
        _("Andel af indtægterne fra salg af varer og tjenester (%)"),
        null=True,
        validators=[MaxValueValidator(100)],
    )
    vat_registered = models.BooleanField(_("Momsregistreret"), null=True)
    trade_text = models.TextField(_("Beskriv salget af varer og tjenester"), blank=True)
    # Criterion 3: independence of public authorities
    public_ownership_share = models.PositiveSmallIntegerField(
        _("Offentlige myndigheders ejerandel (%)"), null=True, validators=[MaxValueValidator(100)]
    )
    public_board_majority = models.BooleanField(
        _("Udpeger offentlige myndigheder flertallet af bestyrelsen?"), null=True
    )
    independence_text = models.TextField(
        _("Beskriv forholdet til offentlige myndigheder"), blank=True
    )
    # Criterion 4: inclusive and responsible governance
    involves_employees = models.BooleanField(_("Medarbejderne inddrages i ledelsen"), null=True)
    involves_stakeholders = models.BooleanField(
        _("Kunder, samarbejdspartnere eller andre interessenter inddrages"), null=True
    )
    governance_text = models.TextField(_("Beskriv hvordan ledelsen inddrager"), blank=True)
    # Criterion 5: social handling of profit
    profit_use = models.CharField(
        _("Hvad bruges overskuddet til?"), max_length=10, choices=ProfitUse, blank=True
    )
    profit_lock_in_articles = models.BooleanField(
        _("Vedtægterne binder overskuddet til formålet"), null=True
    )
    profit_text = models.TextField(_("Beskriv håndteringen af overskud"), blank=True)

    # What was typed on a step saved for later without passing its checks, as typed, by step.
    draft_input = models.JSONField(_("gemt, ufærdig indtastning"), default=dict, blank=True)
    # The answers as the applicant saw and signed them when sending: [{title, rows: [[k, v]]}].
    submitted_answers = models.JSONField(
        _("indsendte svar"), default=list, blank=True, editable=False
    )

    declaration_accepted_at = models.DateTimeField(
        _("tro og love-erklæring afgivet"), null=True, blank=True, editable=False
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status__in=ACTIVE_STATUSES, awaits_claim=False),
                name="one_active_application_per_enterprise",
                violation_error_message=_(
                    "Der er allerede en aktiv ansøgning eller registrering for dette CVR-nummer."
                ),
            ),
            models.UniqueConstraint(
                fields=["enterprise", "created_by"],
                condition=Q(status=ApplicationStatus.DRAFT, awaits_claim=True),
                name="one_claim_draft_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="application_queue_idx"),
            models.Index(fields=["handler", "status"], name="application_handler_idx"),
            models.Index(fields=["deadline"], name="application_deadline_idx"),
        ]

    def __str__(self) -> str:
        return self.case_number

    def get_absolute_url(self) -> str:
        return reverse("registry:case", kwargs={"case_number": self.case_number})

    def new_registration_number(self, day: dt.date) -> str:
        """The number the enterprise is registered under when this case registers it on ``day``."""
        return f"RSV{day:%Y}{self.pk:06d}"

    @property
    def days_paused_now(self) -> int:
        """Calendar days of the running pause (0 when the clock runs)."""
        if self.paused_since is None:
            return 0
        return (timezone.localdate() - timezone.localdate(self.paused_since)).days

    @property
    def answer_due(self) -> dt.date | None:
        """The last day the applicant may answer an information request; after it the handler
        may decide on what the case holds (REGISTRY_ANSWER_DAYS)."""
        if self.paused_since is None:
            return None
        return timezone.localdate(self.paused_since) + dt.timedelta(
            days=settings.REGISTRY_ANSWER_DAYS
        )

    @property
    def current_deadline(self) -> dt.datetime | None:
        """The deadline moved by the pause still running (the ended pauses moved it already)."""
        if self.deadline is None:
            return None
        return self.deadline + dt.timedelta(days=self.days_paused_now)

    @property
    def total_paused_days(self) -> int:
        return self.paused_days + self.days_paused_now

    @property
    def days_left(self) -> int | None:
        if self.deadline is None or self.status not in OPEN_CASE_STATUSES:
            return None
        return (timezone.localdate(self.current_deadline) - timezone.localdate()).days

    @property
    def is_overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


class Outcome(models.TextChoices):
    MET = "met", _("Opfyldt")
    NOT_MET = "not_met", _("Ikke opfyldt")
    NEEDS_INFORMATION = "needs_info", _("Kræver flere oplysninger")


class Assessment(models.Model):
    """A case handler's assessment of one criterion."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments"
    )
    criterion = models.CharField(_("kriterium"), max_length=20, choices=Criterion)
    outcome = models.CharField(_("vurdering"), max_length=12, choices=Outcome, blank=True)
    note = models.TextField(_("begrundelse"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vurderet af"),
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_assessment_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.get_outcome_display() or '-'}"


class DocumentKind(models.TextChoices):
    ARTICLES = "articles", _("Vedtægter")
    ANNUAL_REPORT = "annual_report", _("Årsrapport")
    BUDGET = "budget", _("Budget og beskrivelse af aktiviteter")
    OTHER = "other", _("Andet")


def document_path(instance, filename: str) -> str:
    return f"registry/{instance.application.case_number}/{timezone.now():%Y%m%d%H%M%S}.pdf"


class Document(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("sag")
    )
    kind = models.CharField(_("dokumenttype"), max_length=20, choices=DocumentKind)
    file = models.FileField(_("fil"), upload_to=document_path)
    original_name = models.CharField(_("filnavn"), max_length=200)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploadet af"),
    )
    uploaded_at = models.DateTimeField(_("uploadet"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        indexes = [models.Index(fields=["application", "kind"], name="document_kind_idx")]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("registry:document", kwargs={"pk": self.pk})


class Action(models.TextChoices):
    """What a case history entry records; the label is what applicants and staff read."""

    CREATE = "create", _("Ansøgning oprettet")
    SUBMIT = "submit", _("Ansøgning indsendt")
    TAKE = "take", _("Sagen er taget under behandling")
    REQUEST_INFORMATION = "request_information", _("Anmodning om flere oplysninger")
    ANSWER = "answer", _("Ansøgerens svar")
    RESUME = "resume", _("Sagen behandles videre uden ansøgerens svar")
    REGISTER = "register", _("Virksomheden er registreret")
    REJECT = "reject", _("Ansøgningen er afslået")
    WITHDRAW = "withdraw", _("Ansøgningen er trukket tilbage")
    DEREGISTER = "deregister", _("Virksomheden er afregistreret")
    DEREGISTER_VOLUNTARILY = (
        "deregister_voluntarily",
        _("Virksomheden er afregistreret efter eget ønske"),
    )
    CHANGE = "change", _("Ændring af virksomhedens oplysninger")
    ACCOUNTS_SUBMITTED = "accounts_submitted", _("Socialt regnskab indsendt")
    ACCOUNTS_REVIEWED = "accounts_reviewed", _("Socialt regnskab gennemgået")
    DEREGISTRATION_OPENED = "deregistration_opened", _("Sag om afregistrering åbnet")
    INVITE = "invite", _("Invitation sendt")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation tilbagekaldt")
    REPRESENTATIVE_ADDED = "representative_added", _("Ny repræsentant for virksomheden")
    REPRESENTATIVE_REMOVED = "representative_removed", _("Repræsentant fjernet")
    REAPPLY = "reapply", _("Ny ansøgning efter afslag")
    CLAIM = "claim", _("Anmodning om at handle for virksomheden")
    CLAIM_APPROVED = "claim_approved", _("Retten til at handle for virksomheden er godkendt")
    CLAIM_REJECTED = "claim_rejected", _("Retten til at handle for virksomheden er afvist")
    ASSESS = "assess", _("Kriterium vurderet")
    HEARING_SENT = "hearing_sent", _("Partshøring før afregistrering sendt")
    HEARING_ANSWERED = "hearing_answered", _("Virksomhedens svar på partshøringen")
    HEARING_CLOSED = "hearing_closed", _("Partshøringen er afsluttet uden afregistrering")
    NOTE = "note", _("Intern note")
    DEADLINE_MOVED = "deadline_moved", _("Fristen for afgørelse er flyttet")
    SUPERVISION_REMEDY = "supervision_remedy", _("Tilsyn: forholdene skal rettes")
    SUPERVISION_RESOLVED = "supervision_resolved", _("Tilsyn: sagen er afsluttet")


class CaseEvent(StatusChangeRecord):
    """One entry in a case's history: who did what, when, from which status to which, and why.

    The kernel's history shape, with what a case needs besides: the ``action`` it records, a
    ``note`` of any length (an information request, the applicant's answer) and ``staff_only``
    for the case handlers' own entries, which the applicant never sees.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("sag")
    )
    action = models.CharField(_("handling"), max_length=30, choices=Action)
    from_status = status_field(_("fra status"), ApplicationStatus)
    to_status = status_field(_("til status"), ApplicationStatus)
    note = models.TextField(_("besked"), blank=True)
    staff_only = models.BooleanField(_("kun for sagsbehandlere"), default=False)

    class Meta(StatusChangeRecord.Meta):
        verbose_name = _("hændelse")
        verbose_name_plural = _("sagshistorik")
        indexes = [
            models.Index(fields=["application", "changed_at"], name="caseevent_application_idx")
        ]

    def __str__(self) -> str:
        return f"{local_time_label(self.changed_at)} {self.get_action_display()}"


class AccountStatus(models.TextChoices):
    DUE = "due", _("Skal indsendes")
    SUBMITTED = "submitted", _("Indsendt")
    APPROVED = "approved", _("Godkendt")
    RETURNED = "returned", _("Sendt tilbage til rettelse")


class SocialAccountQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(enterprise__representatives=user)

    def outstanding(self):
        return self.filter(status__in=[AccountStatus.DUE, AccountStatus.RETURNED])


# The figures a social account states, in the order the form asks and the admin shows them.
SOCIAL_ACCOUNT_FIGURES = [
    "turnover",
    "profit_after_tax",
    "dividend_paid",
    "paid_in_capital",
    "employees",
    "target_group_employees",
    "volunteers",
]


class SocialAccount(models.Model):
    """A registered enterprise's social accounts (socialt regnskab) for one financial year."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="social_accounts",
        verbose_name=_("virksomhed"),
    )
    financial_year = models.PositiveSmallIntegerField(_("regnskabsår"))
    deadline = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=10, choices=AccountStatus, default=AccountStatus.DUE
    )
    profit_after_tax = models.BigIntegerField(_("årets overskud efter skat (kr.)"), null=True)
    dividend_paid = models.PositiveBigIntegerField(
        _("udbetalt udbytte (kr.)"), null=True, help_text=_("Skriv 0, hvis der ikke er udbetalt.")
    )
    paid_in_capital = models.PositiveBigIntegerField(
        _("indskudt kapital (kr.)"), null=True, help_text=_("Ejernes samlede indskud.")
    )
    # The sector figures (registry.numbers) add these up; each account must state them.
    turnover = models.PositiveBigIntegerField(
        _("omsætning i regnskabsåret (kr.)"), null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("antal ansatte"), null=True, blank=True)
    target_group_employees = models.PositiveIntegerField(
        _("heraf ansatte fra målgruppen"), null=True, blank=True
    )
    volunteers = models.PositiveIntegerField(_("antal frivillige"), null=True, blank=True)
    management_pay = models.TextField(
        _("Vederlag til nuværende og tidligere ledelse, stiftere og ejere"), blank=True
    )
    related_party_agreements = models.TextField(_("Aftaler med nærtstående parter"), blank=True)
    distributed_assets = models.TextField(_("Uddelte midler og aktiver"), blank=True)
    purpose_report = models.TextField(_("Sådan har virksomheden fremmet sit formål"), blank=True)
    independence_report = models.TextField(
        _("Sådan har virksomheden været uafhængig og inddragende ledet"), blank=True
    )
    dividend_breaches = models.JSONField(_("brud på udbyttereglerne"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indsendt af"),
    )
    reviewed_at = models.DateTimeField(_("gennemgået"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gennemgået af"),
    )
    review_note = models.TextField(_("bemærkning fra sagsbehandleren"), blank=True)
    # Filed with the account, on the registration case (so it is read like its other documents).
    annual_report = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("årsrapport"),
        editable=False,
    )
    reminder_before_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_after_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(
        _("afregistreringssag åbnet"), null=True, blank=True, editable=False
    )

    objects = SocialAccountQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year"]
        verbose_name = _("socialt regnskab")
        verbose_name_plural = _("sociale regnskaber")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "financial_year"], name="one_social_account_per_year"
            )
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="socialaccount_due_idx"),
            models.Index(fields=["financial_year"], name="socialaccount_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.financial_year}"

    def get_absolute_url(self) -> str:
        return reverse("registry:social_account", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return self.status in (AccountStatus.DUE, AccountStatus.RETURNED) and (
            self.deadline < timezone.localdate()
        )


class RepresentationStatus(models.TextChoices):
    PENDING = "pending", _("Afventer godkendelse")
    APPROVED = "approved", _("Godkendt")
    REJECTED = "rejected", _("Afvist")
    WITHDRAWN = "withdrawn", _("Trukket tilbage")


# A person has at most one of these per CVR number (a database constraint enforces it).
OPEN_REPRESENTATION = [RepresentationStatus.PENDING, RepresentationStatus.APPROVED]


class RepresentationSource(models.TextChoices):
    MITID_ERHVERV = "mitid_erhverv", _("MitID Erhverv")
    CLAIM = "claim", _("Ansøgerens dokumentation")
    INVITATION = "invitation", _("Invitation fra en repræsentant")


def evidence_path(instance, filename: str) -> str:
    return f"representation/{instance.cvr}/{timezone.now():%Y%m%d%H%M%S%f}.pdf"


class RepresentationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=RepresentationStatus.APPROVED)

    def pending(self):
        return self.filter(status=RepresentationStatus.PENDING)

    def open(self):
        return self.filter(status__in=OPEN_REPRESENTATION)


class Representation(models.Model):
    """A person's right to act for the enterprise with a CVR number, and how it was proved.

    MitID Erhverv proves it at once; without it the claim is pending until a case handler has
    weighed the evidence. Approved representations make the person one of the enterprise's
    ``representatives``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("person"),
    )
    cvr = models.CharField(_("CVR-nummer"), max_length=8, validators=[validate_cvr])
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="representations",
        verbose_name=_("virksomhed"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RepresentationStatus,
        default=RepresentationStatus.PENDING,
        editable=False,
    )
    source = models.CharField(_("dokumentation"), max_length=20, choices=RepresentationSource)
    statement = models.TextField(_("ansøgerens forklaring"), blank=True)
    evidence = models.FileField(
        _("fuldmagt eller andet bevis"), upload_to=evidence_path, blank=True
    )
    evidence_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgjort af"),
    )
    decision_reason = models.TextField(_("begrundelse"), blank=True)

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        ordering = ["cvr", "created_at"]
        verbose_name = _("repræsentation")
        verbose_name_plural = _("repræsentationer")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cvr"],
                condition=Q(status__in=OPEN_REPRESENTATION),
                name="one_open_representation_per_person_and_cvr",
            )
        ]
        indexes = [models.Index(fields=["status", "cvr"], name="representation_queue_idx")]

    def __str__(self) -> str:
        return f"CVR {self.cvr}: {self.user}"


class RepresentationChange(StatusChangeRecord):
    representation = models.ForeignKey(
        Representation,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("repræsentation"),
    )
    from_status = status_field(_("fra"), RepresentationStatus)
    to_status = status_field(_("til"), RepresentationStatus)


# --- Decision letters, hearings and supervision ------------------------------------------------


class LetterKind(models.TextChoices):
    """The decisions that are written to the enterprise as a letter (forvaltningsloven §§ 22-25)."""

    REGISTRATION = "registration", _("Afgørelse om registrering")
    REFUSAL = "refusal", _("Afgørelse om afslag på registrering")
    DEREGISTRATION = "deregistration", _("Afgørelse om afregistrering")
    DEREGISTRATION_ON_REQUEST = "deregistration_request", _("Afregistrering efter eget ønske")
    ACCOUNT_RETURNED = "account_returned", _("Socialt regnskab sendt tilbage til rettelse")


def letter_path(instance, filename: str) -> str:
    stamp = f"{timezone.now():%Y%m%d%H%M%S%f}"
    return f"registry/{instance.application.case_number}/afgoerelse-{stamp}.pdf"


class DecisionLetter(models.Model):
    """A decision as the letter the enterprise received, stored as the PDF it was sent as."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters", verbose_name=_("sag")
    )
    kind = models.CharField(_("afgørelse"), max_length=30, choices=LetterKind)
    social_account = models.ForeignKey(
        "SocialAccount",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("socialt regnskab"),
    )
    file = models.FileField(_("brev (PDF)"), upload_to=letter_path)
    language = models.CharField(_("sprog"), max_length=8, default="da")
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgjort af"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("afgørelsesbrev")
        verbose_name_plural = _("afgørelsesbreve")
        indexes = [
            models.Index(fields=["application", "created_at"], name="letter_application_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.application.case_number})"

    def get_absolute_url(self) -> str:
        return reverse("registry:letter", kwargs={"pk": self.pk})

    @property
    def filename(self) -> str:
        return f"afgoerelse-{self.application.case_number}-{self.pk}.pdf"


class HearingGround(models.TextChoices):
    MISSING_ACCOUNTS = "missing_accounts", _("Manglende socialt regnskab")
    DIVIDEND_BREACH = "dividend_breach", _("Brud på reglerne om udbytte")
    NO_LONGER_QUALIFIES = "no_longer_qualifies", _("Virksomheden opfylder ikke længere kriterierne")


class HearingOutcome(models.TextChoices):
    DEREGISTERED = "deregistered", _("Virksomheden er afregistreret")
    CLOSED = "closed", _("Afsluttet uden afregistrering")


class HearingQuerySet(models.QuerySet):
    def awaiting_answer(self):
        return self.filter(answered_at__isnull=True, closed_at__isnull=True)

    def outstanding(self):
        """Sent and not yet closed: the enterprise is not in good standing meanwhile."""
        return self.filter(closed_at__isnull=True)


class Hearing(models.Model):
    """Partshøring: the enterprise is told why the authority means to deregister it and may
    answer before the deadline; only then may the authority decide (see case_handling)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("sag")
    )
    ground = models.CharField(_("grundlag"), max_length=30, choices=HearingGround)
    notice = models.TextField(_("varsel til virksomheden"))
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt af"),
    )
    deadline = models.DateField(_("svarfrist"))
    answer = models.TextField(_("virksomhedens svar"), blank=True)
    answered_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besvaret af"),
    )
    # The supervision case that led to the hearing, if any: closing the hearing resolves it.
    supervision_case = models.ForeignKey(
        "SupervisionCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearings",
        verbose_name=_("tilsynssag"),
    )
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afsluttet af"),
    )
    outcome = models.CharField(_("udfald"), max_length=20, choices=HearingOutcome, blank=True)
    closed_reason = models.TextField(_("begrundelse for afslutningen"), blank=True)

    objects = HearingQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("partshøring")
        verbose_name_plural = _("partshøringer")
        indexes = [
            models.Index(fields=["application", "sent_at"], name="hearing_application_idx"),
            # The register's anti-join (``Enterprise.objects.in_good_standing``) reads these few.
            models.Index(
                fields=["application"],
                condition=Q(closed_at__isnull=True),
                name="hearing_outstanding_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} ({self.application.case_number})"

    @property
    def is_open(self) -> bool:
        """The enterprise may still answer."""
        return (
            self.closed_at is None
            and self.answered_at is None
            and self.deadline >= timezone.localdate()
        )


class SupervisionStatus(models.TextChoices):
    OPENED = "opened", _("Åbnet")
    REMEDY = "remedy", _("Afhjælpningsfrist løber")
    RESOLVED = "resolved", _("Afsluttet uden afregistrering")
    HEARING = "hearing", _("Sendt til partshøring om afregistrering")


OPEN_SUPERVISION_STATUSES = [SupervisionStatus.OPENED, SupervisionStatus.REMEDY]


class SignalKind(models.TextChoices):
    NO_TRADE = "no_trade", _("Ingen omsætning i det seneste godkendte regnskab")
    ACCOUNTS_LATE = "accounts_late", _("Socialt regnskab mangler eller er for sent")
    DIVIDEND_OVER_CAP = "dividend_over_cap", _("Udbytte over loftet")
    CVR_LEGAL_FORM = "cvr_legal_form", _("Virksomhedsformen er ændret i CVR")
    CVR_CEASED = "cvr_ceased", _("Virksomheden er ophørt i CVR")


class SupervisionCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_SUPERVISION_STATUSES)


class SupervisionCase(models.Model):
    """Tilsyn: signals that a registered enterprise may no longer qualify, and what came of them.

    The enterprise stays registered (and listed) while it is under supervision: only a decision
    to deregister, after a remedy period and a hearing, takes it off the register (the law's
    § 2, stk. 3; see the README's registry section).
    """

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="supervision_cases",
        verbose_name=_("virksomhed"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SupervisionStatus,
        default=SupervisionStatus.OPENED,
        editable=False,
    )
    opened_at = models.DateTimeField(_("åbnet"), default=timezone.now, editable=False)
    remedy_deadline = models.DateField(
        _("afhjælpningsfrist"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True, editable=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sagsbehandler"),
        editable=False,
    )

    objects = SupervisionCaseQuerySet.as_manager()

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name = _("tilsynssag")
        verbose_name_plural = _("tilsynssager")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status__in=OPEN_SUPERVISION_STATUSES),
                name="one_open_supervision_case_per_enterprise",
            )
        ]
        indexes = [
            models.Index(fields=["status", "opened_at"], name="supervision_queue_idx"),
            models.Index(fields=["closed_at"], name="supervision_closed_idx"),
        ]

    def __str__(self) -> str:
        return _("Tilsyn med %(name)s") % {"name": self.enterprise.name}


class SupervisionSignal(models.Model):
    """One sign that the enterprise may no longer qualify. ``key`` names what it was found in
    (an account, a CVR value), so that running the detection again adds nothing."""

    case = models.ForeignKey(
        SupervisionCase,
        on_delete=models.CASCADE,
        related_name="signals",
        verbose_name=_("tilsynssag"),
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="+", verbose_name=_("virksomhed")
    )
    kind = models.CharField(_("signal"), max_length=20, choices=SignalKind)
    key = models.CharField(_("kilde"), max_length=100)
    detail = models.TextField(_("detaljer"), blank=True)
    detected_at = models.DateTimeField(_("fundet"), default=timezone.now)

    class Meta:
        ordering = ["detected_at", "pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signaler")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "key"], name="one_signal_per_source"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class SupervisionEvent(StatusChangeRecord):
    case = models.ForeignKey(
        SupervisionCase,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("tilsynssag"),
    )
    from_status = status_field(_("fra status"), SupervisionStatus)
    to_status = status_field(_("til status"), SupervisionStatus)
    note = models.TextField(_("besked"), blank=True)

    class Meta(StatusChangeRecord.Meta):
        verbose_name = _("hændelse")
        verbose_name_plural = _("historik")
        indexes = [models.Index(fields=["case", "changed_at"], name="supervisionevent_case_idx")]
