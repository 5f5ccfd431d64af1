from django import forms
from django.utils.translation import gettext_lazy as _


class EraseAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Din adgangskode"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Skriv din adgangskode for at bekræfte, at du vil slette din konto."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Adgangskoden er forkert."))
        return password
