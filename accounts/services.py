"""State changes for user accounts."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User


def ensure_verified_user(
    email: str,
    password: str,
    *,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    groups: list[str] = (),
) -> User:
    """Create or update a user whose e-mail address counts as verified (demo and test data)."""
    user, _created = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    return user
