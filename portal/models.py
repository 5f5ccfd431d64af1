"""Taxonomy shared across the site: themes and audiences.

Articles, events and network profiles are tagged with them, so the reader can follow one theme or
one audience across the whole portal.
"""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from portal.images import HeroImage


class BilingualName(models.Model):
    name = models.CharField(_("navn"), max_length=100)
    name_en = models.CharField(_("navn på engelsk"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        # Every form option, admin list and template shows the name in the page's language.
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Danish."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Theme(BilingualName):
    slug = models.SlugField(_("kort navn i adressen"), max_length=100, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")

    def get_absolute_url(self) -> str:
        return reverse("portal:theme", kwargs={"slug": self.slug})


class Audience(BilingualName):
    """Who content is for: entrepreneurs, enterprises, municipalities, job centres, ..."""

    slug = models.SlugField(_("kort navn i adressen"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")


class StartStep(models.Model):
    """One article of an audience's "start here" path, chosen and ordered by editors: the first
    thing someone sees after picking "who are you?" on the home page."""

    audience = models.ForeignKey(
        Audience, on_delete=models.CASCADE, related_name="start_steps", verbose_name=_("målgruppe")
    )
    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("artikel")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _('trin i "start her"')
        verbose_name_plural = _('"start her": artikler i rækkefølge')
        constraints = [
            models.UniqueConstraint(fields=["audience", "article"], name="start_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.audience}: {self.article}"


class ArticleType(models.TextChoices):
    GUIDE = "guide", _("Vejledning")
    NEWS = "news", _("Nyhed")
    CASE = "case", _("Eksempel fra praksis")
    FACT_SHEET = "fact_sheet", _("Faktaark")
    FAQ = "faq", _("Spørgsmål og svar")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    REVIEW = "review", _("Klar til gennemsyn")
    PUBLISHED = "published", _("Udgivet")
    ARCHIVED = "archived", _("Arkiveret")


class Language(models.TextChoices):
    DANISH = "da", _("Dansk")
    ENGLISH = "en", _("Engelsk")


SEARCH_CONFIG = "danish_unaccent"

# News older than this is history: it leaves the home page for the "Historie" page.
NEWS_IS_CURRENT_FOR = dt.timedelta(days=2 * 365)


def news_cutoff(now=None) -> dt.datetime:
    return (now or timezone.now()) - NEWS_IS_CURRENT_FOR


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Visible to readers: published, and the scheduled time (if any) has come."""
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__lte=now or timezone.now())

    def in_language(self, language: str | None = None):
        return self.filter(language=(language or get_language() or "da")[:2])

    def for_listing(self):
        """What a card needs, without the bodies and with themes in one extra query."""
        return self.defer(
            "body", "body_html", "body_text", "search_vector", "title_vector", "summary_vector"
        ).prefetch_related(
            models.Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug"))
        )


class Article(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kort navn i adressen"), max_length=200)
    summary = models.TextField(
        _("manchet"), max_length=600, help_text=_("Et kort resumé, som vises i lister og søgning.")
    )
    body = models.TextField(
        _("brødtekst"), help_text=_("Skrives i Markdown: ## overskrift, **fed**, - punktliste.")
    )
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    type = models.CharField(
        _("type"), max_length=20, choices=ArticleType.choices, default=ArticleType.GUIDE
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("temaer"), related_name="articles")
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("målgrupper"), related_name="articles", blank=True
    )
    hero_image = models.FileField(
        _("billede"),
        upload_to="portal/hero/",
        blank=True,
        help_text=_("JPEG, PNG eller WebP, mindst 480 pixels bredt og højst 5 MB."),
    )
    hero_alt = models.CharField(
        _("alternativ tekst til billedet"),
        max_length=250,
        blank=True,
        help_text=_("Beskriv billedet for dem, der ikke kan se det. Skal udfyldes med billede."),
    )
    # The resized copies of the hero image (see portal.images), made once when it is saved.
    hero_renditions = models.JSONField(default=list, blank=True, editable=False)
    related = models.ManyToManyField(
        "self", verbose_name=_("relaterede artikler"), symmetrical=False, blank=True
    )
    author = models.CharField(_("forfatter"), max_length=120, blank=True)
    # Other parts of the site link to the article by this key, whatever its address becomes.
    key = models.SlugField(
        _("fast nøgle"),
        max_length=60,
        blank=True,
        help_text=_(
            "Kun for artikler, som andre dele af sitet linker til (fx selvtestens "
            "kriterium-purpose). Sættes på den danske artikel; ændr den ikke."
        ),
    )
    language = models.CharField(
        _("sprog"), max_length=2, choices=Language.choices, default=Language.DANISH
    )
    translation = models.OneToOneField(
        "self",
        verbose_name=_("oversættelse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = models.BooleanField(_("fremhævet på forsiden"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        editable=False,
    )
    publish_at = models.DateTimeField(
        _("udgives"),
        null=True,
        blank=True,
        help_text=_(
            "Tom betyder straks, når artiklen udgives. Et senere tidspunkt planlægger den."
        ),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    last_substantive_change = models.DateTimeField(
        _("sidst opdateret"), default=timezone.now, editable=False
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body_text", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Title and summary each on their own: small enough to stay in the row (no TOAST read). The
    # site search ranks title matches above summary matches above the rest by testing these,
    # and as separate columns the planner can estimate each test (portal.sitesearch.postgres).
    title_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    summary_vector = models.GeneratedField(
        expression=SearchVector("summary", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("artikel")
        verbose_name_plural = _("artikler")
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="article_slug_per_language"),
            models.UniqueConstraint(
                fields=["language", "key"], condition=~Q(key=""), name="article_key_per_language"
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""), name="article_hero_has_alt"
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["language", "status", "-publish_at"], name="article_listing_idx"),
            models.Index(
                fields=["language", "type", "status", "-publish_at"], name="article_type_idx"
            ),
            models.Index(
                fields=["publish_at"],
                condition=Q(status=ArticleStatus.PUBLISHED),
                name="article_scheduled_idx",
            ),
            models.Index(fields=["status"], name="article_status_idx"),
            models.Index(
                fields=["language", "type", "-publish_at"],
                condition=Q(featured=True),
                name="article_featured_idx",
            ),
            GinIndex(fields=["search_vector"], name="article_search_idx"),
            GinIndex(fields=["title_vector"], name="article_title_idx"),
            GinIndex(fields=["summary_vector"], name="article_summary_idx"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="article_title_trgm_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        with override(self.language):
            return reverse("portal:article", kwargs={"slug": self.slug})

    @cached_property
    def hero(self) -> HeroImage | None:
        return HeroImage.of(self) if self.hero_image else None

    @property
    def is_visible(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def is_history(self) -> bool:
        """Old news, kept for the record: the page says so, so no one takes it for today's."""
        return (
            self.type == ArticleType.NEWS
            and self.publish_at is not None
            and self.publish_at < news_cutoff()
        )


class Revision(models.Model):
    """A snapshot of an object after one save: who, when, what, and why (``portal.revisions``)."""

    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ændret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    change_summary = models.CharField(_("beskrivelse af ændringen"), max_length=250, blank=True)
    changed_fields = models.JSONField(_("ændrede felter"), default=list)
    snapshot = models.JSONField(_("indhold"))

    class Meta:
        abstract = True
        ordering = ["-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versioner")


class ArticleRevision(Revision):
    article = models.ForeignKey(
        Article, verbose_name=_("artikel"), on_delete=models.CASCADE, related_name="revisions"
    )

    class Meta(Revision.Meta):
        verbose_name = _("version af en artikel")
        verbose_name_plural = _("versioner af artikler")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article} v{self.number}"


class PageKey(models.TextChoices):
    """The pages editors own beside the articles; each has a fixed address (portal.urls)."""

    ABOUT = "about", _("Om Vækstcentret")
    PRIVACY = "privacy", _("Privatlivspolitik")
    ACCESSIBILITY = "accessibility", _("Tilgængelighedserklæring")


class ComplianceStatus(models.TextChoices):
    """The three answers of Digitaliseringsstyrelsen's statement (EU standard statement)."""

    FULL = "full", _("Webstedet overholder WCAG 2.1 niveau AA fuldt ud")
    PARTIAL = "partial", _("Webstedet overholder WCAG 2.1 niveau AA delvist (de fleste krav)")
    NOT = "not", _("Webstedet overholder ikke WCAG 2.1 niveau AA (de fleste krav er ikke opfyldt)")


class EvaluationMethod(models.TextChoices):
    SELF = "self", _("Vi har selv evalueret webstedet")
    EXTERNAL = "external", _("En ekstern part har evalueret webstedet")
    OTHER = "other", _("Vi har brugt en anden metode")


# The parts written in Markdown; each is kept as sanitised HTML in ``Page.parts_html``.
PAGE_MARKDOWN_PARTS = (
    "body",
    "known_problems",
    "disproportionate_burden",
    "evaluation",
    "feedback",
    "complaint",
)
# The parts only the accessibility statement has (Digitaliseringsstyrelsen's sections).
STATEMENT_PARTS = (
    "compliance_status",
    "known_problems",
    "disproportionate_burden",
    "evaluation_method",
    "evaluation",
    "evaluated_on",
    "feedback",
    "complaint",
)
# What an editor changes on a page, in the form's order.
PAGE_EDITABLE_FIELDS = ("title", "lead", "body", *STATEMENT_PARTS)


class Page(models.Model):
    """About, privacy and the accessibility statement: one row per page and language.

    The rows are created when missing after every migrate (``portal.page_seeds``), so the pages
    exist on every database; editors change them in the admin, never add or delete them.
    """

    key = models.CharField(_("side"), max_length=20, choices=PageKey, editable=False)
    language = models.CharField(_("sprog"), max_length=2, choices=Language.choices, editable=False)
    title = models.CharField(_("titel"), max_length=200)
    lead = models.TextField(
        _("indledning"), blank=True, help_text=_("Vises med stor skrift øverst.")
    )
    body = models.TextField(
        _("brødtekst"),
        blank=True,
        help_text=_("Skrives i Markdown: ## overskrift, **fed**, - punktliste, [tekst](adresse)."),
    )
    compliance_status = models.CharField(
        _("overholdelsesstatus"), max_length=10, choices=ComplianceStatus, blank=True
    )
    known_problems = models.TextField(
        _("indhold, der ikke er tilgængeligt"),
        blank=True,
        help_text=_("Hvert kendt problem, og hvordan man kommer uden om det. Markdown."),
    )
    disproportionate_burden = models.TextField(
        _("uforholdsmæssig stor byrde"),
        blank=True,
        help_text=_(
            "Indhold, der er undtaget, fordi det ville være en uforholdsmæssig stor byrde."
        ),
    )
    evaluation_method = models.CharField(
        _("vurderingsmetode"), max_length=10, choices=EvaluationMethod, blank=True
    )
    evaluation = models.TextField(
        _("sådan er erklæringen udarbejdet"),
        blank=True,
        help_text=_("Hvordan webstedet er testet. Markdown."),
    )
    evaluated_on = models.DateField(_("senest evalueret"), null=True, blank=True)
    feedback = models.TextField(
        _("feedback og kontakt"),
        blank=True,
        help_text=_("Skriftlig og telefonisk kontakt til den ansvarlige myndighed. Markdown."),
    )
    complaint = models.TextField(
        _("klage (håndhævelsesprocedure)"),
        blank=True,
        help_text=_("Hvordan man klager til Digitaliseringsstyrelsen, med link. Markdown."),
    )
    parts_html = models.JSONField(default=dict, editable=False)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ændret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_substantive_change = models.DateTimeField(
        _("sidst opdateret"), default=timezone.now, editable=False
    )

    class Meta:
        ordering = ["key", "language"]
        verbose_name = _("side")
        verbose_name_plural = _("sider (om, privatliv, tilgængelighed)")
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="page_once_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        with override(self.language):
            return reverse(f"portal:{self.key}")

    @property
    def is_statement(self) -> bool:
        return self.key == PageKey.ACCESSIBILITY


class PageRevision(Revision):
    page = models.ForeignKey(
        Page, verbose_name=_("side"), on_delete=models.CASCADE, related_name="revisions"
    )

    class Meta(Revision.Meta):
        verbose_name = _("version af en side")
        verbose_name_plural = _("versioner af sider")
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="page_revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.page} v{self.number}"


class SearchTerm(models.Model):
    """A word that occurs in article titles and summaries: the vocabulary for "Mente du …?".

    Small (thousands of rows whatever the number of articles), so a trigram lookup stays fast.
    """

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        verbose_name = _("søgeord")
        verbose_name_plural = _("søgeord")
        indexes = [
            GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="searchterm_trgm_idx")
        ]

    def __str__(self) -> str:
        return self.word


class FacetCount(models.Model):
    """How many published articles have a theme, an audience and a type (0 or "" = any).

    Kept current by ``portal.facet_counts`` on every save and status change, so the lists' filter
    counts are a lookup of a few hundred rows instead of a count over the whole archive.
    """

    language = models.CharField(max_length=2)
    theme_id = models.IntegerField()
    audience_id = models.IntegerField()
    type = models.CharField(max_length=20)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "theme_id", "audience_id", "type"], name="facet_count_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.theme_id}/{self.audience_id}/{self.type}: {self.count}"
