"""The advisers' back office: the queue, the thread, and actions that go through the services."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import RecordAdmin, short_date, staff_name, user_as_text, with_detail
from core.csv_export import csv_download
from core.state_machine import TransitionNotAllowed
from guidance import selectors, services
from guidance.forms import AdviserReplyForm, AssignForm, NoteForm, PersonalDataForm, ReferralForm
from guidance.models import (
    OPEN_STATUSES,
    Attachment,
    DataRequestLog,
    Enquiry,
    EnquiryStatus,
    Satisfaction,
    Topic,
)


class StatusFilter(admin.SimpleListFilter):
    """The queue opens on the requests still to be handled; unconfirmed ones only when asked for."""

    title = gettext_lazy("status")
    parameter_name = "status"
    OPEN, CONFIRMED = "open", "all"

    def lookups(self, request, model_admin):
        return [
            (self.OPEN, _("Åbne (modtaget, under behandling, afventer)")),
            (self.CONFIRMED, _("Alle bekræftede")),
            *EnquiryStatus.choices,
        ]

    def choices(self, changelist):
        current = self.value() or self.OPEN
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.OPEN
        if value in EnquiryStatus.values:
            return queryset.filter(status=value)
        if value == self.CONFIRMED:
            return queryset.in_queue()
        return queryset.filter(status__in=OPEN_STATUSES)


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("svarfrist")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overskredet")), ("no", _("Ikke overskredet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.overdue().values("pk"))
        return queryset


class TopicFilter(admin.SimpleListFilter):
    title = gettext_lazy("emne")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return Topic.choices

    def queryset(self, request, queryset):
        if self.value() in Topic.values:
            return queryset.filter(topics__contains=[self.value()])
        return queryset


class AdviserFilter(admin.SimpleListFilter):
    title = gettext_lazy("rådgiver")
    parameter_name = "adviser"

    def lookups(self, request, model_admin):
        return [("none", _("Ikke tildelt"))] + [
            (str(user.pk), str(user)) for user in selectors.advisers()
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(adviser__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(adviser_id=int(self.value()))
        return queryset


def _posted(request) -> tuple:
    """Form data and files for a bound form on POST (even when empty), nothing on GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    change_form_template = "admin/guidance/enquiry/change_form.html"
    change_list_template = "admin/guidance/enquiry/change_list.html"
    list_display = ["reference", "requester", "status", "adviser_name", "received", "deadline"]
    list_filter = [
        StatusFilter,
        AdviserFilter,
        TopicFilter,
        "requester_type",
        "municipality__region",
        OverdueFilter,
    ]
    search_fields = ["reference", "name", "organisation", "email", "question"]
    list_select_related = ["municipality", "adviser"]
    date_hierarchy = "created_at"
    ordering = ["due_date", "created_at"]  # the most urgent first
    actions = ["assign_to_me"]
    fieldsets = [
        (
            gettext_lazy("Henvendelse"),
            {"fields": ["reference", "status", "adviser_text", "topics_display", "question"]},
        ),
        (
            gettext_lazy("Spørger"),
            {
                "fields": [
                    "requester_type",
                    "name",
                    "organisation",
                    "municipality",
                    "email",
                    "phone",
                    "preferred_contact",
                    "language",
                    "user_text",
                ]
            },
        ),
        (
            gettext_lazy("Tider"),
            {
                "fields": [
                    "created_at",
                    "email_confirmed_at",
                    "received_at",
                    "due_date",
                    "first_answered_at",
                    "closed_at",
                    "anonymised_at",
                ]
            },
        ),
    ]
    readonly_fields = [field for fieldset in fieldsets for field in fieldset[1]["fields"]]

    class Media:
        css = {"all": ["guidance/admin.css"]}

    adviser_text = user_as_text("adviser", gettext_lazy("rådgiver"))
    user_text = user_as_text("user", gettext_lazy("bruger"))

    @admin.display(description=gettext_lazy("emner"))
    def topics_display(self, obj):
        return ", ".join(obj.topic_labels())

    @admin.display(description=gettext_lazy("spørger"), ordering="name")
    def requester(self, obj):
        """Who asked, with what kind of asker and where on a second line (a narrow column)."""
        return with_detail(obj.name, f"{obj.get_requester_type_display()}, {obj.municipality}")

    @admin.display(description=gettext_lazy("rådgiver"), ordering="adviser__first_name")
    def adviser_name(self, obj):
        return staff_name(obj.adviser)

    @admin.display(description=gettext_lazy("modtaget"), ordering="received_at")
    def received(self, obj):
        return short_date(obj.received_at)  # None for none: the admin's empty-value mark

    @admin.display(description=gettext_lazy("svarfrist"), ordering="due_date")
    def deadline(self, obj):
        """The response deadline, flagged in red while it is overdue without an answer."""
        if obj.due_date is None:
            return None
        due = date_format(obj.due_date, "SHORT_DATE_FORMAT")
        if obj.is_overdue:
            return format_html(
                '{} <strong class="guidance-admin-overdue">{}</strong>', due, _("Overskredet")
            )
        return due

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # personal data is erased through "Persondata", which keeps the statistics

    @admin.action(description=gettext_lazy("Tildel de valgte henvendelser til mig"))
    def assign_to_me(self, request, queryset):
        count = 0
        for obj in queryset.filter(status__in=OPEN_STATUSES).select_related("adviser"):
            services.assign(obj, request.user, by=request.user)
            count += 1
        self.message_user(request, _("%(count)s henvendelser er tildelt dig.") % {"count": count})

    # --- The change page: thread and actions ------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/svar/", view(self.reply_view), name="guidance_enquiry_reply"),
            path("<int:pk>/note/", view(self.note_view), name="guidance_enquiry_note"),
            path("<int:pk>/henvis/", view(self.referral_view), name="guidance_enquiry_refer"),
            path("<int:pk>/tildel/", view(self.assign_view), name="guidance_enquiry_assign"),
            path("<int:pk>/status/", view(self.status_view), name="guidance_enquiry_status"),
            path("persondata/", view(self.personal_data_view), name="guidance_personal_data"),
            path("bilag/<int:pk>/", view(self.attachment_view), name="guidance_attachment"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        context = {
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        if obj is not None:
            context.update(self.action_context(request, obj))
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def action_context(self, request, obj, **bound_forms) -> dict:
        thread = obj.messages.select_related("author").prefetch_related("attachments")
        return {
            "thread": thread,
            "referrals": obj.referrals.select_related("referred_by"),
            "status_changes": obj.status_changes.select_related("changed_by"),
            "satisfaction": Satisfaction.objects.filter(enquiry=obj).first(),
            "closes_after": services.closes_by_itself_after(obj),
            "manual_targets": [(s, EnquiryStatus(s).label) for s in services.manual_targets(obj)],
            "reply_form": bound_forms.get("reply_form")
            or AdviserReplyForm(prefix="reply", language=obj.language),
            "note_form": bound_forms.get("note_form") or NoteForm(prefix="note"),
            "referral_form": bound_forms.get("referral_form") or ReferralForm(prefix="referral"),
            "assign_form": bound_forms.get("assign_form")
            or AssignForm(
                prefix="assign",
                advisers=selectors.advisers(),
                initial={"adviser": obj.adviser_id or request.user.pk},
            ),
            "can_reply": obj.status not in (EnquiryStatus.UNCONFIRMED, EnquiryStatus.CLOSED),
        }

    def render_change_form(self, request, context, *args, **kwargs):
        if "reply_form" in context:  # the article picker's scripts
            context["media"] += context["reply_form"].media
        return super().render_change_form(request, context, *args, **kwargs)

    def attachment_view(self, request, pk):
        """Attachments are streamed inside the admin, so staff two-factor applies to them too."""
        attachment = get_object_or_404(Attachment.objects.select_related("message__enquiry"), pk=pk)
        if not self.has_view_permission(request, attachment.message.enquiry):
            raise PermissionDenied
        return FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
        )

    def _editable(self, request, pk) -> Enquiry:
        obj = get_object_or_404(Enquiry, pk=pk)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back(self, obj):
        return redirect(reverse("admin:guidance_enquiry_change", args=[obj.pk]))

    def _action_page(self, request, obj, title, form, action_url):
        """Shown when an action's form has errors: the form again, with the input kept."""
        return TemplateResponse(
            request,
            "admin/guidance/enquiry/action.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "original": obj,
                "opts": self.opts,
                "form": form,
                "action_url": action_url,
            },
        )

    def reply_view(self, request, pk):
        obj = self._editable(request, pk)
        form = AdviserReplyForm(*_posted(request), prefix="reply", language=obj.language)
        if request.method == "POST" and form.is_valid():
            try:
                services.reply_as_adviser(
                    obj,
                    services.with_article_links(
                        form.cleaned_data["body"],
                        form.cleaned_data["articles"],
                        language=obj.language,
                    ),
                    by=request.user,
                    files=form.cleaned_data["attachments"],
                    awaiting_requester=form.cleaned_data["awaiting_requester"],
                )
            except TransitionNotAllowed as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, _("Svaret er sendt til spørgeren."), messages.SUCCESS)
                return self._back(obj)
        return self._action_page(
            request, obj, _("Svar på %(ref)s") % {"ref": obj.reference}, form, request.path
        )

    def note_view(self, request, pk):
        obj = self._editable(request, pk)
        form = NoteForm(*_posted(request), prefix="note")
        if request.method == "POST" and form.is_valid():
            services.add_note(obj, form.cleaned_data["body"], by=request.user)
            self.message_user(request, _("Noten er gemt."), messages.SUCCESS)
            return self._back(obj)
        return self._action_page(
            request, obj, _("Intern note til %(ref)s") % {"ref": obj.reference}, form, request.path
        )

    def referral_view(self, request, pk):
        obj = self._editable(request, pk)
        form = ReferralForm(*_posted(request), prefix="referral")
        if request.method == "POST" and form.is_valid():
            services.refer(obj, by=request.user, **form.cleaned_data)
            self.message_user(request, _("Henvisningen er registreret."), messages.SUCCESS)
            return self._back(obj)
        return self._action_page(
            request, obj, _("Henvis %(ref)s") % {"ref": obj.reference}, form, request.path
        )

    def assign_view(self, request, pk):
        obj = self._editable(request, pk)
        form = AssignForm(*_posted(request), prefix="assign", advisers=selectors.advisers())
        if request.method == "POST" and form.is_valid():
            try:
                services.assign(obj, form.cleaned_data["adviser"], by=request.user)
            except TransitionNotAllowed as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, _("Henvendelsen er tildelt."), messages.SUCCESS)
                return self._back(obj)
        return self._action_page(
            request, obj, _("Tildel %(ref)s") % {"ref": obj.reference}, form, request.path
        )

    def status_view(self, request, pk):
        obj = self._editable(request, pk)
        if request.method != "POST":
            return self._back(obj)
        target = request.POST.get("to", "")
        try:
            services.set_status_by_hand(obj, target, by=request.user)
        except TransitionNotAllowed as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Status er nu “%(status)s”.") % {"status": EnquiryStatus(target).label},
                messages.SUCCESS,
            )
        return self._back(obj)

    # --- Personal data: export and erasure -----------------------------------------------------

    def personal_data_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = PersonalDataForm(request.POST or request.GET or None)
        found = []
        if form.is_bound and form.is_valid():
            email = form.cleaned_data["email"]
            if request.method == "POST":
                response = self.personal_data_action(request, email)
                if response is not None:
                    return response
            found = list(selectors.enquiries_of(email))
        return TemplateResponse(
            request,
            "admin/guidance/enquiry/personal_data.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Persondata: indsigt og sletning"),
                "opts": self.opts,
                "form": form,
                "found": found,
            },
        )

    def personal_data_action(self, request, email: str):
        """Export (JSON or CSV) or erase; None to show the page again with a message."""
        action = request.POST.get("action")
        if action in ("json", "csv"):
            return personal_data_download(
                services.export_personal_data(email, by=request.user), action
            )
        if action != "erase":
            raise PermissionDenied
        if not request.POST.get("confirm"):
            self.message_user(request, _("Sæt kryds for at bekræfte sletningen."), messages.ERROR)
            return None
        count = services.erase_personal_data(email, by=request.user)
        self.message_user(
            request,
            _("%(count)s henvendelser er anonymiseret.") % {"count": count},
            messages.SUCCESS,
        )
        return redirect("admin:guidance_personal_data")


def personal_data_download(data: list[dict], kind: str) -> HttpResponse:
    filename = f"persondata-{timezone.localdate().isoformat()}.{kind}"
    if kind != "json":
        response, writer = csv_download(filename)
        writer.writerow(["reference", "felt", "værdi"])
        for item in data:
            for key, value in item.items():
                if isinstance(value, list):
                    value = json.dumps(value, ensure_ascii=False)
                writer.writerow([item["reference"], key, value])
        return response
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(DataRequestLog)
class DataRequestLogAdmin(RecordAdmin):
    list_display = ["performed_at", "kind", "request_count", "performed_by"]
    list_filter = ["kind"]
    list_select_related = ["performed_by"]
    readonly_fields = ["kind", "email_hash", "request_count", "performed_by", "performed_at"]
