"""Error messages that read as sentences, for the DKFDS error summary and beside each field."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

REQUIRED = forms.Field.default_error_messages["required"]


def _is_group(field) -> bool:
    """Radio buttons and checkbox lists: one id per option, none for the group."""
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def error_anchor(field) -> str:
    """The id a summary link jumps to: the field, or a group's first option."""
    return f"{field.auto_id}_0" if _is_group(field) else field.id_for_label


@register.filter
def error_sentences(field) -> list[str]:
    """The field's errors; Django's bare "Dette felt er påkrævet." says which answer is missing."""
    label = str(field.label).rstrip(" :")
    sentences = []
    for error in field.errors:
        if error != str(REQUIRED):
            sentences.append(error)
        elif _is_group(field) or isinstance(field.field.widget, forms.Select):
            sentences.append(_("Vælg et svar på „%(label)s“.") % {"label": label})
        elif isinstance(field.field.widget, forms.FileInput):
            sentences.append(_("Vælg en fil til „%(label)s“.") % {"label": label})
        elif isinstance(field.field.widget, forms.CheckboxInput):
            sentences.append(_("Sæt kryds ved „%(label)s“.") % {"label": label})
        else:
            sentences.append(_("Udfyld „%(label)s“.") % {"label": label})
    return sentences
