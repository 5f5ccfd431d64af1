"""The service pages search finds: what the centre offers, described in the words people use.

A handful of fixed pages, so they live here rather than in a table; the backend matches them with
the same Danish stemming as everything else. Each text is translated like any UI text.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SERVICE_PAGES = [
    (
        "registry:index",
        _("Registrering som socialøkonomisk virksomhed"),
        _(
            "Bliv registreret socialøkonomisk virksomhed (RSV): de fem kriterier, hvordan du "
            "ansøger, og hvad registreringen giver ret til."
        ),
    ),
    (
        "registry:self_test",
        _("Selvtest: kan virksomheden blive registreret?"),
        _(
            "Svar på få spørgsmål om formål, ledelse og overskud og se, om virksomheden kan "
            "registreres som socialøkonomisk."
        ),
    ),
    (
        "registry:apply",
        _("Ansøg om registrering"),
        _("Søg om at blive registreret socialøkonomisk virksomhed med MitID Erhverv."),
    ),
    (
        "registry:register",
        _("Registret over socialøkonomiske virksomheder"),
        _(
            "Find registrerede socialøkonomiske virksomheder efter navn, CVR-nummer, kommune, "
            "formål og virksomhedsform. Hent registret som åbne data."
        ),
    ),
    (
        "guidance:index",
        _("Rådgivning"),
        _(
            "Gratis rådgivning til iværksættere, socialøkonomiske virksomheder og kommuner om at "
            "starte, drive og udvikle virksomheden."
        ),
    ),
    (
        "guidance:ask",
        _("Spørg en rådgiver"),
        _("Stil et spørgsmål til en rådgiver og få svar på e-mail eller telefon."),
    ),
    (
        "events:index",
        _("Arrangementer"),
        _("Kurser, netværksmøder og konferencer for socialøkonomiske virksomheder og kommuner."),
    ),
    (
        "network:index",
        _("Netværket"),
        _(
            "Find samarbejdspartnere: virksomheder, kommuner og organisationer fortæller, hvad "
            "de tilbyder og søger."
        ),
    ),
    (
        "portal:about",
        _("Om Vækstcentret"),
        _(
            "Hvem vi er, hvad vi gør, og hvordan du kontakter Vækstcenter for socialøkonomiske "
            "virksomheder."
        ),
    ),
    (
        "portal:accessibility",
        _("Tilgængelighedserklæring"),
        _("Hvordan portalen lever op til kravene om webtilgængelighed, og hvor du klager."),
    ),
    (
        "portal:privacy",
        _("Privatlivspolitik"),
        _("Hvilke personoplysninger vi behandler, hvorfor, hvor længe, og dine rettigheder."),
    ),
]


def service_pages() -> list[tuple[str, str, str]]:
    """(address, title, description) of every service page, in the current language."""
    return [(reverse(name), str(title), str(text)) for name, title, text in SERVICE_PAGES]
