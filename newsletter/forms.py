from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotField
from portal.models import Audience, Theme

TOPICS = [("news", _("Nyheder og nye artikler")), ("events", _("Nye arrangementer"))]


class ChoicesForm(forms.Form):
    """What a subscriber hears about: news, events, and articles and events on chosen themes
    or for chosen audiences."""

    topics = forms.MultipleChoiceField(
        choices=TOPICS,
        required=False,
        label=_("Det vil du have besked om"),
        widget=forms.CheckboxSelectMultiple,
    )
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

    @classmethod
    def initial_for(cls, subscription) -> dict:
        return {
            "topics": [name for name, _label in TOPICS if getattr(subscription, name)],
            "themes": list(subscription.themes.all()),
            "audiences": list(subscription.audiences.all()),
        }

    def clean(self):
        data = super().clean()
        if not (data.get("topics") or data.get("themes") or data.get("audiences")):
            self.add_error("topics", _("Vælg mindst én ting, du vil have besked om."))
        return data

    def choices(self) -> dict:
        topics = self.cleaned_data["topics"]
        return {
            "news": "news" in topics,
            "events": "events" in topics,
            "themes": self.cleaned_data["themes"],
            "audiences": self.cleaned_data["audiences"],
        }


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(
        label=_("Din e-mailadresse"),
        help_text=_("Vi sender dig et link. Du får først mails, når du har åbnet det."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = HoneypotField()

    field_order = ["email", "topics", "themes", "audiences", "website"]
