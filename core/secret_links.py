"""Secret links: a page reached without signing in, by a random token in a mailed address.

Only the SHA-256 digest of each token is stored, so a copy of the database (a backup, a leaked
dump) opens no one's page; the token itself exists only in the mail and the address. A token has
256 random bits, so a plain hash is enough: there is nothing to guess.

A model that hands out such links declares ``link_hashes = secret_links.hashes_field()``. Every
mail that carries a link issues a new token (``issue``); earlier links keep working. ``matching``
finds the row a token opens; when a link stops working (the row's ``link_expired()``) is the
owning app's rule, ``opened_by_link`` hands a view the row or says why the link no longer
works, and ``expired_page`` is that page.
"""

import hashlib
import secrets
from functools import wraps

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Func, Value
from django.http import Http404, HttpResponse
from django.shortcuts import render

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def hashes_field() -> ArrayField:
    return ArrayField(models.CharField(max_length=64), default=list, blank=True, editable=False)


def issue(instance: models.Model, field: str = "link_hashes") -> str:
    """A new token opening ``instance``; its digest is appended to the row in one statement."""
    token = new_token()
    hashed = digest(token)
    type(instance)._default_manager.filter(pk=instance.pk).update(
        **{
            field: Func(
                F(field),
                Value(hashed),
                function="array_append",
                output_field=instance._meta.get_field(field),
            )
        }
    )
    setattr(instance, field, [*getattr(instance, field), hashed])
    return token


def matching(queryset: models.QuerySet, token: str, field: str = "link_hashes"):
    """The rows of ``queryset`` that ``token`` opens (a GIN index on ``field`` serves this)."""
    return queryset.filter(**{f"{field}__contains": [digest(token)]})


def expired_page(
    request, *, reason: str, advice: str, action: tuple[str, str], status: int = 410
) -> HttpResponse:
    """The answer to a link that no longer works (410 Gone; 404 when what it opened has been
    deleted): why, and what the person can do now."""
    url, label = action
    return render(
        request,
        "secret_link_expired.html",
        {"reason": reason, "advice": advice, "action_url": url, "action_label": label},
        status=status,
    )


def opened_by_link(find, not_working, *, unknown_is_404: bool = False):
    """A view decorator: the view gets ``find(token)``'s row as its second argument.

    ``not_working(request, status=...)`` answers a link that opens nothing (404) or whose row's
    ``link_expired()`` (410); with ``unknown_is_404`` a link that opens nothing is the plain
    "page not found".
    """

    def decorate(view):
        @wraps(view)
        def open_row(request, token, **kwargs):
            found = find(token)
            if found is None:
                if unknown_is_404:
                    raise Http404
                return not_working(request, status=404)
            if found.link_expired():
                return not_working(request, status=410)
            return view(request, found, token=token, **kwargs)

        return open_row

    return decorate
