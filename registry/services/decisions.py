"""Decision letters: every decision is stored on its case as the PDF letter the enterprise gets."""

from django.core.files.base import ContentFile

from registry import letters
from registry.models import Application, DecisionLetter


def issue_letter(
    application: Application, kind: str, *, by, reason: str = "", account=None
) -> DecisionLetter:
    """Write the letter for a decision just taken and keep it on the case (call it in the
    decision's transaction, after the decision is saved)."""
    letter = letters.build(application, kind, reason=reason, account=account)
    decision = DecisionLetter(
        application=application,
        kind=kind,
        social_account=account,
        language=application.language,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    decision.file.save(f"{kind}.pdf", ContentFile(letters.render_pdf(letter)), save=False)
    decision.save()
    return decision
