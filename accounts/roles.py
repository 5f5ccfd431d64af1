"""The centre's staff roles, the permissions each one holds, and who has which role.

The groups are created by a migration; their permissions are synchronised after every migrate,
because the permissions of models added later only exist once their app has migrated. A group
holds exactly its role's permissions: what a role no longer has is removed.

Whether someone has a role is asked here, and only by permission (``is_case_handler``,
``is_adviser``, ``is_editor``, ``advisers``), never by group name: a superuser, or a user given
the permission on its own, counts as well, and a renamed group changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
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
    EDITORS: ["portal", "events", "network", "newsletter"],
    CASE_HANDLERS: ["registry"],
    ADVISERS: ["guidance"],
}
ROLE_EXTRA_PERMISSIONS = {
    EDITORS: [],
    CASE_HANDLERS: ["geography.view_municipality", "geography.view_region"],
    # Advisers link to knowledge articles in their replies (the admin's article autocomplete).
    ADVISERS: ["geography.view_municipality", "geography.view_region", "portal.view_article"],
}

# The permission that makes a staff user hold each role (one of the role's own permissions).
ROLE_PERMISSION = {
    EDITORS: "portal.change_article",
    CASE_HANDLERS: "registry.change_application",
    ADVISERS: "guidance.change_enquiry",
}


def has_role(user, role: str) -> bool:
    """An active staff user who holds the role's permission (superusers hold every one)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(ROLE_PERMISSION[role])
    )


def is_editor(user) -> bool:
    return has_role(user, EDITORS)


def is_case_handler(user) -> bool:
    return has_role(user, CASE_HANDLERS)


def is_adviser(user) -> bool:
    return has_role(user, ADVISERS)


def holders(role: str) -> QuerySet:
    """The users ``has_role`` says yes to, as a query: through a group, directly, or superuser."""
    app_label, codename = ROLE_PERMISSION[role].split(".")
    granted = Q(is_superuser=True)
    for path in ("groups__permissions", "user_permissions"):
        granted |= Q(
            **{f"{path}__content_type__app_label": app_label, f"{path}__codename": codename}
        )
    return get_user_model().objects.filter(granted, is_active=True, is_staff=True).distinct()


def advisers() -> QuerySet:
    return holders(ADVISERS)


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
