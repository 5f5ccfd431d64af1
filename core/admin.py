"""Admin building blocks shared by the apps' back offices."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import mail
from core.models import Mail


def staff_name(user):
    """A staff member in a narrow list column: the first name, the full name on hover; None
    (the admin's empty-value mark) for nobody."""
    if user is None:
        return None
    short = user.get_short_name() or user.email.split("@")[0]
    return format_html('<span title="{}">{}</span>', str(user), short)


def with_detail(text, detail):
    """A list cell with a secondary second line (who asked, from where), so a narrow list needs
    one column where it would need two."""
    return format_html('{}<span class="admin-cell-detail">{}</span>', text, detail)


def short_date(value):
    """A list column's date, local and short ("27. nov. 2026")."""
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else None


def user_as_text(field: str, description):
    """A read-only user shown by name. Django links a read-only user to the user admin, which
    case handlers and advisers may not open: the link led to "Forbudt"."""

    @admin.display(description=description)
    def display(self, obj):
        # The empty-value mark by hand: a read-only field would print None as "None".
        return getattr(obj, field) or self.get_empty_value_display()

    return display


def grouped_number(model, field: str):
    """A read-only amount with the language's thousands separator ("31.341.000"). The admin
    prints model numbers bare, and grouping numbers site-wide would group the years too."""

    @admin.display(description=model._meta.get_field(field).verbose_name)
    def display(self, obj):
        value = getattr(obj, field)
        if value is None:
            return self.get_empty_value_display()
        return number_format(value, force_grouping=True)

    return display


class RecordInline(admin.TabularInline):
    """Rows the services record (history, registrations, documents): staff see them in place,
    but never add, edit or delete them here."""

    extra = 0
    can_delete = False
    template = "admin/edit_inline/records.html"  # "Ingen endnu." instead of an empty table

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class RecordAdmin(admin.ModelAdmin):
    """Rows staff read but nobody alters here: logs the services write (revisions, data
    requests) and reference data that ships with the code (municipalities)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RelatedFilter(admin.RelatedFieldListFilter):
    """A filter on a relation whose "none" choice says so in words. Django labels it with the
    lists' empty-value mark, a bare "-" nobody can read out; admins that set their own mark
    (the case queue's "ingen") keep it."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        if self.empty_value_display == admin.AdminSite.empty_value_display:
            self.empty_value_display = _("Ingen") if field.many_to_many else _("Ikke angivet")


# Every relation in a list_filter, ahead of Django's own (a filter class named there still wins).
admin.FieldListFilter.register(lambda field: field.remote_field, RelatedFilter, take_priority=True)


MAIL_STATUSES = {
    "READY": _("I kø"),
    "RUNNING": _("Sendes"),
    "SUCCESSFUL": _("Sendt"),
    "FAILED": _("Fejlet"),
}


class MailStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(MAIL_STATUSES.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() in MAIL_STATUSES else queryset


@admin.register(Mail)
class MailAdmin(RecordAdmin):
    """Every queued e-mail and how it went; a failed one can be sent again."""

    list_display = ["enqueued_at", "status_label", "recipients", "subject", "failure"]
    list_filter = [MailStatusFilter]
    ordering = ["-enqueued_at"]
    fields = ["enqueued_at", "finished_at", "status_label", "recipients", "subject", "failure"]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=_("Status"), ordering="status")
    def status_label(self, obj):
        return MAIL_STATUSES.get(obj.status, obj.status)

    @admin.display(description=_("Modtagere"))
    def recipients(self, obj):
        return ", ".join(obj.message["to"] + obj.message["cc"] + obj.message["bcc"])

    @admin.display(description=_("Emne"))
    def subject(self, obj):
        return obj.message["subject"]

    @admin.display(description=_("Fejl"))
    def failure(self, obj):
        return obj.failure

    @admin.action(description=_("Send de valgte mislykkede e-mails igen"), permissions=["view"])
    def send_again(self, request, queryset):
        failed = list(queryset.filter(status="FAILED"))
        count = mail.send_again(failed)
        for item in failed:
            self.log_change(request, item, "Sendt igen.")
        self.message_user(
            request, _("%(count)s e-mails er sat i kø igen.") % {"count": count}, messages.SUCCESS
        )
