import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr

from core.uploads import PDF, validate_upload
from geography.models import Municipality, Region
from registry import cvr
from registry.dividends import max_return_percent
from registry.models import (
    CHANGE_FIELDS,
    ENTERPRISE_FIELDS,
    INELIGIBLE_LEGAL_FORMS,
    SOCIAL_ACCOUNT_FIGURES,
    STATED_FIELDS,
    Application,
    DocumentKind,
    Enterprise,
    LegalForm,
    PurposeField,
    SocialAccount,
)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
YES_NO = [(True, _("Ja")), (False, _("Nej"))]


class PdfField(forms.FileField):
    """A PDF of at most 10 MB, checked by its content (core.uploads)."""

    widget = forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_upload(upload, (PDF,), MAX_DOCUMENT_BYTES)
        return upload


# 1200000, 1.200.000 or 1 200 000: digits in groups of three after the first one to three.
DANISH_INTEGER = re.compile(r"-?(\d+|\d{1,3}([. \u00a0]\d{3})+)")


class DanishIntegerField(forms.IntegerField):
    """A whole number as Danes write it, with or without thousands separators ("1.200.000").

    A plain text box: a ``type=number`` box lets the browser rewrite or refuse the dots.
    """

    widget = forms.TextInput(attrs={"inputmode": "numeric"})
    default_error_messages = {
        "invalid": _("Skriv et helt tal, fx 1.200.000 eller 1200000."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if value and not DANISH_INTEGER.fullmatch(value):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = re.sub(r"[. \u00a0]", "", value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


def yes_no_field(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )


# What the enterprise states about itself (the applicant fills it in; staff see it read-only).
ENTERPRISE_DETAILS = ["cvr", *ENTERPRISE_FIELDS]


def clean_cvr_number(value: str) -> str:
    value = stdnum_cvr.compact(value or "")
    if not stdnum_cvr.is_valid(value):
        raise ValidationError(
            _("CVR-nummeret er ikke gyldigt. Det skal være 8 cifre med korrekt kontrolciffer.")
        )
    return value


class CvrForm(forms.Form):
    """The first question of an application: which company? The rest comes from CVR."""

    cvr = forms.CharField(
        label=_("CVR-nummer"),
        max_length=12,
        help_text=_(
            "8 cifre. Navn, adresse og virksomhedsform hentes fra CVR-registret. "
            "Virksomheden skal have sit eget CVR-nummer."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_cvr(self):
        value = clean_cvr_number(self.cleaned_data["cvr"])
        try:
            facts = cvr.lookup(value)
        except cvr.CvrUnavailable as error:
            raise ValidationError(
                _("CVR-registret svarer ikke lige nu. Prøv igen om lidt.")
            ) from error
        if facts is None:
            raise ValidationError(
                _(
                    "CVR-registret kender ikke nummeret %(cvr)s. Tjek, at det er virksomhedens "
                    "eget CVR-nummer."
                )
                % {"cvr": value}
            )
        if facts.legal_form in INELIGIBLE_LEGAL_FORMS:
            raise ValidationError(INELIGIBLE_LEGAL_FORMS[facts.legal_form][1])
        if facts.legal_form not in LegalForm.values:
            raise ValidationError(
                _("Virksomhedsformen %(form)s kan ikke registreres.")
                % {"form": facts.legal_form_text}
            )
        self.facts = facts
        return value


FINANCIAL_YEAR_HELP = {
    "financial_year_end_day": _("Fx 31 for 31. december, som er det mest almindelige."),
    "financial_year_end_month": _(
        "Det sociale regnskab og årsrapporten skal indsendes senest fem måneder efter, at "
        "regnskabsåret er slut."
    ),
}


class FinancialYearEndMixin:
    """The financial-year end may be left out: it is then 31 December, as for most."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FINANCIAL_YEAR_HELP:
            self.fields[name].required = False

    def clean_financial_year_end_day(self):
        return self.cleaned_data["financial_year_end_day"] or 31

    def clean_financial_year_end_month(self):
        return self.cleaned_data["financial_year_end_month"] or 12


class EnterpriseForm(FinancialYearEndMixin, forms.ModelForm):
    """What the applicant states about the enterprise beside the facts from CVR."""

    class Meta:
        model = Enterprise
        fields = [name for name in STATED_FIELDS if name not in ("purpose", "purpose_field")]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"employees": DanishIntegerField, "revenue": DanishIntegerField}
        help_texts = {
            "revenue": _("Hele kroner, fx 1.200.000. Skriv 0 for en ny virksomhed."),
            **FINANCIAL_YEAR_HELP,
        }

    def enterprise_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ClaimForm(forms.Form):
    """Proof, for a person who has not signed in with MitID Erhverv for the company."""

    statement = forms.CharField(
        label=_("Hvorfor må du handle for virksomheden?"),
        help_text=_(
            "Fx at du er direktør, bestyrelsesformand eller har fuldmagt. En sagsbehandler "
            "godkender det, før ansøgningen kan sendes."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    evidence = PdfField(label=_("Fuldmagt eller andet bevis (PDF, højst 10 MB)"), required=False)


class CriterionForm(forms.ModelForm):
    """Base of the five criterion steps: structured answers plus a free text."""

    class Meta:
        model = Application
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 5
                field.required = True


class PurposeForm(CriterionForm):
    """The purpose is asked once, here: the enterprise's own words and the criterion's answers."""

    enterprise_fields = ["purpose", "purpose_field"]
    field_order = ["purpose", "purpose_field", "purpose_in_articles", "purpose_text"]
    purpose = Enterprise._meta.get_field("purpose").formfield(widget=forms.Textarea)
    purpose_field = Enterprise._meta.get_field("purpose_field").formfield()
    purpose_in_articles = yes_no_field(
        _("Står det sociale formål i vedtægterne?"),
        _("Formålet skal fremgå af vedtægterne for at virksomheden kan registreres."),
    )

    class Meta(CriterionForm.Meta):
        fields = ["purpose_in_articles", "purpose_text"]


class TradeForm(CriterionForm):
    vat_registered = yes_no_field(_("Er virksomheden momsregistreret?"))

    class Meta(CriterionForm.Meta):
        fields = ["trade_income_share", "vat_registered", "trade_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade_income_share"].required = True
        self.fields["trade_income_share"].help_text = _(
            "Et skøn i hele procent. For en ny virksomhed: andelen i budgettet."
        )


class IndependenceForm(CriterionForm):
    public_board_majority = yes_no_field(
        _("Udpeger offentlige myndigheder flertallet af bestyrelsen?")
    )

    class Meta(CriterionForm.Meta):
        fields = ["public_ownership_share", "public_board_majority", "independence_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_ownership_share"].required = True
        self.fields["public_ownership_share"].help_text = _(
            "Stat, regioner, kommuner og selskaber, de ejer, tilsammen. Skriv 0, hvis ingen."
        )


class GovernanceForm(CriterionForm):
    involves_employees = yes_no_field(_("Inddrages medarbejderne i ledelsen?"))
    involves_stakeholders = yes_no_field(
        _("Inddrages kunder, samarbejdspartnere eller andre interessenter?")
    )

    class Meta(CriterionForm.Meta):
        fields = ["involves_employees", "involves_stakeholders", "governance_text"]


class ProfitForm(CriterionForm):
    profit_lock_in_articles = yes_no_field(
        _("Binder vedtægterne overskuddet til formålet, også ved opløsning?")
    )

    class Meta(CriterionForm.Meta):
        fields = ["profit_use", "profit_lock_in_articles", "profit_text"]
        widgets = {"profit_use": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profit_use"].required = True
        self.fields["profit_use"].choices = self.fields["profit_use"].choices[1:]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Dokumenttype"), choices=DocumentKind.choices)
    file = PdfField(label=_("Fil (PDF, højst 10 MB)"))


class NewEnterpriseForm(forms.Form):
    """A new enterprise has no annual report yet: it sends a budget instead."""

    new_enterprise = forms.BooleanField(
        label=_("Ny virksomhed: vi har endnu ingen årsrapport"),
        help_text=_(
            "Kun for en virksomhed stiftet i år eller sidste år. Upload så et budget med en "
            "beskrivelse af aktiviteterne og den andel af indtægterne, de giver, i stedet for "
            "årsrapporten."
        ),
        required=False,
    )


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "Jeg erklærer på tro og love, at oplysningerne er rigtige, og at virksomhedens "
            "bestyrelse står inde for dem."
        ),
        error_messages={"required": _("Du skal afgive erklæringen for at sende ansøgningen.")},
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Dit svar"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    file = PdfField(label=_("Nyt dokument (PDF, højst 10 MB)"), required=False)
    # What the document is, so the handler finds the budget under "Budget", not under "Andet".
    kind = forms.ChoiceField(
        label=_("Hvad er dokumentet?"),
        choices=[("", _("Vælg dokumenttype")), *DocumentKind.choices],
        required=False,
        help_text=_("Skal vælges, hvis du sender et dokument med."),
    )

    def clean(self):
        data = super().clean()
        if data.get("file") and not data.get("kind"):
            self.add_error("kind", _("Vælg, hvad dokumentet er, fx budget eller vedtægter."))
        return data

    def documents(self) -> list[tuple[str, object]]:
        """The (kind, file) pairs to attach to the case: none or one."""
        if not self.cleaned_data.get("file"):
            return []
        return [(self.cleaned_data["kind"], self.cleaned_data["file"])]


class WithdrawForm(forms.Form):
    """Why the applicant withdraws (optional) or the enterprise asks to be deregistered
    (required: the reason goes into the decision letter)."""

    reason = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args, deregistering=False, **kwargs):
        super().__init__(*args, **kwargs)
        if deregistering:
            reason = self.fields["reason"]
            reason.required = True
            reason.label = _("Hvorfor vil I afregistreres?")
            reason.error_messages["required"] = _(
                "Skriv, hvorfor virksomheden vil afregistreres. Begrundelsen kommer med i "
                "afgørelsen."
            )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail-adresse"),
        help_text=_("Personen skal logge ind med præcis denne adresse for at tage imod."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class RegisterFilterForm(forms.Form):
    """The public register's search and filters (GET, all optional)."""

    q = forms.CharField(label=_("Søg på navn, CVR-nummer eller formål"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.order_by("sort_key"),
        required=False,
        to_field_name="code",
        empty_label=_("Alle kommuner"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("sort_key"),
        required=False,
        to_field_name="code",
        empty_label=_("Alle regioner"),
    )
    field = forms.ChoiceField(
        label=_("Formålsområde"),
        choices=[("", _("Alle områder")), *PurposeField.choices],
        required=False,
    )
    form = forms.ChoiceField(
        label=_("Virksomhedsform"),
        choices=[("", _("Alle former")), *LegalForm.choices],
        required=False,
    )
    year = forms.TypedChoiceField(
        label=_("Registreringsår"), coerce=int, required=False, empty_value=None, choices=[]
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alle år"))] + [(y, str(y)) for y in years]


class SocialAccountForm(forms.ModelForm):
    annual_report = PdfField(
        label=_("Årsrapport for regnskabsåret (PDF, højst 10 MB)"),
        help_text=_("Mindst regnskabsklasse B."),
        error_messages={"required": _("Vedlæg årsrapporten for regnskabsåret som PDF.")},
    )

    class Meta:
        model = SocialAccount
        fields = [
            *SOCIAL_ACCOUNT_FIGURES,
            "management_pay",
            "related_party_agreements",
            "distributed_assets",
            "purpose_report",
            "independence_report",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in [
                "management_pay",
                "related_party_agreements",
                "distributed_assets",
                "purpose_report",
                "independence_report",
            ]
        }
        field_classes = dict.fromkeys(SOCIAL_ACCOUNT_FIGURES, DanishIntegerField)
        help_texts = {
            "employees": _("Alle ansatte ved regnskabsårets udgang, uanset timetal."),
            "target_group_employees": _(
                "Ansatte fra de grupper, virksomheden er til for, fx personer langt fra "
                "arbejdsmarkedet. Skriv 0, hvis ingen."
            ),
            "volunteers": _("Frivillige, der har hjulpet i regnskabsåret. Skriv 0, hvis ingen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SOCIAL_ACCOUNT_FIGURES:
            self.fields[name].required = True
        for name in ["management_pay", "purpose_report", "independence_report"]:
            self.fields[name].required = True
        if self.instance.annual_report_id:  # a returned account keeps the report sent before
            self.fields["annual_report"].required = False
            self.fields["annual_report"].help_text = _(
                "Vedlæg kun en ny, hvis den I sendte (%(name)s) skal erstattes."
            ) % {"name": self.instance.annual_report.original_name}
        self.fields["dividend_paid"].help_text = _(
            "Højst 35 %% af årets overskud efter skat, og afkastet på den indskudte kapital må "
            "højst være diskontoen plus 15 procentpoint (i år %(limit)s %%)."
        ) % {"limit": f"{max_return_percent():.1f}".replace(".", ",")}

    def clean(self):
        cleaned = super().clean()
        employees = cleaned.get("employees")
        from_target_group = cleaned.get("target_group_employees")
        if (
            employees is not None
            and from_target_group is not None
            and from_target_group > employees
        ):
            self.add_error(
                "target_group_employees",
                _("Der kan ikke være flere ansatte fra målgruppen end ansatte i alt (%(n)s).")
                % {"n": employees},
            )
        return cleaned


class ChangeForm(FinancialYearEndMixin, forms.ModelForm):
    """A registered enterprise reports a change of name, address or purpose."""

    class Meta:
        model = Enterprise
        fields = CHANGE_FIELDS
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        help_texts = FINANCIAL_YEAR_HELP


class NumbersFilterForm(forms.Form):
    """The year and region of /tal/ (GET, both optional; an unknown value is dropped)."""

    year = forms.TypedChoiceField(
        label=_("År"), coerce=int, required=False, empty_value=None, choices=[]
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[])

    def __init__(self, *args, years=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alle år"))] + [(y, str(y)) for y in years]
        self.fields["region"].choices = [("", _("Hele landet"))] + [
            (str(code), name) for code, name in regions
        ]

    def filters(self) -> tuple[int | None, str | None]:
        """The valid year and region code; an invalid one counts as not chosen."""
        if not self.is_bound:
            return None, None
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get("year") or None, cleaned.get("region") or None


class HearingAnswerForm(forms.Form):
    """The enterprise's answer to a hearing about deregistration."""

    text = forms.CharField(
        label=_("Jeres svar"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    file = PdfField(label=_("Dokumentation (PDF, højst 10 MB)"), required=False)
