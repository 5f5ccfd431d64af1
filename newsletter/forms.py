from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotField
from portal.models import Audience, Theme


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Din e-mailadresse"),
        help_text=_("Vi sender dig et link. Du får først mails, når du har åbnet det."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    news = forms.BooleanField(required=False, label=_("Nyheder og nye artikler"))
    events = forms.BooleanField(required=False, label=_("Nye arrangementer"))
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(),
        required=False,
        label=_("Temaer, du vil følge"),
        help_text=_("Artikler og arrangementer om de temaer, du vælger."),
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.ModelMultipleChoiceField(
        Audience.objects.all(),
        required=False,
        label=_("Målgrupper, du vil følge"),
        widget=forms.CheckboxSelectMultiple,
    )
    website = HoneypotField()

    def clean(self):
        data = super().clean()
        if not (
            data.get("news") or data.get("events") or data.get("themes") or data.get("audiences")
        ):
            self.add_error("news", _("Vælg mindst én ting, du vil have besked om."))
        return data

    def choices(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("news", "events", "themes", "audiences")}
