"""Admin building blocks shared by the apps' back offices."""

from django.contrib import admin


class RecordInline(admin.TabularInline):
    """Rows the services record (history, registrations, documents): staff see them in place,
    but never add, edit or delete them here."""

    extra = 0
    can_delete = False

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
