"""Protection of public forms without third-party services: rate limits and a honeypot field.

Rate limits count in the shared cache per client and scope in fixed windows. The client is keyed
by a hash of its address, so no address is stored in clear.
"""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


def client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def rate_limited(request, scope: str, *, limit: int, period: int) -> bool:
    """Count an attempt by this client in ``scope``; True past ``limit`` per ``period`` seconds."""
    key = f"ratelimit:{scope}:{client_key(request)}"
    cache.add(key, 0, timeout=period)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        attempts = 1
    return attempts > limit


class HoneypotField(forms.CharField):
    """A field people never see or fill in; bots that fill every field reveal themselves."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Lad dette felt være tomt"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value:
            raise forms.ValidationError(_("Formularen kunne ikke sendes. Prøv igen."))
        return value
