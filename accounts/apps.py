from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Brugere")

    def ready(self) -> None:
        from accounts.roles import sync_role_permissions
        from accounts.staff import record_sign_in

        # Every app's post_migrate: a role may hold permissions of apps migrated after this one.
        post_migrate.connect(sync_role_permissions)
        user_logged_in.connect(record_sign_in)
