"""The application's answers as text: on the summary, as the copy of what was sent on the
case page, and in its PDF receipt."""

from django.utils.translation import gettext as _

from core.formats import long_datetime
from registry.models import Application, Enterprise
from registry.pdf import TextPdf
from registry.steps import STEPS

AMOUNT_FIELDS = {"employees", "revenue"}


def _amount(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _text(value, display=None) -> str:
    if value is True:
        return _("Ja")
    if value is False:
        return _("Nej")
    if value is None or value == "":
        return "\N{EN DASH}"
    return str(display if display is not None else value)


def _enterprise_rows(enterprise: Enterprise) -> list[list[str]]:
    revenue = _amount(enterprise.revenue) + " kr."
    return [
        [_("Navn"), enterprise.name],
        [_("CVR-nummer"), enterprise.cvr],
        [_("Virksomhedsform"), enterprise.get_legal_form_display()],
        [
            _("Adresse"),
            f"{enterprise.address}, {enterprise.postal_code} {enterprise.city}",
        ],
        [_("Kommune"), _text(enterprise.municipality)],
        [_("Kontakt-e-mail"), _text(enterprise.contact_email)],
        [_("Telefon"), _text(enterprise.contact_phone)],
        [_("Hjemmeside"), _text(enterprise.website)],
        [_("Stiftelsesår"), _text(enterprise.founded_year)],
        [
            _("Regnskabsåret slutter"),
            f"{enterprise.financial_year_end_day}. "
            f"{enterprise.get_financial_year_end_month_display()}",
        ],
        [_("Antal ansatte"), _amount(enterprise.employees)],
        [_("Omsætning sidste år"), revenue],
    ]


def _row(form, source, name) -> list[str]:
    value = getattr(source, name)
    display = getattr(source, f"get_{name}_display", lambda: None)() if value else None
    if name.endswith("_share") and value is not None:
        display = f"{value} %"
    return [str(form.fields[name].label), _text(value, display)]


def _criterion_rows(application: Application, enterprise: Enterprise, step) -> list[list[str]]:
    """A criterion step's answers, with what it asks about the enterprise (the purpose)."""
    form = step.form_class(instance=application)
    about_enterprise = getattr(step.form_class, "enterprise_fields", [])
    return [_row(form, enterprise, name) for name in about_enterprise] + [
        _row(form, application, name) for name in step.form_class.Meta.fields
    ]


def answer_sections(application: Application, enterprise: Enterprise) -> list[dict]:
    """Every answer the applicant gives, by step: [{"title": ..., "rows": [[label, value]]}]."""
    sections = [{"title": str(STEPS[0].title), "rows": _enterprise_rows(enterprise)}]
    for step in STEPS[1:6]:
        rows = _criterion_rows(application, enterprise, step)
        sections.append({"title": str(step.title), "rows": rows})
    evidence = (
        _("Budget og beskrivelse af aktiviteter (ny virksomhed uden årsrapport)")
        if application.new_enterprise
        else _("Årsrapport")
    )
    documents = [[_("Dokumentation for salget"), evidence]] + [
        [document.get_kind_display(), document.original_name]
        for document in application.documents.all()
    ]
    sections.append({"title": _("Dokumenter"), "rows": documents})
    return sections


def receipt_pdf(application: Application, centre_name: str) -> bytes:
    """A receipt for a sent application: case number, time and the answers as sent."""
    pdf = TextPdf(
        _("Kvittering for ansøgning %(case)s") % {"case": application.case_number}, centre_name
    )
    pdf.line(_("Kvittering for ansøgning om registrering"), 16, "B", 9)
    pdf.line(centre_name, 11)
    sent = long_datetime(application.submitted_at)
    pdf.line(_("Sagsnummer: %(case)s") % {"case": application.case_number}, 11)
    pdf.line(_("Sendt: %(sent)s") % {"sent": sent}, 11)
    pdf.space(3)
    for section in application.submitted_answers:
        pdf.line(section["title"], 13, "B", 8)
        for label, value in section["rows"]:
            pdf.line(label, style="B")
            pdf.line(value)
            pdf.space(1)
        pdf.space(2)
    return pdf.output()
