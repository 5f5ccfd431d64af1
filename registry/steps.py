"""The steps of the application form, in order. Each step saves the draft when it is sent."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from registry import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type | None = None
    criterion: str = ""
    intro: str = ""
    required: bool = True


STEPS = [
    Step("enterprise", _("Virksomheden"), forms.EnterpriseForm),
    Step(
        "purpose",
        _("Socialt formål"),
        forms.PurposeForm,
        "purpose",
        _(
            "Virksomhedens hovedformål skal gavne samfundet: socialt, beskæftigelse, sundhed, "
            "miljø, kultur eller aktivt medborgerskab."
        ),
    ),
    Step(
        "trade",
        _("Erhvervsmæssig aktivitet"),
        forms.TradeForm,
        "trade",
        _(
            "Salg af varer eller tjenester skal være en væsentlig del af indtægterne. Tilskud og "
            "donationer må gerne findes ved siden af."
        ),
    ),
    Step(
        "independence",
        _("Uafhængighed af det offentlige"),
        forms.IndependenceForm,
        "independence",
        _("Ingen offentlig myndighed må have væsentlig indflydelse på ledelse eller drift."),
    ),
    Step(
        "governance",
        _("Inddragende ledelse"),
        forms.GovernanceForm,
        "governance",
        _(
            "Medarbejdere, kunder, samarbejdspartnere og andre interessenter skal inddrages, og "
            "virksomheden skal drives etisk ansvarligt."
        ),
    ),
    Step(
        "profit",
        _("Håndtering af overskud"),
        forms.ProfitForm,
        "profit",
        _(
            "Overskuddet skal geninvesteres, gives til almennyttige formål eller andre "
            "registrerede virksomheder eller udbetales som et begrænset udbytte."
        ),
    ),
    Step("documents", _("Dokumenter")),
    Step("summary", _("Opsummering og indsendelse"), required=False),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def next_step(slug: str) -> Step | None:
    index = [step.slug for step in STEPS].index(slug)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def first_unfinished(completed: list[str]) -> Step:
    for step in STEPS:
        if step.slug not in completed:
            return step
    return STEPS[-1]
