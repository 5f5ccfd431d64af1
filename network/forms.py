from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotField
from geography.models import Region
from network.models import Profile
from portal.forms import ThemeFilterField


class ProfileFilterForm(forms.Form):
    """Search and filters of the directory; GET parameters, so a search can be shared."""

    q = forms.CharField(required=False, max_length=200, label=_("Søg"))
    type = forms.ChoiceField(
        choices=[("", _("Alle typer")), *Profile.Kind.choices], required=False, label=_("Type")
    )
    region = forms.ModelChoiceField(
        Region.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Region"),
        empty_label=_("Alle regioner"),
    )
    tema = ThemeFilterField()

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "kind": data.get("type") or "",
            "region": data.get("region"),
            "theme": data.get("tema"),
        }


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["kind", "name", "about", "offers", "seeks", "region", "themes", "website"]
        labels = {
            "kind": _("Hvad er I?"),
            "name": _("Navn på virksomhed, kommune eller organisation"),
            "about": _("Hvem er I?"),
            "offers": _("Hvad tilbyder I?"),
            "seeks": _("Hvad søger I?"),
            "region": _("Region"),
            "themes": _("Temaer"),
            "website": _("Hjemmeside"),
        }
        help_texts = {
            "offers": _("Fx jobtræningspladser, varer og tjenester eller erfaring med udbud."),
            "seeks": _("Fx leverandører under sociale klausuler, samarbejdspartnere eller kunder."),
            "website": _("Begynd med https://"),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "about": forms.Textarea(attrs={"rows": 4}),
            "offers": forms.Textarea(attrs={"rows": 4}),
            "seeks": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "themes"}


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Dit navn"), max_length=200)
    email = forms.EmailField(
        label=_("Din e-mailadresse"),
        required=False,
        help_text=_("Kun nødvendig, hvis modtageren skal kunne svare dig på e-mail."),
    )
    message = forms.CharField(
        label=_("Besked"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    share_email = forms.BooleanField(
        label=_("Modtageren må se min e-mailadresse og svare mig"), required=False
    )
    website = HoneypotField()

    def clean(self):
        data = super().clean()
        if data.get("share_email") and not data.get("email"):
            self.add_error(
                "email", _("Skriv din e-mailadresse, hvis modtageren skal kunne svare dig.")
            )
        return data
