"""Decision letters: what a decision tells the enterprise, as the law asks (forvaltningsloven
§§ 22-25): the authority, date and case, the decision, the rules applied, the reasons, and where,
how and by when to complain.

One template (``registry/letters/decision.html``) is shown to the case handler before deciding
and printed into the PDF the enterprise receives, in the language the case was started in.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from registry.models import (
    Application,
    ApplicationStatus,
    Assessment,
    Criterion,
    Hearing,
    LetterKind,
    Outcome,
    SocialAccount,
)
from registry.pdf import TextPdf


@dataclass
class Letter:
    """What one letter says; ``reason`` is the handler's or the enterprise's own words."""

    application: Application
    kind: str
    reason: str = ""
    account: SocialAccount | None = None
    hearing: Hearing | None = None
    assessments: list[Assessment] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(LetterKind(self.kind).label)


def build(
    application: Application, kind: str, *, reason: str = "", account=None, hearing=None
) -> Letter:
    """The letter for a decision on ``application``, with the case's assessments and latest
    hearing where the decision rests on them."""
    assessments = []
    if kind in (LetterKind.REGISTRATION, LetterKind.REFUSAL):
        found = {a.criterion: a for a in application.assessments.all()}
        assessments = [
            found.get(c) or Assessment(application=application, criterion=c, outcome="")
            for c in Criterion
        ]
    if kind == LetterKind.DEREGISTRATION and hearing is None:
        hearing = application.hearings.last()
    return Letter(application, kind, reason, account, hearing, assessments)


def registration_number(application: Application, today) -> str:
    """The enterprise's number once registered; before, in the handler's preview, the number
    the decision will give it."""
    if application.status == ApplicationStatus.REGISTERED:
        return application.enterprise.registration_number
    return application.new_registration_number(today)


def context(letter: Letter, *, today=None) -> dict:
    today = today or timezone.localdate()
    return {
        "letter": letter,
        "application": letter.application,
        "enterprise": letter.application.enterprise,
        "registration_number": registration_number(letter.application, today),
        "today": today,
        "centre": settings.CENTRE,
        "law": settings.REGISTRY_LAW,
        "section": settings.REGISTRY_LEGAL_BASIS[letter.kind],
        "complaint": {
            "body": settings.COMPLAINT_BODY,
            "address": settings.COMPLAINT_ADDRESS,
            "weeks": settings.COMPLAINT_DEADLINE_WEEKS,
            "fee": f"{settings.COMPLAINT_FEE_KR:,}".replace(",", "."),
        },
        "met": Outcome.MET,
        "kinds": LetterKind,
    }


def render_html(letter: Letter, *, today=None) -> str:
    """The letter as HTML, in the case's language (the preview and the PDF's source)."""
    with translation.override(letter.application.language):
        return render_to_string("registry/letters/decision.html", context(letter, today=today))


def render_pdf(letter: Letter, *, today=None) -> bytes:
    with translation.override(letter.application.language):
        title = f"{letter.title} {letter.application.case_number}"
    pdf = TextPdf(title, settings.CENTRE["name"])
    pdf.html(render_html(letter, today=today))
    return pdf.output()
