from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.admin import RecordAdmin
from core.collation import DanishSortKey
from core.state_machine import TransitionNotAllowed
from portal import services
from portal.images import validate_hero_image
from portal.models import (
    PAGE_EDITABLE_FIELDS,
    Article,
    ArticleRevision,
    ArticleStatus,
    Audience,
    Page,
    PageRevision,
    StartStep,
    Theme,
)
from portal.revisions import ARTICLE_LABELS, PAGE_LABELS, compare_revisions, field_labels


class RefreshesPagesAdmin(admin.ModelAdmin):
    """Themes and audiences appear on cached pages: a change must reach readers at once."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.pages_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.pages_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.pages_changed()  # inlines such as the start path are saved after the object


@admin.register(Theme)
class ThemeAdmin(RefreshesPagesAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_en"]


class StartStepInline(admin.TabularInline):
    model = StartStep
    extra = 1
    autocomplete_fields = ["article"]
    fields = ["position", "article"]
    verbose_name_plural = gettext_lazy(
        "Start her: de artikler, målgruppen møder først, i rækkefølge (laveste tal først)"
    )


@admin.register(Audience)
class AudienceAdmin(RefreshesPagesAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    inlines = [StartStepInline]


class LabelledFileInput(forms.ClearableFileInput):
    """The admin wraps file inputs in a fieldset with no label for the input itself (axe fails)."""

    use_fieldset = False


class ArticleAdminForm(forms.ModelForm):
    change_summary = forms.CharField(
        label=gettext_lazy("Beskriv ændringen"),
        max_length=250,
        required=False,
        help_text=gettext_lazy("Gemmes i versionshistorikken, fx “Rettet beløbsgrænse”."),
    )
    minor_change = forms.BooleanField(
        label=gettext_lazy("Mindre rettelse"),
        required=False,
        help_text=gettext_lazy("Fx en stavefejl. Ændrer ikke “Sidst opdateret” på siden."),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "language",
            "type",
            "summary",
            "body",
            "themes",
            "audiences",
            "hero_image",
            "hero_alt",
            "author",
            "featured",
            "related",
            "translation",
            "publish_at",
            "key",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "hero_image": LabelledFileInput,
        }

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if isinstance(image, UploadedFile):
            validate_hero_image(image)
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hero_image") and not cleaned.get("hero_alt", "").strip():
            self.add_error(
                "hero_alt", ValidationError(_("Skriv en alternativ tekst, der beskriver billedet."))
            )
        translation = cleaned.get("translation")
        if translation is not None and translation.language == cleaned.get("language"):
            self.add_error(
                "translation",
                ValidationError(_("Oversættelsen skal være på det andet sprog.")),
            )
        return cleaned


class RevisionsAdminMixin:
    """Version history, comparison and restoring for an admin whose model has ``revisions``.

    The admin names its ``revision_labels`` (portal.revisions) and how to ``restore`` a revision.
    """

    revision_labels: dict = ARTICLE_LABELS

    def restore(self, revision, *, by):
        raise NotImplementedError

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/versioner/", wrap(self.revisions_view), name=self._url_name("revisions")
            ),
            path(
                "<int:pk>/versioner/sammenlign/",
                wrap(self.compare_view),
                name=self._url_name("compare"),
            ),
            path(
                "<int:pk>/versioner/<int:number>/gendan/",
                wrap(self.restore_view),
                name=self._url_name("restore"),
            ),
            *super().get_urls(),
        ]

    def _editable(self, request, pk):
        obj = get_object_or_404(self.model, pk=pk)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def revisions_view(self, request, pk):
        obj = self._editable(request, pk)
        revisions = list(obj.revisions.select_related("created_by"))
        for revision in revisions:
            revision.changed_labels = field_labels(revision.changed_fields, self.revision_labels)
        return TemplateResponse(
            request,
            "admin/portal/revisions.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": obj,
                "title": _("Versioner af “%(title)s”") % {"title": obj},
                "revisions": revisions,
            },
        )

    def compare_view(self, request, pk):
        obj = self._editable(request, pk)
        revisions = {r.number: r for r in obj.revisions.filter(number__in=_numbers(request))}
        if len(revisions) != 2:
            messages.error(request, _("Vælg to forskellige versioner at sammenligne."))
            return redirect(f"admin:{self._url_name('revisions')}", pk)
        older, newer = (revisions[n] for n in sorted(revisions))
        return TemplateResponse(
            request,
            "admin/portal/compare.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": obj,
                "title": _("Version %(a)s og %(b)s af “%(title)s”")
                % {"a": older.number, "b": newer.number, "title": obj},
                "older": older,
                "newer": newer,
                "changes": compare_revisions(older.snapshot, newer.snapshot, self.revision_labels),
            },
        )

    @method_decorator(require_POST)
    def restore_view(self, request, pk, number):
        obj = self._editable(request, pk)
        revision = get_object_or_404(obj.revisions, number=number)
        self.restore(revision, by=request.user)
        messages.success(
            request,
            _("Version %(number)s er gendannet som en ny version.") % {"number": revision.number},
        )
        return redirect(f"admin:{self._url_name('change')}", pk)


# The autocomplete's query parameter that limits it to published articles in one language
# (the advisers' article picker, guidance.forms.ArticlePicker).
ARTICLE_LANGUAGE_PARAM = "sprog"


@admin.register(Article)
class ArticleAdmin(RevisionsAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/portal/article/change_form.html"
    list_display = ["title", "type", "language", "status_label", "publish_at", "updated_at"]
    list_filter = ["status", "type", "language", "themes", "audiences", "featured"]
    search_fields = ["title", "summary", "slug"]
    list_select_related = ["translation"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["related", "translation"]
    readonly_fields = ["status_label", "last_substantive_change"]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "type", "summary", "body"]}),
        (gettext_lazy("Emner"), {"fields": ["themes", "audiences", "related", "translation"]}),
        (gettext_lazy("Billede"), {"fields": ["hero_image", "hero_alt"]}),
        (
            gettext_lazy("Udgivelse"),
            {
                "fields": [
                    "status_label",
                    "publish_at",
                    "featured",
                    "author",
                    "last_substantive_change",
                ]
            },
        ),
        (gettext_lazy("Versionshistorik"), {"fields": ["change_summary", "minor_change"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # The version note is a form field with nothing to show a reader: Django would print
            # its bare name and "None" ("Change summary: None").
            return [
                fieldset for fieldset in fieldsets if "change_summary" not in fieldset[1]["fields"]
            ]
        return fieldsets

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_label(self, article: Article) -> str:
        if article.pk is None:
            return ArticleStatus.DRAFT.label
        if article.is_scheduled:
            return _("Planlagt til %(when)s") % {
                "when": date_format(timezone.localtime(article.publish_at), "SHORT_DATETIME_FORMAT")
            }
        return article.get_status_display()

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        language = request.GET.get(ARTICLE_LANGUAGE_PARAM)
        if language and request.resolver_match.url_name == "autocomplete":
            queryset = (
                queryset.published()
                .filter(language=language)
                .order_by(DanishSortKey("title"), "pk")
            )
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        services.save_article(
            obj,
            by=request.user,
            change_summary=form.cleaned_data.get("change_summary", ""),
            relations={
                name: form.cleaned_data.get(name, []) for name in ("themes", "audiences", "related")
            },
            substantive=not form.cleaned_data.get("minor_change"),
        )

    def save_related(self, request, form, formsets, change):
        """The relations were set by the service, inside its revision."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.articles_changed_in_bulk()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.articles_changed_in_bulk()

    # --- Bulk actions ---------------------------------------------------------------------

    def _bulk(self, request, queryset, transition, done_message):
        done, refused = 0, []
        for article in queryset:
            try:
                transition(article, by=request.user)
                done += 1
            except TransitionNotAllowed:
                refused.append(article.title)
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                _("Disse artikler kunne ikke skifte status: %(titles)s")
                % {"titles": ", ".join(refused)},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Udgiv valgte artikler"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, services.publish, _("%(count)s artikler er udgivet."))

    @admin.action(description=gettext_lazy("Afpublicér valgte artikler"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.unpublish,
            _("%(count)s artikler er ført tilbage til kladde."),
        )

    # --- Workflow, preview and revisions ----------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.change_status_view),
                name="portal_article_change_status",
            ),
            *super().get_urls(),
        ]

    def restore(self, revision, *, by):
        services.restore_revision(revision, by=by)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = Article.objects.filter(pk=object_id).first()
        if article is not None:
            # A reader without the right to change (an adviser) is offered no status buttons.
            extra_context["transitions"] = [
                (status, _transition_label(article, status))
                for status in sorted(services.allowed_transitions(article))
                if self.has_change_permission(request, article)
            ]
            extra_context["preview_url"] = reverse("portal:article_preview", args=[article.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def change_status_view(self, request, pk):
        if request.method != "POST":
            return redirect("admin:portal_article_change", pk)
        article = self._editable(request, pk)
        try:
            article = services.change_status(article, request.POST.get("to", ""), by=request.user)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Status er nu: %(status)s") % {"status": self.status_label(article)}
            )
        return redirect("admin:portal_article_change", pk)


def _numbers(request) -> list[int]:
    return [int(value) for value in request.GET.getlist("v") if value.isdigit()][:2]


def _transition_label(article: Article, status: str) -> str:
    labels = {
        ArticleStatus.REVIEW: _("Send til gennemsyn"),
        ArticleStatus.PUBLISHED: _("Planlæg udgivelse")
        if article.publish_at and article.publish_at > timezone.now()
        else _("Udgiv"),
        ArticleStatus.ARCHIVED: _("Arkivér"),
        ArticleStatus.DRAFT: _("Send tilbage til kladde")
        if article.status != ArticleStatus.PUBLISHED
        else _("Afpublicér"),
    }
    return labels[status]


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(RecordAdmin):
    """Read-only: revisions are history, written only by the services."""

    list_display = ["article", "number", "created_at", "created_by", "change_summary"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title", "change_summary"]
    date_hierarchy = "created_at"


class PageAdminForm(forms.ModelForm):
    change_summary = ArticleAdminForm.base_fields["change_summary"]
    minor_change = ArticleAdminForm.base_fields["minor_change"]

    class Meta:
        model = Page
        fields = PAGE_EDITABLE_FIELDS
        widgets = {"lead": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if self.instance.is_statement:
            for name in ("compliance_status", "evaluation_method", "feedback", "complaint"):
                if not cleaned.get(name):
                    self.add_error(
                        name,
                        ValidationError(_("Tilgængelighedserklæringen skal have dette afsnit.")),
                    )
        return cleaned


@admin.register(Page)
class PageAdmin(RevisionsAdminMixin, admin.ModelAdmin):
    """About, privacy and the accessibility statement: edited, never added or deleted here."""

    form = PageAdminForm
    change_form_template = "admin/portal/page/change_form.html"
    revision_labels = PAGE_LABELS
    list_display = ["title", "key", "language", "last_substantive_change", "updated_by"]
    list_filter = ["key", "language"]
    list_select_related = ["updated_by"]
    readonly_fields = ["key", "language", "last_substantive_change", "updated_at", "updated_by"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": ["key", "language", "title", "lead", "body"]})]
        if obj is not None and obj.is_statement:
            fieldsets += [
                (
                    gettext_lazy("Overholdelsesstatus"),
                    {"fields": ["compliance_status"]},
                ),
                (
                    gettext_lazy("Indhold, der ikke er tilgængeligt"),
                    {"fields": ["known_problems", "disproportionate_burden"]},
                ),
                (
                    gettext_lazy("Sådan er erklæringen udarbejdet"),
                    {"fields": ["evaluation_method", "evaluation", "evaluated_on"]},
                ),
                (
                    gettext_lazy("Feedback og klage"),
                    {"fields": ["feedback", "complaint"]},
                ),
            ]
        return [
            *fieldsets,
            (
                gettext_lazy("Versionshistorik"),
                {
                    "fields": [
                        "last_substantive_change",
                        "updated_at",
                        "updated_by",
                        "change_summary",
                        "minor_change",
                    ]
                },
            ),
        ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_page(
            obj,
            by=request.user,
            change_summary=form.cleaned_data.get("change_summary", ""),
            substantive=not form.cleaned_data.get("minor_change"),
        )

    def restore(self, revision, *, by):
        services.restore_page_revision(revision, by=by)


@admin.register(PageRevision)
class PageRevisionAdmin(RecordAdmin):
    """Read-only: revisions are history, written only by the services."""

    list_display = ["page", "number", "created_at", "created_by", "change_summary"]
    list_select_related = ["page", "created_by"]
    date_hierarchy = "created_at"
