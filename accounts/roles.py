"""The centre's staff roles and the permissions each one holds.

The groups are created by a migration; their permissions are synchronised after every migrate,
because the permissions of models added later only exist once their app has migrated. A group
holds exactly its role's permissions: what a role no longer has is removed.
"""

from django.utils.translation import gettext_lazy as _

EDITORS = "Redaktører"
CASE_HANDLERS = "Sagsbehandlere"
ADVISERS = "Rådgivere"

ROLE_DESCRIPTIONS = {
    EDITORS: _("Skriver og udgiver indhold på vidensportalen."),
    CASE_HANDLERS: _("Behandler ansøgninger om registrering og sociale regnskaber."),
    ADVISERS: _("Besvarer henvendelser om rådgivning."),
}

# Role -> app labels whose model permissions (add, change, delete, view) the role holds,
# plus single permissions by "app_label.codename".
ROLE_APPS = {
    EDITORS: ["portal", "events", "network"],
    CASE_HANDLERS: ["registry"],
    ADVISERS: ["guidance"],
}
ROLE_EXTRA_PERMISSIONS = {
    EDITORS: [],
    CASE_HANDLERS: ["geography.view_municipality", "geography.view_region"],
    # Advisers link to knowledge articles in their replies (the admin's article autocomplete).
    ADVISERS: ["geography.view_municipality", "geography.view_region", "portal.view_article"],
}


def sync_role_permissions(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for role, apps in ROLE_APPS.items():
        group, _created = Group.objects.get_or_create(name=role)
        query = Q(content_type__app_label__in=apps)
        for dotted in ROLE_EXTRA_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        # set(): a permission taken from a role in code is taken from its group too.
        group.permissions.set(Permission.objects.filter(query))
