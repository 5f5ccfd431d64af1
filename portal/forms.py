"""Form fields for the shared taxonomy, used by every list that filters by theme or audience."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Audience, Theme


class ThemeFilterField(forms.ModelChoiceField):
    """An optional theme filter that reads and writes the theme's slug in the address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tema"))
        kwargs.setdefault("empty_label", _("Alle temaer"))
        super().__init__(Theme.objects.all(), to_field_name="slug", required=False, **kwargs)


class AudienceFilterField(forms.ModelChoiceField):
    """An optional audience filter that reads and writes the audience's slug in the address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Målgruppe"))
        kwargs.setdefault("empty_label", _("Alle målgrupper"))
        super().__init__(Audience.objects.all(), to_field_name="slug", required=False, **kwargs)
