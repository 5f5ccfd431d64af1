"""The public self-test: a few questions per criterion, answered on the spot and never stored."""

from dataclasses import dataclass, replace

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.selectors import article_urls_by_key
from registry.models import INELIGIBLE_LEGAL_FORMS, Criterion, LegalForm

MET, NOT_MET, UNCLEAR = "met", "not_met", "unclear"
UNKNOWN = "unknown"
RESULT_LABELS = {MET: _("Opfyldt"), NOT_MET: _("Ikke opfyldt"), UNCLEAR: _("Uafklaret")}


def radio(label, choices):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg et svar.")},
    )


YES_NO_UNKNOWN = [("yes", _("Ja")), ("no", _("Nej")), (UNKNOWN, _("Ved ikke"))]


class SelfTestForm(forms.Form):
    legal_form = forms.ChoiceField(
        label=_("Hvilken virksomhedsform har virksomheden?"),
        choices=[("", _("Vælg virksomhedsform"))]
        + list(LegalForm.choices)
        + [(code, label) for code, (label, _reason) in INELIGIBLE_LEGAL_FORMS.items()],
        error_messages={"required": _("Vælg virksomhedsformen.")},
    )
    purpose = radio(
        _("Er virksomhedens hovedformål at gavne samfundet, og står det i vedtægterne?"),
        [
            ("yes", _("Ja, og det står i vedtægterne")),
            ("not_in_articles", _("Ja, men det står ikke i vedtægterne")),
            ("no", _("Nej, hovedformålet er at tjene penge til ejerne")),
        ],
    )
    trade = radio(
        _("Hvor stor en del af indtægterne kommer fra salg af varer eller tjenester?"),
        [
            ("most", _("Mere end halvdelen")),
            ("some", _("En del, men under halvdelen")),
            ("little", _("Lidt eller intet: vi lever af tilskud og donationer")),
        ],
    )
    independence = radio(
        _("Har en kommune, region eller staten væsentlig indflydelse på ledelsen eller driften?"),
        YES_NO_UNKNOWN,
    )
    governance = radio(
        _("Inddrager ledelsen medarbejdere, kunder og andre interessenter?"),
        [
            ("yes", _("Ja, fast og på en måde vi kan beskrive")),
            ("sometimes", _("Af og til, men uden faste rammer")),
            ("no", _("Nej")),
        ],
    )
    profit = radio(
        _("Hvad sker der med overskuddet?"),
        [
            ("reinvest", _("Det geninvesteres eller gives til almennyttige formål")),
            ("limited", _("En begrænset del (højst 35 %) kan udbetales som udbytte")),
            ("free", _("Ejerne kan frit få det udbetalt")),
        ],
    )


@dataclass(frozen=True)
class Result:
    key: str
    title: str
    outcome: str
    reason: str
    guide_url: str = ""

    @property
    def label(self):
        return RESULT_LABELS[self.outcome]


def _legal_form(answer):
    if answer in INELIGIBLE_LEGAL_FORMS:
        return NOT_MET, INELIGIBLE_LEGAL_FORMS[answer][1]
    return MET, _("Virksomhedsformen kan registreres, når virksomheden har sit eget CVR-nummer.")


RULES = {
    "purpose": {
        "yes": (
            MET,
            _("Et samfundsgavnligt hovedformål, der står i vedtægterne, opfylder kravet."),
        ),
        "not_in_articles": (
            UNCLEAR,
            _("Formålet skal stå i vedtægterne. Ret vedtægterne, før I ansøger."),
        ),
        "no": (NOT_MET, _("Hovedformålet skal være socialt eller samfundsgavnligt.")),
    },
    "trade": {
        "most": (MET, _("Salg er en væsentlig del af indtægterne.")),
        "some": (
            UNCLEAR,
            _("Salget skal være væsentligt. Beskriv det nøje og vedlæg årsrapport eller budget."),
        ),
        "little": (
            NOT_MET,
            _("En virksomhed, der mest lever af tilskud, er ikke erhvervsdrivende."),
        ),
    },
    "independence": {
        "no": (MET, _("Virksomheden er uafhængig af det offentlige.")),
        "yes": (NOT_MET, _("Offentlige myndigheder må ikke have væsentlig indflydelse.")),
        UNKNOWN: (UNCLEAR, _("Undersøg, hvem der udpeger bestyrelsen, og hvem der ejer hvad.")),
    },
    "governance": {
        "yes": (MET, _("Fast inddragelse af interessenter opfylder kravet.")),
        "sometimes": (
            UNCLEAR,
            _(
                "Inddragelsen bør have faste rammer, fx en brugergruppe "
                "eller medarbejdere i bestyrelsen."
            ),
        ),
        "no": (NOT_MET, _("Ledelsen skal inddrage medarbejdere og andre interessenter.")),
    },
    "profit": {
        "reinvest": (MET, _("Overskuddet bruges til formålet.")),
        "limited": (
            MET,
            _("Et begrænset udbytte er tilladt: højst 35 % af årets overskud efter skat."),
        ),
        "free": (NOT_MET, _("Overskuddet skal bindes til formålet; frit udbytte er ikke tilladt.")),
    },
}


def evaluate(cleaned: dict) -> list[Result]:
    outcome, reason = _legal_form(cleaned["legal_form"])
    results = [Result("legal_form", _("Virksomhedsform"), outcome, reason)]
    for criterion in Criterion:
        outcome, reason = RULES[criterion.value][cleaned[criterion.value]]
        results.append(Result(criterion.value, criterion.label, outcome, reason))
    return results


# The portal's guide article for each criterion, by the article's stable key (portal.Article.key):
# editors may change its title and address without breaking the link.
GUIDE_KEYS = {criterion.value: f"kriterium-{criterion.value}" for criterion in Criterion}


def with_guides(results: list[Result]) -> list[Result]:
    """Each criterion's result with the address of its published guide article (if there is one)."""
    urls = article_urls_by_key(GUIDE_KEYS.values())
    return [replace(r, guide_url=urls.get(GUIDE_KEYS.get(r.key, ""), "")) for r in results]


def overall(results: list[Result]) -> str:
    outcomes = {result.outcome for result in results}
    if NOT_MET in outcomes:
        return NOT_MET
    return UNCLEAR if UNCLEAR in outcomes else MET


# The session key under which a visitor's self-test answers wait for their application.
SESSION_KEY = "registry_self_test"


def application_answers(answers: dict) -> dict:
    """The application's answers that the self-test already gave (never a guess beyond them)."""
    carried = {}
    if answers.get("purpose") in ("yes", "not_in_articles"):
        carried["purpose_in_articles"] = answers["purpose"] == "yes"
    if answers.get("independence") == "no":  # no public influence at all: no public board
        carried["public_board_majority"] = False
    if answers.get("governance") in ("yes", "no"):
        involved = answers["governance"] == "yes"
        carried["involves_employees"] = carried["involves_stakeholders"] = involved
    profit_use = {"reinvest": "reinvest", "limited": "dividend"}.get(answers.get("profit"))
    if profit_use:
        carried["profit_use"] = profit_use
    if answers.get("profit") == "free":
        carried["profit_lock_in_articles"] = False
    return carried
