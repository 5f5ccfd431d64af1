from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.admin import short_date, with_detail


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    # The name under the address, a short date: the list fits 1280 px
    # (tests/test_browser_admin_lists.py).
    list_display = ["email_and_name", "is_staff", "is_active", "last_seen"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Navn"), {"fields": ["first_name", "last_name"]}),
        (_("Adgang"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Datoer"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    @admin.display(description=_("e-mailadresse og navn"), ordering="email")
    def email_and_name(self, user):
        return with_detail(user.email, user.get_full_name()) if user.get_full_name() else user.email

    @admin.display(description=_("sidst logget ind"), ordering="last_login")
    def last_seen(self, user):
        return short_date(user.last_login)
