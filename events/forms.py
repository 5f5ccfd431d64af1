import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotField
from events.models import Registration
from geography.models import Municipality
from portal.forms import AudienceFilterField, ThemeFilterField

MONTHS_AHEAD = 18


def month_choices(today=None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    choices = [("", _("Alle måneder"))]
    year, month = today.year, today.month
    for _step in range(MONTHS_AHEAD):
        first = dt.date(year, month, 1)
        choices.append((first.strftime("%Y-%m"), date_format(first, "F Y")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


class EventFilterForm(forms.Form):
    """The filters of the upcoming list; GET parameters, so a filtered list can be shared."""

    tema = ThemeFilterField()
    maalgruppe = AudienceFilterField()
    maaned = forms.ChoiceField(choices=(), required=False, label=_("Måned"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maaned"].choices = month_choices()

    def clean_maaned(self):
        value = self.cleaned_data["maaned"]
        return dt.date.fromisoformat(f"{value}-01") if value else None

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "theme": data.get("tema"),
            "audience": data.get("maalgruppe"),
            "month": data.get("maaned"),
        }


class RegistrationForm(forms.ModelForm):
    website = HoneypotField()

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "municipality", "needs"]
        labels = {
            "name": _("Dit navn"),
            "email": _("Din e-mailadresse"),
            "organisation": _("Virksomhed eller organisation"),
            "municipality": _("Kommune"),
            "needs": _("Hensyn til kost eller tilgængelighed"),
        }
        help_texts = {
            "email": _(
                "Vi sender dig et link. Åbn det for at bekræfte din tilmelding; via linket kan "
                "du også afmelde dig."
            ),
            "needs": _(
                "Fx vegetarisk kost, allergi, tolk eller kørestol. Vi spørger, så vi kan tage "
                "hensyn til dig. Kun arrangørerne ser det, og vi sletter det, når arrangementet "
                "er slut."
            ),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.all()
        self.fields["municipality"].empty_label = _("Vælg kommune")

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ResendLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Den e-mailadresse, du tilmeldte dig med"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = HoneypotField()
