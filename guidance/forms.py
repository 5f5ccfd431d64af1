import hashlib
import re
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.collation import DanishSortKey
from core.honeypot import HoneypotField
from core.uploads import DOCX, JPEG, PDF, PNG, validate_upload
from geography.models import Municipality
from guidance.models import Enquiry, Partner, PreferredContact, RequesterType, Topic
from portal.admin import ARTICLE_LANGUAGE_PARAM
from portal.models import Article

ATTACHMENT_KINDS = (PDF, DOCX, PNG, JPEG)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
PHONE = re.compile(r"^\+?[0-9 ]{8,15}$")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


def _attachments_help_text() -> str:
    return _("Højst %(count)s filer i PDF, Word (docx), PNG eller JPEG på højst 10 MB hver.") % {
        "count": MAX_ATTACHMENTS
    }


class AttachmentsField(forms.FileField):
    """Up to five files, each checked by content and size."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Bilag"))
        # Lazy: the fields are made at import, and the text is said in the page's language.
        kwargs.setdefault("help_text", lazy(_attachments_help_text, str)())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        """The chosen files; each is checked by the form, which keeps the ones that pass."""
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Du kan højst vedhæfte %(count)s filer.") % {"count": MAX_ATTACHMENTS}
            )
        return files


def content_digest(file) -> str:
    """SHA-256 of an uploaded file's content (left rewound) or of a stored one."""
    digest = hashlib.sha256()
    if isinstance(file, FieldFile):
        with file.open("rb"):
            for chunk in file.chunks():
                digest.update(chunk)
    else:
        for chunk in file.chunks():
            digest.update(chunk)
        file.seek(0)
    return digest.hexdigest()


class HeldAttachmentsMixin:
    """New attachments plus those held from an earlier attempt at the same form.

    Browsers cannot refill a file input after a page with errors. So the view holds the files
    that passed the checks (``services.hold_uploads``) and the form lists them as ticked boxes
    under "Vedhæftede filer": sending again attaches them, unticking one drops it. Only the files
    held for this session and form are offered, so another session's token is an invalid choice.
    """

    def __init__(self, *args, held=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_uploads = []
        self.held = {}
        self.replaced = set()  # tokens of held files that a new file of the same name replaces
        self.offer_held(held, tick=())

    def offer_held(self, held, *, tick) -> None:
        """Offer ``held`` files; ``tick`` are tokens to show ticked on a form shown again."""
        self.held = {upload.token: upload for upload in held}
        if not self.held:
            self.fields.pop("kept", None)
            return
        self.fields["kept"] = forms.MultipleChoiceField(
            label=_("Vedhæftede filer"),
            help_text=_("Filerne bliver sendt med. Fjern fluebenet ved en fil, du ikke vil sende."),
            choices=[
                (token, f"{upload.original_name} ({filesizeformat(upload.size)})")
                for token, upload in self.held.items()
            ],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["attachments"].label = _("Vedhæft flere filer")
        order = [name for name in self.fields if name != "kept"]
        order.insert(order.index("attachments"), "kept")
        self.order_fields(order)
        if tick and self.is_bound:
            self.data = self.data.copy()
            self.data.setlist(self.add_prefix("kept"), list(tick))

    def clean_attachments(self):
        accepted, errors = [], []
        for upload in self.cleaned_data["attachments"]:
            try:
                validate_upload(upload, ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES)
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
            else:
                accepted.append(upload)
        accepted = self.without_repeats(accepted)
        self.accepted_uploads = accepted
        if errors:
            raise ValidationError(errors)
        return accepted

    def clean(self):
        cleaned = super().clean()
        count = len(self.kept_uploads()) + len(cleaned.get("attachments") or [])
        if count > MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                _("Du kan højst vedhæfte %(count)s filer.") % {"count": MAX_ATTACHMENTS},
            )
        return cleaned

    def without_repeats(self, uploads: list) -> list:
        """One attachment per file: a file picked again after an error while it is still held
        and ticked is sent once (same content, whatever its name); a new file with a held
        file's name replaces the held one (a corrected version)."""
        kept = self.kept_uploads()
        fresh = []
        for upload in uploads:
            if any(
                held.size == upload.size and content_digest(held.file) == content_digest(upload)
                for held in kept
            ):
                continue
            self.replaced.update(
                held.token for held in kept if held.original_name == upload.name[:200]
            )
            fresh.append(upload)
        return fresh

    def kept_uploads(self) -> list:
        """Held files the user left ticked (valid tokens only)."""
        tokens = self.data.getlist(self.add_prefix("kept")) if self.is_bound else []
        return [
            self.held[token]
            for token in tokens
            if token in self.held and token not in self.replaced
        ]

    def dropped_uploads(self) -> list:
        kept = {upload.token for upload in self.kept_uploads()}
        return [upload for token, upload in self.held.items() if token not in kept]

    def all_attachments(self) -> list:
        """What to attach once the form is valid: the ticked held files and the new ones."""
        return [*self.kept_uploads(), *self.cleaned_data["attachments"]]


class EnquiryForm(HeldAttachmentsMixin, forms.ModelForm):
    requester_type = forms.ChoiceField(
        label=_("Hvem spørger du på vegne af?"),
        choices=RequesterType.choices,
        widget=forms.RadioSelect,
    )
    municipality = forms.ModelChoiceField(
        label=_("Hvilken kommune hører du til?"),
        queryset=Municipality.objects.order_by("sort_key"),
        empty_label=_("Vælg kommune"),
        help_text=_("Den kommune, du eller din organisation holder til i."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Hvad handler dit spørgsmål om?"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg et eller flere emner."),
    )
    preferred_contact = forms.ChoiceField(
        label=_("Hvordan vil du helst kontaktes?"),
        choices=PreferredContact.choices,
        initial=PreferredContact.EMAIL,
        widget=forms.RadioSelect,
    )
    attachments = AttachmentsField()
    consent = forms.BooleanField(
        label=_(
            "Jeg giver samtykke til, at Vækstcentret behandler mine oplysninger for at kunne "
            "besvare henvendelsen."
        ),
        error_messages={"required": _("Du skal give samtykke, før vi kan behandle henvendelsen.")},
    )
    website = HoneypotField()

    class Meta:
        model = Enquiry
        fields = [
            "requester_type",
            "name",
            "organisation",
            "municipality",
            "email",
            "preferred_contact",
            "phone",
            "topics",
            "question",
            "consent",
        ]
        labels = {
            "name": _("Dit navn"),
            "organisation": _("Organisation eller virksomhed"),
            "email": _("E-mailadresse"),
            "phone": _("Telefonnummer"),
            "question": _("Dit spørgsmål"),
        }
        help_texts = {
            "email": _("Vi sender svaret og et sikkert link til sagen hertil."),
            "question": _("Beskriv så konkret som muligt, hvad du gerne vil have hjælp til."),
        }
        widgets = {"question": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([*self.Meta.fields[:-1], "kept", "attachments", "consent", "website"])
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        # Optional unless the requester wants a call: the label says so instead of "frivilligt".
        self.fields["phone"].optional_note = _("skal udfyldes, hvis vi skal ringe til dig")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Skriv et telefonnummer med 8 cifre, fx 33 12 34 56."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_contact") == PreferredContact.PHONE and not cleaned.get("phone"):
            self.add_error("phone", _("Skriv dit telefonnummer, hvis vi skal ringe til dig."))
        return cleaned

    def request_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def draft(self) -> dict:
        """The values as posted, kept in the session until the user has checked them."""
        return {
            self.add_prefix(name): self.data.getlist(self.add_prefix(name))
            for name in self.Meta.fields
        }

    def summary(self) -> list[tuple[str, str, str]]:
        """(label, value as the user chose it, field id) for the "Tjek dine oplysninger" page."""
        rows = []
        for name in self.Meta.fields:
            if name == "consent":
                continue
            value = self.cleaned_data[name]
            field = self.fields[name]
            if name == "topics":
                value = ", ".join(str(dict(Topic.choices)[topic]) for topic in value)
            elif isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                value = dict(field.choices).get(value, value)
            rows.append((self[name].label, str(value) if value else "", self[name].auto_id))
        return rows


class ReplyForm(HeldAttachmentsMixin, forms.Form):
    body = forms.CharField(label=_("Din besked"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = AttachmentsField()
    website = HoneypotField()


class SatisfactionForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Hvor tilfreds er du med rådgivningen? (1 = meget utilfreds, 5 = meget tilfreds)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


# --- Admin forms --------------------------------------------------------------------------------


class ArticlePicker(AutocompleteSelectMultiple):
    """The admin's own autocomplete over the knowledge articles, offering only the published
    ones in ``language`` (``portal.admin.ArticleAdmin.get_search_results`` reads the parameter).

    The autocomplete needs a relation to articles to name its source: Article.related serves."""

    def __init__(self, language: str):
        super().__init__(Article._meta.get_field("related"), admin.site)
        self.language = language

    def get_url(self):
        return f"{super().get_url()}?{urlencode({ARTICLE_LANGUAGE_PARAM: self.language})}"

    @property
    def media(self):
        # Named with autocomplete.js, so the merged media put this script after it.
        return super().media + forms.Media(
            js=["admin/js/autocomplete.js", "guidance/article_picker.js"]
        )


class AdviserReplyForm(HeldAttachmentsMixin, forms.Form):
    body = forms.CharField(
        label=_("Svar til spørgeren"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_("Adresser i teksten bliver til links."),
    )
    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.none(),
        required=False,
        label=_("Link til artikler på vidensportalen"),
        help_text=_(
            "Skriv en del af titlen og vælg artiklen. De valgte artikler føjes til svaret som "
            "links med titel."
        ),
    )
    awaiting_requester = forms.BooleanField(
        label=_("Jeg stiller et opfølgende spørgsmål og afventer svar"), required=False
    )
    attachments = AttachmentsField()

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        articles = self.fields["articles"]
        articles.queryset = (
            Article.objects.published()
            .filter(language=language)
            .select_related("translation")
            .order_by(DanishSortKey("title"), "pk")
        )
        articles.widget = ArticlePicker(language)
        articles.widget.choices = articles.choices


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Intern note (ses aldrig af spørgeren)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )


class ReferralForm(forms.Form):
    partner = forms.ChoiceField(label=_("Henvis til"), choices=Partner.choices)
    partner_name = forms.CharField(label=_("Navn på samarbejdspartner"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80})
    )


class AssignForm(forms.Form):
    adviser = forms.ModelChoiceField(label=_("Rådgiver"), queryset=None)

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("Spørgerens e-mailadresse"))


class StatisticsPeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Fra og med"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Til og med"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
        if start and end and (end - start).days > 366 * 5:
            self.add_error("start", _("Vælg en periode på højst fem år."))
        return cleaned
