"""A form field that catches bots without a third-party service (see ``core.rate_limits`` for
the other half of protecting public forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
