from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import RecordInline, short_date, with_detail
from core.csv_export import csv_download
from core.state_machine import TransitionNotAllowed
from events import services
from events.models import Event, EventChange, Registration, RegistrationChange, RegistrationStatus
from portal.page_cache import search_content_changed

CSV_COLUMNS = [
    (_("Arrangement"), lambda r: r.event.title),
    (_("Navn"), lambda r: r.name),
    (_("E-mail"), lambda r: r.email),
    (_("Organisation"), lambda r: r.organisation),
    (_("Kommune"), lambda r: r.municipality.name if r.municipality else ""),
    (_("Hensyn"), lambda r: r.needs),
    (_("Status"), lambda r: r.get_status_display()),
    (_("Deltog"), lambda r: _("ja") if r.attended else _("nej")),
    (_("Tilmeldt"), lambda r: timezone.localtime(r.created_at).strftime("%d-%m-%Y %H:%M")),
]


def participants_csv(registrations, filename: str) -> HttpResponse:
    response, writer = csv_download(filename)
    writer.writerow([label for label, _value in CSV_COLUMNS])
    for registration in registrations:
        writer.writerow([value(registration) for _label, value in CSV_COLUMNS])
    return response


def _participants(queryset):
    return (
        queryset.filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING])
        .select_related("event", "municipality")
        .order_by("event__starts_at", "status", "position", "name")
    )


class RegistrationInline(RecordInline):
    model = Registration
    fields = ["name", "email", "organisation", "municipality", "status", "position", "attended"]
    show_change_link = True
    ordering = ["status", "position", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


class EventChangeInline(RecordInline):
    model = EventChange
    fields = ["changed_at", "changed_by", "from_status", "to_status", "note"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "capacity",
        "confirmed",
        "waiting",
        "status",
    ]
    list_filter = ["is_published", "themes", "audiences", "starts_at"]
    search_fields = ["title", "summary", "place"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    # A handful of each: checkboxes, as on articles (the admin's two-list widget fails axe).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [RegistrationInline, EventChangeInline]
    actions = ["export_participants", "cancel_events"]
    readonly_fields = ["cancelled_at", "published_at"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "summary", "description", "is_published", "published_at"]},
        ),
        (
            _("Tid og sted"),
            {
                "fields": ["starts_at", "ends_at", "place", "region", "online_url", "cancelled_at"],
                "description": _(
                    "Ændrer du tid eller sted, får alle tilmeldte og alle på ventelisten en "
                    "e-mail om det, de tilmeldte med en ny kalenderfil."
                ),
            },
        ),
        (_("Tilmelding"), {"fields": ["capacity", "signup_deadline", "organiser"]}),
        (_("Målgrupper og temaer"), {"fields": ["audiences", "themes"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_total=Count("registrations", filter=Q(registrations__status="confirmed")),
                waiting_total=Count("registrations", filter=Q(registrations__status="waiting")),
            )
        )

    @admin.display(description=_("tilmeldte"), ordering="confirmed_total")
    def confirmed(self, obj):
        return obj.confirmed_total

    @admin.display(description=_("venteliste"), ordering="waiting_total")
    def waiting(self, obj):
        return obj.waiting_total

    @admin.display(description=_("status"), ordering="cancelled_at")
    def status(self, obj):
        """One column for published and cancelled, so the list fits a 1280 px screen."""
        if obj.is_cancelled:
            return _("Aflyst")
        return _("Offentliggjort") if obj.is_published else _("Ikke offentliggjort")

    def save_model(self, request, obj, form, change):
        # The time and place as stored, before this save changes them.
        before = Event.objects.filter(pk=obj.pk).values(*services.MOVING_FIELDS).first()
        super().save_model(request, obj, form, change)
        transaction.on_commit(search_content_changed)  # the site search shows events
        if before is not None and services.moved(obj, before):
            told = services.announce_move(obj, before=before, by=request.user)
            if told:
                self.message_user(
                    request,
                    ngettext(
                        "%d person har fået besked om ændringen.",
                        "%d personer har fået besked om ændringen.",
                        told,
                    )
                    % told,
                    messages.SUCCESS,
                )
        # More places than before: the waiting list moves up at once.
        services.fill_free_places(obj)

    @admin.action(
        description=_("Aflys arrangementet (tilmeldte og venteliste får besked)"),
        permissions=["change"],
    )
    def cancel_events(self, request, queryset):
        """Asks first: cancelling mails everyone signed up and cannot be undone."""
        if request.POST.get("confirmed") != "yes":
            return TemplateResponse(
                request,
                "admin/events/event/cancel_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Aflys arrangementer"),
                    "events": queryset.annotate(
                        told=Count(
                            "registrations",
                            filter=Q(registrations__status__in=services.TOLD_OF_CHANGES),
                        )
                    ),
                    "opts": self.model._meta,
                    "action_name": "cancel_events",
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        cancelled = 0
        for event in queryset:
            try:
                services.cancel_event(event, by=request.user)
            except TransitionNotAllowed as error:
                self.message_user(request, f"{event}: {error}", messages.WARNING)
            else:
                cancelled += 1
        transaction.on_commit(search_content_changed)
        self.message_user(
            request,
            ngettext("%d arrangement aflyst.", "%d arrangementer aflyst.", cancelled) % cancelled,
            messages.SUCCESS,
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(search_content_changed)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        transaction.on_commit(search_content_changed)

    @admin.action(description=_("Hent deltagerliste (CSV)"), permissions=["view"])
    def export_participants(self, request, queryset):
        registrations = _participants(Registration.objects.filter(event__in=queryset))
        return participants_csv(registrations, "deltagere.csv")


class RegistrationChangeInline(RecordInline):
    model = RegistrationChange
    fields = ["changed_at", "changed_by", "from_status", "to_status", "note"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    # Name and address share a cell, the waiting-list number joins the status: the list fits
    # 1280 px (tests/test_browser_admin_lists.py).
    list_display = ["person", "event_title", "status_in_queue", "attended", "signed_up_on"]
    list_filter = ["status", "attended", "event"]
    search_fields = ["name", "email", "organisation", "event__title"]
    list_select_related = ["event", "municipality"]
    fields = [
        "event",
        "name",
        "email",
        "organisation",
        "municipality",
        "needs",
        "status",
        "position",
        "attended",
        "reminder_sent_at",
        "erased_at",
        "created_at",
    ]
    readonly_fields = [
        "event",
        "status",
        "position",
        "attended",
        "reminder_sent_at",
        "erased_at",
        "created_at",
    ]
    inlines = [RegistrationChangeInline]
    actions = ["mark_attended", "mark_not_attended", "cancel_registrations", "export_participants"]

    def has_add_permission(self, request):
        return False  # people sign up on the site; the waiting list depends on it

    @admin.display(description=_("deltager"), ordering="name")
    def person(self, registration):
        return with_detail(registration.name, registration.email)

    @admin.display(description=_("arrangement"), ordering="event__starts_at")
    def event_title(self, registration):
        """The title as text: a foreign key column never wraps (Django marks it nowrap)."""
        return registration.event.title

    @admin.display(description=_("status"), ordering="status")
    def status_in_queue(self, registration):
        if registration.status == RegistrationStatus.WAITING and registration.position:
            return _("%(status)s (nr. %(position)s)") % {
                "status": registration.get_status_display(),
                "position": registration.position,
            }
        return registration.get_status_display()

    @admin.display(description=_("tilmeldt"), ordering="created_at")
    def signed_up_on(self, registration):
        return short_date(registration.created_at)

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead, so the waiting list moves up and the history stays

    @admin.action(description=_("Markér som deltaget"), permissions=["change"])
    def mark_attended(self, request, queryset):
        changed = services.mark_attendance(queryset, attended=True, by=request.user)
        self.message_user(request, ngettext("%d markeret.", "%d markeret.", changed) % changed)

    @admin.action(description=_("Markér som ikke deltaget"), permissions=["change"])
    def mark_not_attended(self, request, queryset):
        changed = services.mark_attendance(queryset, attended=False, by=request.user)
        self.message_user(request, ngettext("%d markeret.", "%d markeret.", changed) % changed)

    @admin.action(description=_("Afmeld (ventelisten rykker op)"), permissions=["change"])
    def cancel_registrations(self, request, queryset):
        cancelled, started = 0, 0
        for registration in queryset.exclude(status=RegistrationStatus.CANCELLED):
            try:
                services.cancel(registration, by=request.user)
            except TransitionNotAllowed:
                started += 1
            else:
                cancelled += 1
        self.message_user(
            request,
            ngettext("%d tilmelding afmeldt.", "%d tilmeldinger afmeldt.", cancelled) % cancelled,
            messages.SUCCESS,
        )
        if started:
            self.message_user(
                request,
                ngettext(
                    "%d tilmelding blev ikke afmeldt, fordi arrangementet er begyndt.",
                    "%d tilmeldinger blev ikke afmeldt, fordi arrangementet er begyndt.",
                    started,
                )
                % started,
                messages.WARNING,
            )

    @admin.action(description=_("Hent deltagerliste (CSV)"), permissions=["view"])
    def export_participants(self, request, queryset):
        return participants_csv(_participants(queryset), "deltagere.csv")
