"""Staff see how many subscribe, and to what; addresses one at a time (to help someone or erase
them on request), with no export and no bulk action."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RecordInline
from newsletter import selectors
from newsletter.models import Subscription, SubscriptionChange


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("Aktiv")), ("pending", _("Afventer bekræftelse"))]

    def queryset(self, request, queryset):
        if self.value() in ("active", "pending"):
            return queryset.filter(confirmed_at__isnull=self.value() == "pending")
        return queryset


class SubscriptionChangeInline(RecordInline):
    model = SubscriptionChange
    fields = ["changed_at", "changed_by", "from_status", "to_status", "note"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    change_list_template = "admin/newsletter/subscription/change_list.html"
    list_display = ["email", "status_label", "language", "news", "events", "confirmed_at"]
    list_filter = [ConfirmedFilter, "news", "events", "language", "themes", "audiences"]
    search_fields = ["email"]
    fields = [
        "email",
        "user",
        "language",
        "news",
        "events",
        "themes",
        "audiences",
        "requested_at",
        "confirmed_at",
        "covered_until",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [SubscriptionChangeInline]
    actions = None  # no bulk export or bulk change of people's subscriptions

    @admin.display(description=_("status"), ordering="confirmed_at")
    def status_label(self, subscription):
        return subscription.get_status_display()

    def has_add_permission(self, request):
        return False  # people subscribe themselves: double opt-in

    def has_change_permission(self, request, obj=None):
        return False  # only the subscriber changes their choices

    def changelist_view(self, request, extra_context=None):
        counts = selectors.subscriber_counts() if self.has_view_permission(request) else None
        return super().changelist_view(request, {**(extra_context or {}), "counts": counts})
