"""Case handling in the admin: the queue, assessments and the guarded transitions.

Status, handler and version are read-only here; they change only through the transition buttons,
which call ``registry.services`` with the version the handler saw (optimistic locking).
"""

import datetime as dt

from allauth.socialaccount.models import SocialApp, SocialToken
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.admin import RecordInline, grouped_number, short_date, staff_name, user_as_text
from core.history import local_time_label
from core.state_machine import TransitionNotAllowed
from registry import letters, selectors
from registry.forms import ENTERPRISE_DETAILS
from registry.models import (
    OPEN_CASE_STATUSES,
    OPEN_SUPERVISION_STATUSES,
    SOCIAL_ACCOUNT_FIGURES,
    AccountStatus,
    Action,
    Application,
    ApplicationStatus,
    Assessment,
    CaseEvent,
    DecisionLetter,
    Document,
    Enterprise,
    Hearing,
    HearingGround,
    Invitation,
    LetterKind,
    Representation,
    RepresentationChange,
    RepresentationStatus,
    SocialAccount,
    SupervisionCase,
    SupervisionEvent,
    SupervisionSignal,
    SupervisionStatus,
)
from registry.services import (
    case_handling,
    hearings,
    representatives,
    social_accounts,
    supervision,
)

# Transitions the admin offers, with their button label and whether they need a message.
ADMIN_TRANSITIONS = {
    Action.TAKE: (_("Tag sagen"), None),
    Action.REQUEST_INFORMATION: (_("Bed om flere oplysninger"), _("Besked til ansøgeren")),
    Action.RESUME: (_("Behandl videre uden svar"), _("Besked til ansøgeren")),
    Action.REGISTER: (_("Registrér virksomheden"), None),
    Action.REJECT: (_("Giv afslag"), None),
    Action.DEREGISTER: (_("Afregistrér virksomheden"), _("Begrundelse for afregistreringen")),
}
# The decisions among them, with the letter each sends (previewed before deciding).
DECISION_LETTERS = {
    Action.REGISTER: LetterKind.REGISTRATION,
    Action.REJECT: LetterKind.REFUSAL,
    Action.DEREGISTER: LetterKind.DEREGISTRATION,
}


def verbose_name(model, field: str):
    return model._meta.get_field(field).verbose_name


def days_left(application, overdue: str, left: str):
    """Days left of the four weeks, overdue cases standing out (texts with ``%(days)s``)."""
    days = application.days_left
    if days is None:
        return "-"
    if days < 0:
        return format_html('<strong class="rsv-overdue">{}</strong>', overdue % {"days": -days})
    css = "rsv-due-soon" if days < 7 else "rsv-due"
    return format_html('<span class="{}">{}</span>', css, left % {"days": days})


def offered_actions(refusals: dict, labels: dict, url_name: str, pk: int) -> dict:
    """The buttons for the moves a state machine allows now, and why the others are not
    offered (``refusals`` from ``StateMachine.refusals``; ``labels``: name -> (label, ...))."""
    return {
        "object_actions": [
            (reverse(url_name, args=[pk, name]), labels[name][0])
            for name, reason in refusals.items()
            if not reason
        ],
        "actions_not_offered": [
            (labels[name][0], reason) for name, reason in refusals.items() if reason
        ],
    }


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80, "class": "vLargeTextField"}),
        required=False,
    )


def action_page(
    request, model_admin, *, object_label, intro, title, change_url, form=None, fields=None, **extra
):
    """A page of its own for one action on an object: what it is, its fields (the message,
    unless told otherwise) and the button; ``extra`` goes to the template as it is (a letter's
    preview)."""
    if fields is None:
        fields = [form["message"]] if form is not None else []
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "object_label": object_label,
        "intro": intro,
        "title": title,
        "form": form,
        "fields": fields,
        "change_url": change_url,
        **extra,
    }
    return TemplateResponse(request, "admin/registry/application/transition.html", context)


def carried_out(request, form, action, done: str, *, field: str | None = "message") -> bool:
    """Runs ``action`` for a valid posted form and says ``done``; a refusal goes next to
    ``field`` (None: above the form) and the page is shown again."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action()
    except TransitionNotAllowed as error:
        form.add_error(field, str(error))
        return False
    messages.success(request, done)
    return True


def message_field(label, *, max_length: int, required_message=None) -> forms.CharField:
    """The text box of an action page: a note, a notice or a reason."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80, "class": "vLargeTextField"}),
        max_length=max_length,
        error_messages={"required": required_message} if required_message else None,
    )


class NoteForm(forms.Form):
    message = message_field(_("Intern note"), max_length=10000, required_message=_("Skriv noten."))


class QueueStatusFilter(admin.SimpleListFilter):
    """The queue opens on the open cases; every status (or all) is one click away."""

    title = _("status")
    parameter_name = "status"
    ALL = "alle"

    def lookups(self, request, model_admin):
        statuses = [
            (value, label)
            for value, label in ApplicationStatus.choices
            if value != ApplicationStatus.DRAFT
        ]
        return [(self.ALL, _("Alle")), *statuses]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Åbne sager"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() is None and DeregistrationFilter.parameter_name not in request.GET:
            return queryset.filter(status__in=OPEN_CASE_STATUSES)
        if self.value() is None:
            return queryset
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


class AgeFilter(admin.SimpleListFilter):
    title = _("frist")
    parameter_name = "frist"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overskredet")),
            ("week", _("Under 7 dage tilbage")),
            ("ok", _("7 dage eller mere tilbage")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        open_cases = queryset.filter(status__in=OPEN_CASE_STATUSES)
        if self.value() == "overdue":
            return open_cases.filter(moved_deadline__lt=now)
        if self.value() == "week":
            return open_cases.filter(
                moved_deadline__gte=now, moved_deadline__lt=now + dt.timedelta(days=7)
            )
        if self.value() == "ok":
            return open_cases.filter(moved_deadline__gte=now + dt.timedelta(days=7))
        return queryset


class DeregistrationFilter(admin.SimpleListFilter):
    """Registrations heard about deregistration (partshøring), awaiting a decision."""

    title = _("afregistreringssager")
    parameter_name = "afregistrering"

    def lookups(self, request, model_admin):
        return [("open", _("Åbne afregistreringssager"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            outstanding = Hearing.objects.outstanding().filter(application=OuterRef("pk"))
            return queryset.filter(Exists(outstanding), status=ApplicationStatus.REGISTERED)
        return queryset


class AssessmentForm(forms.ModelForm):
    """A table row has column headings, not labels: each field is named with its criterion."""

    class Meta:
        model = Assessment
        fields = ["outcome", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criterion = self.instance.get_criterion_display()
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{capfirst(field.label)}: {criterion}"


class AssessmentInline(admin.TabularInline):
    model = Assessment
    form = AssessmentForm
    fields = ["criterion", "outcome", "note", "assessor"]
    readonly_fields = ["criterion", "assessor"]
    extra = 0
    can_delete = False
    max_num = 5
    classes = ["rsv-records", "rsv-assessments"]  # registry/admin.css: fits the page's width
    template = RecordInline.template  # "Ingen endnu." before the case is assessed
    assessor = user_as_text("assessed_by", _("vurderet af"))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return (
            obj is not None
            and obj.status == ApplicationStatus.UNDER_REVIEW
            and super().has_change_permission(request, obj)
        )


class DocumentInline(RecordInline):
    model = Document
    fields = ["download", "kind", "size_label", "uploaded_at"]
    classes = ["rsv-records"]
    view_on_site = False  # the file's own link is the first column

    @admin.display(description=_("størrelse"))
    def size_label(self, document):
        """ "1,2 MB", not the stored byte count."""
        return filesizeformat(document.size)

    @admin.display(description=_("fil"))
    def download(self, document):
        return format_html('<a href="{}">{}</a>', document.get_absolute_url(), document)


class HearingInline(RecordInline):
    model = Hearing
    fields = [
        "ground",
        "notice",
        "sent_at",
        "deadline",
        "answer",
        "answered_at",
        "outcome",
        "closed_at",
        "closed_reason",
    ]
    classes = ["rsv-records"]

    def has_change_permission(self, request, obj=None):
        return False


class LetterInline(RecordInline):
    model = DecisionLetter
    fields = ["download", "kind", "created_at", "language_name"]
    classes = ["rsv-records"]

    @admin.display(description=_("brev"))
    def download(self, letter):
        return format_html('<a href="{}">{}</a>', letter.get_absolute_url(), letter.filename)

    @admin.display(description=_("sprog"))
    def language_name(self, letter):
        """Dansk, not the stored code da."""
        return capfirst(get_language_info(letter.language)["name_translated"])

    def has_change_permission(self, request, obj=None):
        return False


class HearingForm(forms.Form):
    ground = forms.ChoiceField(label=_("Grundlag"), choices=HearingGround.choices)
    message = message_field(
        _("Varsel til virksomheden: hvorfor den kan blive afregistreret"), max_length=4000
    )


class CloseHearingForm(forms.Form):
    message = message_field(
        _("Begrundelse til virksomheden: hvorfor sagen afsluttes uden afregistrering"),
        max_length=4000,
        required_message=_("Skriv, hvorfor sagen afsluttes uden afregistrering."),
    )


class CaseEventInline(RecordInline):
    model = CaseEvent
    fields = ["when", "actor_name", "action", "from_status", "to_status", "note", "visibility"]
    classes = ["rsv-records"]
    actor_name = user_as_text("changed_by", _("udført af"))

    @admin.display(description=_("synlighed"))
    def visibility(self, event):
        if event.staff_only:
            return format_html('<strong class="rsv-tag rsv-internal">{}</strong>', _("Intern"))
        return _("Ansøgeren kan se den")  # plain words: a framed tag looked like a button

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tidspunkt"))
    def when(self, event):
        return local_time_label(event.changed_at)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "case_number",
        "enterprise_name",
        "status",
        "days_left_in_list",
        "handler_name",
        "submitted_on",
    ]
    view_on_site = False  # the case page on the site is the applicant's own
    empty_value_display = _("ingen")  # e.g. "no handler yet", also in the handler filter
    list_filter = [
        QueueStatusFilter,
        AgeFilter,
        DeregistrationFilter,
        ("handler", admin.RelatedOnlyFieldListFilter),
        "enterprise__municipality__region",
        # Only the municipalities with cases, not all 98.
        ("enterprise__municipality", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["enterprise", "handler"]
    search_fields = ["case_number", "enterprise__name", "enterprise__cvr"]
    ordering = ["submitted_at"]
    date_hierarchy = "submitted_at"
    inlines = [AssessmentInline, DocumentInline, HearingInline, LetterInline, CaseEventInline]
    change_form_template = "admin/registry/change_form_with_actions.html"
    readonly_fields = [
        "case_number",
        "enterprise_link",
        "status",
        "handler_in_full",
        "submitted_at",
        "current_deadline_display",
        "days_left_display",
        "paused_display",
        "decided_at",
        "declaration_accepted_at",
        "purpose_in_articles",
        "purpose_text",
        "trade_income_share",
        "vat_registered",
        "trade_text",
        "public_ownership_share",
        "public_board_majority",
        "independence_text",
        "involves_employees",
        "involves_stakeholders",
        "governance_text",
        "profit_use",
        "profit_lock_in_articles",
        "profit_text",
    ]
    fieldsets = [
        (
            _("Sagen"),
            {
                "fields": [
                    "case_number",
                    "enterprise_link",
                    "status",
                    "handler_in_full",
                    "submitted_at",
                    "current_deadline_display",
                    "days_left_display",
                    "paused_display",
                    "decided_at",
                    "declaration_accepted_at",
                ]
            },
        ),
        (_("Socialt formål"), {"fields": ["purpose_in_articles", "purpose_text"]}),
        (
            _("Væsentlig erhvervsmæssig aktivitet"),
            {"fields": ["trade_income_share", "vat_registered", "trade_text"]},
        ),
        (
            _("Uafhængighed af det offentlige"),
            {"fields": ["public_ownership_share", "public_board_majority", "independence_text"]},
        ),
        (
            _("Inddragende og ansvarlig ledelse"),
            {"fields": ["involves_employees", "involves_stakeholders", "governance_text"]},
        ),
        (
            _("Social håndtering af overskud"),
            {"fields": ["profit_use", "profit_lock_in_articles", "profit_text"]},
        ),
    ]

    class Media:
        css = {"all": ["registry/admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=ApplicationStatus.DRAFT)
            .with_current_deadline()
        )

    def get_ordering(self, request):
        """Overdue first, then the nearest deadline (moved by any pause)."""
        return [F("moved_deadline").asc(nulls_last=True), "submitted_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("indsendt"), ordering="submitted_at")
    def submitted_on(self, application):
        if application.submitted_at is None:  # a draft that was withdrawn
            return "-"
        return short_date(application.submitted_at)

    @admin.display(description=_("virksomhed"), ordering="enterprise__sort_key")
    def enterprise_name(self, application):
        return application.enterprise.name

    @admin.display(description=_("virksomhed"))
    def enterprise_link(self, application):
        url = reverse("admin:registry_enterprise_change", args=[application.enterprise_id])
        return format_html('<a href="{}">{}</a>', url, application.enterprise)

    @admin.display(description=_("frist for afgørelse"), ordering="moved_deadline")
    def current_deadline_display(self, application):
        if application.deadline is None:
            return "-"
        return local_time_label(application.current_deadline)

    @admin.display(description=_("fristen i bero"))
    def paused_display(self, application):
        """Calendar days the case waited for the applicant (the four weeks stop meanwhile)."""
        total = application.total_paused_days
        if application.paused_since:
            return _("Stoppet siden %(date)s, venter på ansøgeren (%(days)s dage i alt)") % {
                "date": short_date(application.paused_since),
                "days": total,
            }
        return _("%(days)s dage i alt") % {"days": total} if total else "-"

    @admin.display(description=_("dage tilbage af 4 uger"), ordering="moved_deadline")
    def days_left_display(self, application):
        return days_left(application, _("Overskredet med %(days)s dage"), "%(days)s")

    handler_in_full = user_as_text("handler", _("sagsbehandler"))

    @admin.display(description=_("behandler"), ordering="handler__first_name")
    def handler_name(self, application):
        return staff_name(application.handler)

    @admin.display(description=_("frist"), ordering="moved_deadline")
    def days_left_in_list(self, application):
        """The queue's narrow column: days left, and the date, moved by the days in abeyance."""
        left = days_left(application, _("%(days)s dage over"), _("%(days)s dage"))
        if application.days_left is None:
            return left
        paused = application.total_paused_days
        if application.paused_since:
            moved = _("stoppet, %(days)s d. i bero") % {"days": paused}
        elif paused:
            moved = _("%(days)s d. i bero") % {"days": paused}
        else:
            moved = ""
        return format_html(
            '{}<br><span class="rsv-deadline">{}</span>{}',
            left,
            short_date(application.current_deadline),
            format_html('<br><span class="rsv-tag rsv-paused">{}</span>', moved) if moved else "",
        )

    def save_model(self, request, obj, form, change):
        """Every field of a case is read-only here; only the assessments (inline) are saved."""

    def save_formset(self, request, form, formset, change):
        for changed in formset.save(commit=False):  # the other inlines are read-only records
            if isinstance(changed, Assessment):
                case_handling.save_assessment(changed, by=request.user)

    # --- Transitions ---------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/transition/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="registry_application_transition",
            ),
            path(
                "<int:pk>/partshoering/",
                self.admin_site.admin_view(self.hearing_view),
                name="registry_application_hearing",
            ),
            path(
                "<int:pk>/partshoering/afslut/",
                self.admin_site.admin_view(self.close_hearing_view),
                name="registry_application_close_hearing",
            ),
            path(
                "<int:pk>/note/",
                self.admin_site.admin_view(self.note_view),
                name="registry_application_note",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None and roles.is_case_handler(request.user):
            refusals = case_handling.CASE.refusals(application, case_handling.HANDLER)
            extra_context |= offered_actions(
                refusals, ADMIN_TRANSITIONS, "admin:registry_application_transition", application.pk
            )
            if application.status == ApplicationStatus.AWAITING_APPLICANT:
                extra_context["actions_not_offered"].append(
                    (
                        _("Afgørelse"),
                        _(
                            "Sagen venter på ansøgerens svar, og fristen står stille. Når "
                            "ansøgeren svarer, eller svarfristen er udløbet, kan sagen "
                            "behandles videre."
                        ),
                    )
                )
            if application.status == ApplicationStatus.REGISTERED:
                extra_context["object_actions"].append(self._hearing_action(application))
            extra_context["object_actions"].append(
                (
                    reverse("admin:registry_application_note", args=[application.pk]),
                    _("Skriv intern note"),
                )
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _hearing_action(application):
        """Send a hearing, or close the one outstanding without deregistering."""
        if hearings.outstanding_hearing(application):
            url = reverse("admin:registry_application_close_hearing", args=[application.pk])
            return url, _("Afslut partshøringen uden afregistrering")
        url = reverse("admin:registry_application_hearing", args=[application.pk])
        return url, _("Send partshøring om afregistrering")

    def close_hearing_view(self, request, pk):
        if not roles.is_case_handler(request.user):
            raise PermissionDenied
        application = get_object_or_404(Application.objects.select_related("enterprise"), pk=pk)
        hearing = hearings.outstanding_hearing(application)
        change_url = reverse("admin:registry_application_change", args=[pk])
        if hearing is None:
            messages.error(request, _("Sagen har ingen partshøring, som ikke er afsluttet."))
            return redirect(change_url)
        form = CloseHearingForm(request.POST or None)
        if carried_out(
            request,
            form,
            lambda: hearings.close_hearing(hearing, form.cleaned_data["message"], by=request.user),
            _("Partshøringen er afsluttet. Virksomheden vises igen i registret."),
        ):
            return redirect(change_url)
        return action_page(
            request,
            self,
            object_label=application.case_number,
            intro=_(
                "%(name)s forbliver registreret og vises igen i det offentlige register. "
                "Virksomheden får besked på mail og under Mine sager med begrundelsen."
            )
            % {"name": application.enterprise.name},
            title=_("Afslut partshøringen uden afregistrering"),
            form=form,
            change_url=change_url,
        )

    def hearing_view(self, request, pk):
        if not roles.is_case_handler(request.user):
            raise PermissionDenied
        application = get_object_or_404(Application, pk=pk)
        form = HearingForm(request.POST or None)
        change_url = reverse("admin:registry_application_change", args=[pk])
        if carried_out(
            request,
            form,
            lambda: hearings.start_hearing(
                application,
                form.cleaned_data["ground"],
                form.cleaned_data["message"],
                by=request.user,
            ),
            _("Partshøringen er sendt til virksomheden."),
            field=None,
        ):
            return redirect(change_url)
        return action_page(
            request,
            self,
            object_label=application.case_number,
            intro=_(
                "Virksomheden får besked på mail og under Mine sager og har %(days)s dage til "
                "at svare. Først derefter kan den afregistreres."
            )
            % {"days": settings.DEREGISTRATION_HEARING_DAYS},
            title=_("Send partshøring om afregistrering"),
            form=form,
            change_url=change_url,
            fields=[form["ground"], form["message"]],
        )

    def note_view(self, request, pk):
        """A case handler's internal note: in the history for handlers only, never applicants."""
        if not roles.is_case_handler(request.user):
            raise PermissionDenied
        application = get_object_or_404(self.get_queryset(request), pk=pk)
        form = NoteForm(request.POST if request.method == "POST" else None)
        change_url = reverse("admin:registry_application_change", args=[pk])
        if carried_out(
            request,
            form,
            lambda: case_handling.add_note(
                application, form.cleaned_data["message"], by=request.user
            ),
            _("Noten er gemt. Ansøgeren kan ikke se den."),
        ):
            return redirect(change_url)
        return action_page(
            request,
            self,
            object_label=application.case_number,
            intro=_(
                "Noten gemmes i sagens historik for sagsbehandlerne. Ansøgeren kan ikke se den."
            ),
            title=_("Skriv intern note"),
            form=form,
            change_url=change_url,
        )

    def transition_view(self, request, pk, name):
        if name not in ADMIN_TRANSITIONS or not roles.is_case_handler(request.user):
            raise PermissionDenied
        application = get_object_or_404(Application, pk=pk)
        label, message_label = ADMIN_TRANSITIONS[name]
        initial = {"version": application.version}
        if name == Action.REQUEST_INFORMATION:
            # Start from the handler's notes on the criteria that need more information.
            initial["message"] = selectors.information_request_draft(application)
        form = TransitionForm(request.POST or None, initial=initial)
        form.fields["message"].label = message_label or _("Besked")
        form.fields["message"].required = message_label is not None
        change_url = reverse("admin:registry_application_change", args=[pk])
        previewing = "preview" in request.POST
        if request.method == "POST" and form.is_valid() and not previewing:
            try:
                self._perform(application, name, request.user, form.cleaned_data)
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Sagen er opdateret: %(label)s.") % {"label": label})
            return redirect(change_url)
        preview = {}
        if name in DECISION_LETTERS:
            reason = (
                form.cleaned_data.get("message", "") if form.is_bound and form.is_valid() else ""
            )
            letter = letters.build(application, DECISION_LETTERS[name], reason=reason)
            preview = {
                "letter_preview": letters.render_html(letter),
                "can_preview": message_label is not None,
            }
        return action_page(
            request,
            self,
            object_label=application.case_number,
            intro=_("Sag %(number)s (%(name)s), status: %(status)s.")
            % {
                "number": application.case_number,
                "name": application.enterprise.name,
                "status": application.get_status_display(),
            },
            title=label,
            form=form,
            fields=[form["message"]] if message_label is not None else [],
            change_url=change_url,
            **preview,
        )

    @staticmethod
    def _perform(application, name, user, data):
        version = data["version"]
        message = data.get("message", "")
        if name == Action.TAKE:
            case_handling.take_case(application, expected_version=version, by=user)
        elif name == Action.REQUEST_INFORMATION:
            case_handling.request_information(
                application, message, expected_version=version, by=user
            )
        elif name == Action.RESUME:
            case_handling.resume_without_answer(
                application, message, expected_version=version, by=user
            )
        elif name == Action.REGISTER:
            case_handling.register(application, expected_version=version, by=user)
        elif name == Action.REJECT:
            case_handling.reject(application, expected_version=version, by=user)
        elif name == Action.DEREGISTER:
            case_handling.deregister(application, message, expected_version=version, by=user)


class InvitationInline(RecordInline):
    """Invitations are sent and revoked by the enterprise's representatives; staff only see them."""

    model = Invitation
    fk_name = "enterprise"
    fields = ["email", "inviter", "created_at", "expires_at", "accepted_at", "revoked_at"]
    inviter = user_as_text("invited_by", verbose_name(Invitation, "invited_by"))

    def has_change_permission(self, request, obj=None):
        return False


class RepresentationInline(RecordInline):
    """Who has claimed or proved the right to act for the enterprise (decided on their own page)."""

    model = Representation
    fields = ["representative", "status", "source", "created_at", "decided_at", "decider"]
    show_change_link = True
    representative = user_as_text("user", verbose_name(Representation, "user"))
    decider = user_as_text("decided_by", verbose_name(Representation, "decided_by"))

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr", "legal_form", "municipality", "registered_on", "deregistered_on"]
    list_filter = ["legal_form", "purpose_field", "municipality__region", "registered_on"]
    list_select_related = ["municipality"]
    search_fields = ["name", "cvr"]
    ordering = ["sort_key"]
    filter_horizontal = ["representatives"]
    # The enterprise reports its own changes (recorded in the case history); staff manage who
    # may act for it.
    fields = [
        *("revenue_grouped" if name == "revenue" else name for name in ENTERPRISE_DETAILS),
        "registration_number",
        "registered_on",
        "deregistered_on",
        "cvr_ceased_on",
        "representatives",
    ]
    readonly_fields = [name for name in fields if name != "representatives"]
    inlines = [RepresentationInline, InvitationInline]
    revenue_grouped = grouped_number(Enterprise, "revenue")  # "20.700.000", not "20700000"

    def has_add_permission(self, request):
        return False

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.representatives.all())
        super().save_related(request, form, formsets, change)
        representatives.record_representatives_changed(
            form.instance, before, set(form.instance.representatives.all()), by=request.user
        )

    def has_delete_permission(self, request, obj=None):
        return False


class BreachFilter(admin.SimpleListFilter):
    title = _("udbytteregler")
    parameter_name = "brud"

    def lookups(self, request, model_admin):
        return [("yes", _("Brud på reglerne")), ("no", _("Ingen brud"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(dividend_breaches=[])
        if self.value() == "no":
            return queryset.filter(dividend_breaches=[])
        return queryset


# A handler's review of one social account: the button's label and whether a reason is required.
ACCOUNT_REVIEWS = {
    social_accounts.APPROVE: (_("Godkend regnskabet"), False),
    social_accounts.RETURN: (_("Send tilbage til rettelse"), True),
}


class ReviewForm(forms.Form):
    message = forms.CharField(
        label=_("Begrundelse (sendes til virksomheden)"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80, "class": "vLargeTextField"}),
        max_length=5000,
        required=False,
        error_messages={"required": _("Skriv, hvad virksomheden skal rette.")},
    )


# The social account's figures in kroner, shown with thousands separators.
AMOUNTS = {"turnover", "profit_after_tax", "dividend_paid", "paid_in_capital"}


@admin.register(SocialAccount)
class SocialAccountAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "financial_year", "status", "deadline", "breach", "escalated_at"]
    list_filter = ["status", "financial_year", BreachFilter, "escalated_at"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name", "enterprise__cvr"]
    ordering = ["-deadline", "enterprise__name"]  # this year's accounts first, not 2015's
    actions = ["approve", "return_for_changes"]
    change_form_template = "admin/registry/change_form_with_actions.html"
    fields = [
        "enterprise",
        "financial_year",
        "deadline",
        "status",
        "annual_report_link",
        "breach_list",
        *(f"{name}_grouped" if name in AMOUNTS else name for name in SOCIAL_ACCOUNT_FIGURES),
        "management_pay",
        "related_party_agreements",
        "distributed_assets",
        "purpose_report",
        "independence_report",
        "submitted_at",
        "submitter",
        "reviewed_at",
        "reviewer",
        "review_note",
        "return_letter",
    ]
    readonly_fields = [name for name in fields if name != "review_note"]
    turnover_grouped = grouped_number(SocialAccount, "turnover")
    profit_after_tax_grouped = grouped_number(SocialAccount, "profit_after_tax")
    dividend_paid_grouped = grouped_number(SocialAccount, "dividend_paid")
    paid_in_capital_grouped = grouped_number(SocialAccount, "paid_in_capital")
    submitter = user_as_text("submitted_by", verbose_name(SocialAccount, "submitted_by"))
    reviewer = user_as_text("reviewed_by", verbose_name(SocialAccount, "reviewed_by"))

    @admin.display(description=_("brev ved tilbagesendelse"))
    def return_letter(self, account):
        if account.pk is None or account.status != AccountStatus.SUBMITTED:
            return "-"
        url = reverse("admin:registry_socialaccount_letter", args=[account.pk])
        return format_html(
            '<a href="{}">{}</a>', url, _("Forhåndsvis brevet med den gemte bemærkning")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/brev/",
                self.admin_site.admin_view(self.letter_view),
                name="registry_socialaccount_letter",
            ),
            path(
                "<int:pk>/gennemgaa/<str:decision>/",
                self.admin_site.admin_view(self.review_view),
                name="registry_socialaccount_review",
            ),
            *super().get_urls(),
        ]

    def letter_view(self, request, pk):
        """The letter a return for changes sends, with the note as saved on the account."""
        if not roles.is_case_handler(request.user):
            raise PermissionDenied
        account = get_object_or_404(SocialAccount.objects.select_related("enterprise"), pk=pk)
        case = social_accounts.registration_case(account.enterprise)
        if case is None:
            raise Http404
        letter = letters.build(
            case, LetterKind.ACCOUNT_RETURNED, reason=account.review_note, account=account
        )
        return action_page(
            request,
            self,
            object_label=str(account),
            intro=_(
                "Brevet sendes, når regnskabet sendes tilbage til rettelse. Begrundelsen er "
                "bemærkningen fra sagsbehandleren; ret den på regnskabets side."
            ),
            title=_("Forhåndsvisning af afgørelsesbrevet"),
            change_url=reverse("admin:registry_socialaccount_change", args=[pk]),
            letter_preview=letters.render_html(letter),
            preview_only=True,
        )

    class Media:
        css = {"all": ["registry/admin.css"]}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("brud på udbyttereglerne"))
    def breach(self, account):
        """Words, not the admin's yes/no icons, whose green tick would mark a breach; nothing
        for an account not yet sent."""
        if account.submitted_at is None:
            return "-"
        if not account.dividend_breaches:
            return _("Nej")
        return format_html('<strong class="rsv-overdue">{}</strong>', _("Brud"))

    @admin.display(description=_("brud på udbyttereglerne"))
    def breach_list(self, account):
        if not account.dividend_breaches:
            return "-"
        return format_html(
            '<strong class="rsv-overdue">{}</strong>', " ".join(account.dividend_breaches)
        )

    @admin.display(description=_("årsrapport"))
    def annual_report_link(self, account):
        if account.annual_report is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            account.annual_report.get_absolute_url(),
            account.annual_report.original_name,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        account = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if account is not None and roles.is_case_handler(request.user):
            refusals = social_accounts.REVIEW.refusals(account, social_accounts.HANDLER)
            extra_context |= offered_actions(
                refusals, ACCOUNT_REVIEWS, "admin:registry_socialaccount_review", account.pk
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def review_view(self, request, pk, decision):
        """Approve or return one social account; a return needs the reason the enterprise gets."""
        if decision not in ACCOUNT_REVIEWS or not roles.is_case_handler(request.user):
            raise PermissionDenied
        account = get_object_or_404(SocialAccount.objects.select_related("enterprise"), pk=pk)
        title, needs_reason = ACCOUNT_REVIEWS[decision]
        form = ReviewForm(
            request.POST if request.method == "POST" else None,
            initial={"message": account.review_note},
        )
        form.fields["message"].required = needs_reason
        if not needs_reason:
            form.fields["message"].label = _("Bemærkning til virksomheden (kan udelades)")
        change_url = reverse("admin:registry_socialaccount_change", args=[pk])
        previewing = "preview" in request.POST
        if request.method == "POST" and form.is_valid() and not previewing:
            try:
                social_accounts.review_social_account(
                    account,
                    approve=decision == social_accounts.APPROVE,
                    note=form.cleaned_data["message"],
                    by=request.user,
                )
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Regnskabet er gennemgået: %(t)s.") % {"t": title})
            return redirect(change_url)
        return action_page(
            request,
            self,
            object_label=str(account),
            intro=_("Socialt regnskab %(year)s fra %(name)s. Status: %(status)s.")
            % {
                "year": account.financial_year,
                "name": account.enterprise.name,
                "status": account.get_status_display(),
            },
            title=title,
            form=form,
            change_url=change_url,
            **(self._return_letter_preview(account, form) if needs_reason else {}),
        )

    @staticmethod
    def _return_letter_preview(account, form) -> dict:
        """The letter a return sends, with the reason as typed (``preview``) or saved."""
        case = social_accounts.registration_case(account.enterprise)
        if case is None:
            return {}
        reason = form["message"].value() or ""
        letter = letters.build(case, LetterKind.ACCOUNT_RETURNED, reason=reason, account=account)
        return {"letter_preview": letters.render_html(letter), "can_preview": True}

    @admin.action(description=_("Godkend valgte indsendte regnskaber"))
    def approve(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description=_("Send valgte tilbage til rettelse (med bemærkningen)"))
    def return_for_changes(self, request, queryset):
        self._review(request, queryset, approve=False)

    def _review(self, request, queryset, *, approve):
        done = 0
        for account in queryset.filter(status=AccountStatus.SUBMITTED):
            try:
                social_accounts.review_social_account(
                    account, approve=approve, note=account.review_note, by=request.user
                )
                done += 1
            except TransitionNotAllowed as error:
                messages.error(request, f"{account}: {error}")
        messages.success(request, _("%(n)s regnskaber er gennemgået.") % {"n": done})


class RepresentationChangeInline(RecordInline):
    model = RepresentationChange
    fields = ["changed_at", "actor_name", "from_status", "to_status", "note"]
    actor_name = user_as_text("changed_by", _("udført af"))

    def has_change_permission(self, request, obj=None):
        return False


class CompetingFilter(admin.SimpleListFilter):
    """Claims with another open claim for the same CVR number, to weigh side by side."""

    title = _("konkurrerende anmodninger")
    parameter_name = "konkurrerende"

    def lookups(self, request, model_admin):
        return [("yes", _("Flere anmodninger for samme CVR-nummer"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        return queryset.filter(open_for_cvr__gt=1)  # counted by RepresentationAdmin


class PendingFirstFilter(admin.SimpleListFilter):
    """The queue opens on the pending claims; the decided ones are one click away."""

    title = _("status")
    parameter_name = "status"
    ALL = "alle"

    def lookups(self, request, model_admin):
        return [(self.ALL, _("Alle")), *RepresentationStatus.choices]

    def choices(self, changelist):
        for value, label in [(None, _("Afventer godkendelse")), *self.lookup_choices]:
            if value == RepresentationStatus.PENDING:
                continue
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value})
                if value
                else changelist.get_query_string(remove=[self.parameter_name]),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset.filter(status=RepresentationStatus.PENDING)
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Begrundelse (sendes til ansøgeren)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    """Claims to act for a CVR number: the handler weighs the evidence and approves or rejects."""

    list_display = ["cvr", "enterprise", "claimant", "status", "source", "created_at", "competing"]
    list_filter = [PendingFirstFilter, CompetingFilter, "source"]
    list_select_related = ["enterprise", "user"]
    search_fields = ["cvr", "enterprise__name", "user__email"]
    ordering = ["cvr", "created_at"]
    view_on_site = False
    inlines = [RepresentationChangeInline]
    change_form_template = "admin/registry/change_form_with_actions.html"
    fields = [
        "cvr",
        "enterprise",
        "representative",
        "status",
        "source",
        "statement",
        "evidence_link",
        "created_at",
        "decided_at",
        "decider",
        "decision_reason",
        "others",
    ]
    readonly_fields = fields
    representative = user_as_text("user", verbose_name(Representation, "user"))
    decider = user_as_text("decided_by", verbose_name(Representation, "decided_by"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_for_cvr=models.Subquery(
                    Representation.objects.open()
                    .filter(cvr=models.OuterRef("cvr"))
                    .values("cvr")
                    .annotate(count=models.Count("id"))
                    .values("count")
                )
            )
        )

    @admin.display(description=_("person"), ordering="user__email")
    def claimant(self, representation):
        user = representation.user
        return f"{user.get_full_name()} <{user.email}>".strip()

    @admin.display(description=_("åbne anmodninger for CVR-nummeret"))
    def competing(self, representation):
        return representation.open_for_cvr or 0

    @admin.display(description=_("bevis"))
    def evidence_link(self, representation):
        if not representation.evidence:
            return "-"
        url = reverse("registry:evidence", args=[representation.pk])
        return format_html('<a href="{}">{}</a>', url, representation.evidence_name)

    @admin.display(description=_("andre anmodninger for samme CVR-nummer"))
    def others(self, representation):
        rows = [
            format_html(
                '<li><a href="{}">{}</a>: {} ({})</li>',
                reverse("admin:registry_representation_change", args=[other.pk]),
                other.user.email,
                other.get_status_display(),
                other.get_source_display(),
            )
            for other in representatives.competing_claims(representation)
        ]
        if not rows:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((row,) for row in rows)))

    def get_urls(self):
        return [
            path(
                "<int:pk>/afgoer/<str:decision>/",
                self.admin_site.admin_view(self.decide_view),
                name="registry_representation_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        representation = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if (
            representation is not None
            and representation.status == RepresentationStatus.PENDING
            and roles.is_case_handler(request.user)
        ):
            extra_context["object_actions"] = [
                (reverse("admin:registry_representation_decide", args=[object_id, name]), label)
                for name, label in [("approve", _("Godkend")), ("reject", _("Afvis"))]
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, pk, decision):
        if decision not in ("approve", "reject") or not roles.is_case_handler(request.user):
            raise PermissionDenied
        representation = get_object_or_404(Representation, pk=pk)
        form = DecisionForm(request.POST if request.method == "POST" else None)
        change_url = reverse("admin:registry_representation_change", args=[pk])
        if request.method == "POST" and form.is_valid():
            try:
                if decision == "approve":
                    representatives.approve_representation(representation, by=request.user)
                else:
                    representatives.reject_representation(
                        representation, form.cleaned_data["message"], by=request.user
                    )
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Anmodningen er afgjort."))
            return redirect(change_url)
        title = _("Godkend anmodningen") if decision == "approve" else _("Afvis anmodningen")
        return action_page(
            request,
            self,
            object_label=str(representation),
            intro=_("%(person)s vil handle for CVR %(cvr)s. Status: %(status)s.")
            % {
                "person": representation.user.email,
                "cvr": representation.cvr,
                "status": representation.get_status_display(),
            },
            title=title,
            form=form,
            fields=[form["message"]] if decision == "reject" else [],
            change_url=change_url,
        )


# MitID Erhverv is configured from the environment (settings.SOCIALACCOUNT_PROVIDERS), and no
# tokens are stored: a login provider added as a row, or a token, has no place in the back office.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)


# --- Supervision (tilsyn) ----------------------------------------------------------------------

SUPERVISION_ACTIONS = {
    supervision.REMEDY: (_("Giv afhjælpningsfrist"), _("Hvad skal virksomheden rette?")),
    supervision.RESOLVE: (_("Afslut tilsynet"), _("Begrundelse")),
    supervision.HEARING: (
        _("Send partshøring om afregistrering"),
        _("Varsel til virksomheden: hvorfor den kan blive afregistreret"),
    ),
}


class OpenFirstFilter(admin.SimpleListFilter):
    """The queue opens on the open supervision cases; the closed ones are one click away."""

    title = _("status")
    parameter_name = "status"
    ALL = "alle"

    def lookups(self, request, model_admin):
        return [(self.ALL, _("Alle")), *SupervisionStatus.choices]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Åbne tilsynssager"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset.filter(status__in=OPEN_SUPERVISION_STATUSES)
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


class SignalInline(RecordInline):
    model = SupervisionSignal
    fields = ["kind", "detail", "detected_at"]
    classes = ["rsv-records"]

    def has_change_permission(self, request, obj=None):
        return False


class SupervisionEventInline(RecordInline):
    model = SupervisionEvent
    fields = ["when", "actor_name", "from_status", "to_status", "note"]
    classes = ["rsv-records"]
    actor_name = user_as_text("changed_by", _("udført af"))

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tidspunkt"))
    def when(self, event):
        return local_time_label(event.changed_at)


@admin.register(SupervisionCase)
class SupervisionCaseAdmin(admin.ModelAdmin):
    """The supervision queue: signals per enterprise, the remedy period, and the outcome."""

    list_display = ["enterprise", "status", "signal_list", "opened_on", "remedy_deadline"]
    list_filter = [OpenFirstFilter]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name", "enterprise__cvr"]
    ordering = ["opened_at"]
    view_on_site = False
    inlines = [SignalInline, SupervisionEventInline]
    change_form_template = "admin/registry/change_form_with_actions.html"
    fields = [
        "enterprise_link",
        "status",
        "opened_at",
        "remedy_deadline",
        "closed_at",
        "handler_in_full",
    ]
    readonly_fields = fields
    handler_in_full = user_as_text("handler", _("sagsbehandler"))

    class Media:
        css = {"all": ["registry/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("signals")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("åbnet"), ordering="opened_at")
    def opened_on(self, case):
        return short_date(case.opened_at)

    @admin.display(description=_("signaler"))
    def signal_list(self, case):
        return ", ".join(sorted({str(signal.get_kind_display()) for signal in case.signals.all()}))

    @admin.display(description=_("virksomhed"))
    def enterprise_link(self, case):
        registration = case.enterprise.applications.filter(
            status=ApplicationStatus.REGISTERED
        ).first()
        if registration is None:
            return str(case.enterprise)
        url = reverse("admin:registry_application_change", args=[registration.pk])
        return format_html('<a href="{}">{}</a>', url, case.enterprise)

    def get_urls(self):
        return [
            path(
                "<int:pk>/handling/<str:name>/",
                self.admin_site.admin_view(self.action_view),
                name="registry_supervisioncase_action",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if case is not None and roles.is_case_handler(request.user):
            refusals = supervision.SUPERVISION.refusals(case, supervision.HANDLER)
            extra_context |= offered_actions(
                refusals, SUPERVISION_ACTIONS, "admin:registry_supervisioncase_action", case.pk
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def action_view(self, request, pk, name):
        if name not in SUPERVISION_ACTIONS or not roles.is_case_handler(request.user):
            raise PermissionDenied
        case = get_object_or_404(SupervisionCase.objects.select_related("enterprise"), pk=pk)
        label, message_label = SUPERVISION_ACTIONS[name]
        form = TransitionForm(request.POST or None, initial={"version": 0})
        form.fields["message"].label = message_label
        form.fields["message"].required = True
        change_url = reverse("admin:registry_supervisioncase_change", args=[pk])
        if request.method == "POST" and form.is_valid():
            action = {
                supervision.REMEDY: supervision.start_remedy,
                supervision.RESOLVE: supervision.resolve,
                supervision.HEARING: supervision.send_to_hearing,
            }[name]
            try:
                action(case, form.cleaned_data["message"], by=request.user)
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Tilsynssagen er opdateret: %(label)s.") % {"label": label}
                )
            return redirect(change_url)
        return action_page(
            request,
            self,
            object_label=str(case),
            intro=_("%(case)s, status: %(status)s.")
            % {"case": case, "status": case.get_status_display()},
            title=label,
            form=form,
            change_url=change_url,
        )
