"""Reads about accounts."""

from allauth.account.models import EmailAddress
from django.db.models.functions import Lower


def verified_addresses(user):
    """The user's verified e-mail addresses, lower-cased (a query, usable in ``__in``).

    Only a verified address proves that data sent under it is the user's: an unverified one may
    be anybody's, so nothing is looked up, exported or erased by it.
    """
    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )


def has_verified_email(user, email: str) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    )
