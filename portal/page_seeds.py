"""The pages editors own (about, privacy, accessibility statement), created when missing.

Runs after every migrate (and test database flush), so the pages exist on every database,
production included; an existing page is never overwritten. The texts are what the pages said
as templates before editors took them over. Links are paths on the site.
"""

import datetime as dt

from portal.models import Page
from portal.revisions import record_revision
from portal.services import page_snapshot, render_page

ABOUT_DA = {
    "title": "Om Vækstcentret",
    "lead": (
        "Vækstcenter for socialøkonomiske virksomheder åbnede den 4. september 2014 som én "
        "samlet indgang til rådgivning om socialøkonomiske virksomheder."
    ),
    "body": """\
Centret var et af ti initiativer i regeringens udspil "Flere og stærkere socialøkonomiske \
virksomheder", som fik omkring 40 mio. kr. Vi rådgiver især kommuner og iværksættere, samler og \
deler viden, mindsker de administrative byrder mellem virksomhederne og det offentlige og bringer \
samarbejdspartnere sammen i netværk.

## Det kan vi hjælpe med

- Rådgivning om at starte, drive og udvikle en socialøkonomisk virksomhed
- Viden og vejledninger på vidensportalen
- Registrering som registreret socialøkonomisk virksomhed (RSV)
- Netværk og arrangementer, der bringer virksomheder og kommuner sammen

## Sådan bruger du Vækstcentret

1. Find svar i [vores viden](/viden/): filtrér efter tema, målgruppe og type, eller \
[søg](/soeg/) efter et ord.
2. Har du brug for hjælp til netop jeres situation, så \
[stil et spørgsmål til en rådgiver](/raadgivning/henvendelse/).
3. Vil I registreres som socialøkonomisk virksomhed, så tjek først de fem kriterier med \
[selvtesten](/registrering/selvtest/).
4. Mød andre på vores [arrangementer](/arrangementer/), og følg med i \
[nyhederne (RSS)](/feeds/nyheder/).
""",
}

ABOUT_EN = {
    "title": "About the Growth Centre",
    "lead": (
        "The Growth Centre for Social Enterprises opened on 4 September 2014 as a single point "
        "of entry to advice about social enterprises."
    ),
    "body": """\
The centre was one of ten initiatives in the government's plan "More and stronger social \
enterprises", funded with about DKK 40 million. We advise municipalities and entrepreneurs in \
particular, gather and share knowledge, reduce the administrative burden between the enterprises \
and the public sector, and bring partners together in networks.

## How we can help

- Advice on starting, running and developing a social enterprise
- Knowledge and guides on the knowledge portal
- Registration as a registered social enterprise (RSV)
- Networks and events that bring enterprises and municipalities together

## How to use the Growth Centre

1. Find answers in [our knowledge](/en/viden/): filter by theme, audience and type, or \
[search](/en/soeg/) for a word.
2. If you need help with your particular situation, \
[ask an adviser a question](/en/raadgivning/henvendelse/).
3. If you want to be registered as a social enterprise, first check the five criteria with \
[the self-test](/en/registrering/selvtest/).
4. Meet others at our [events](/en/arrangementer/) and follow \
[the news (RSS)](/en/feeds/nyheder/).
""",
}

PRIVACY_DA = {
    "title": "Sådan behandler vi dine oplysninger",
    "lead": (
        "Vi behandler kun de personoplysninger, vi har brug for for at rådgive dig og behandle "
        "din sag."
    ),
    "body": """\
- Vi beder aldrig om dit CPR-nummer.
- Oplysninger fra henvendelser om rådgivning anonymiseres, når sagen har været lukket i en \
periode.
- Du kan altid bede om at få udleveret eller slettet dine oplysninger.
""",
}

PRIVACY_EN = {
    "title": "How we process your data",
    "lead": ("We only process the personal data we need to advise you and to handle your case."),
    "body": """\
- We never ask for your CPR number.
- Data from guidance enquiries is anonymised when the case has been closed for a while.
- You can always ask for a copy of your data or for it to be erased.
""",
}

STATEMENT_DA = {
    "title": "Tilgængelighedserklæring",
    "lead": (
        "Erhvervsstyrelsen forpligter sig til at gøre Vækstcentrets websted tilgængeligt, jf. "
        "lov om tilgængelighed af offentlige organers websteder og mobilapplikationer. Erklæringen "
        "gælder hele webstedet, både de offentlige sider og selvbetjeningen."
    ),
    "body": "",
    "compliance_status": "partial",
    "known_problems": """\
- **Knappen til at vælge en fil** (fx vedtægter i ansøgningen om registrering) får sin tekst fra \
browseren, ikke fra siden. Er browseren sat til engelsk, står der "Choose File" på en dansk side. \
Feltets overskrift og hjælpetekst står på sidens sprog, og knappen virker med tastatur og \
skærmlæser.
- **Kvitteringen som PDF** er ikke en tilgængelig (mærket) PDF. Den samme kvittering findes som \
webside under "Mine sager", og den kan læses med skærmlæser.
- **Administrationen** (kun for centrets medarbejdere) bygger på Djangos administrationsmodul og \
andre tredjepartsmoduler. Enkelte af deres faste tekster står på engelsk uden at være markeret \
som engelsk. Medarbejdere kan få hjælp af centrets it-ansvarlige.
""",
    "disproportionate_burden": "",
    "evaluation_method": "self",
    "evaluation": """\
Vi har selv evalueret webstedet med automatiske test, der kører ved hver ændring af webstedet:

- **axe-core** (reglerne for WCAG 2.1 niveau A og AA) i en rigtig browser (Chromium) på hver \
slags offentlig side i en dansk og en engelsk udgave, på formularer med fejl og på de \
administrationssider, brugerrejserne kommer forbi. Finder axe en fejl, fejler testen.
- **Kun med tastatur**: browsertest, der går gennem fx ansøgningens fejlopsummering og sidens \
link direkte til indholdet med tastaturet alene.
- **Mobilskærm**: udvalgte sider testes også i en bredde på 390 pixels.
- **Gyldig HTML**: de vigtigste sider kontrolleres med Nu HTML Checker.

Automatiske test finder ikke alle problemer. Vi har ikke fået webstedet vurderet af en ekstern \
part.
""",
    "evaluated_on": "2026-11-27",
    "feedback": """\
Oplever du indhold, der ikke er tilgængeligt, så skriv til \
[kontakt@socialvirksomhed.dk](mailto:kontakt@socialvirksomhed.dk) eller ring på 72 20 00 30. \
Du kan også bede om de oplysninger, vi har undtaget. Skriv ikke dit CPR-nummer eller \
helbredsoplysninger i din henvendelse.
""",
    "complaint": """\
Får du ikke svar inden for 10 arbejdsdage, eller er du ikke tilfreds med svaret, kan du henvende \
dig til Digitaliseringsstyrelsen, som fører tilsyn med webtilgængelighed: \
[Oplever du ikke-tilgængeligt indhold? (digst.dk)]\
(https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/)
""",
}

STATEMENT_EN = {
    "title": "Accessibility statement",
    "lead": (
        "The Danish Business Authority is committed to making the Growth Centre's website "
        "accessible, in accordance with the Danish act on the accessibility of public sector "
        "bodies' websites and mobile applications. This statement covers the whole website, both "
        "the public pages and the self-service."
    ),
    "body": "",
    "compliance_status": "partial",
    "known_problems": """\
- **The button for choosing a file** (such as the articles of association in the application for \
registration) takes its text from the browser, not from the page. In a browser set to Danish it \
reads "Vælg fil" on an English page. The field's heading and hint are in the page's language, and \
the button works with the keyboard and with screen readers.
- **The receipt as a PDF** is not an accessible (tagged) PDF. The same receipt is a web page \
under "My cases", readable with a screen reader.
- **The back office** (for the centre's staff only) is built on Django's admin and other \
third-party modules. A few of their fixed texts are in English without being marked as English. \
Staff can get help from the centre's IT contact.
""",
    "disproportionate_burden": "",
    "evaluation_method": "self",
    "evaluation": """\
We evaluated the website ourselves with automated tests that run on every change to it:

- **axe-core** (the WCAG 2.1 level A and AA rules) in a real browser (Chromium) on every kind \
of public page in a Danish and an English version, on forms with errors and on the back-office \
pages the user journeys pass through. If axe finds a violation, the test fails.
- **Keyboard only**: browser tests that go through, for example, the application's error summary \
and the page's skip link with the keyboard alone.
- **Phone screens**: selected pages are also tested at a width of 390 pixels.
- **Valid HTML**: the main pages are checked with the Nu HTML Checker.

Automated tests do not find every problem. The website has not been assessed by an external party.
""",
    "evaluated_on": "2026-11-27",
    "feedback": """\
If you find content that is not accessible, write to \
[kontakt@socialvirksomhed.dk](mailto:kontakt@socialvirksomhed.dk) or call +45 72 20 00 30. You \
can also ask for the information we have exempted. Please do not include your CPR number or \
health information.
""",
    "complaint": """\
If you get no answer within 10 working days, or you are not satisfied with the answer, you can \
contact the Agency for Digital Government (Digitaliseringsstyrelsen), which supervises web \
accessibility: [Have you experienced inaccessible content? (digst.dk, in Danish)]\
(https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/)
""",
}

PAGES = {
    ("about", "da"): ABOUT_DA,
    ("about", "en"): ABOUT_EN,
    ("privacy", "da"): PRIVACY_DA,
    ("privacy", "en"): PRIVACY_EN,
    ("accessibility", "da"): STATEMENT_DA,
    ("accessibility", "en"): STATEMENT_EN,
}


def load_pages(**kwargs) -> None:
    """Create each page that is missing, with its first revision; never touch an existing one."""
    existing = set(Page.objects.values_list("key", "language"))
    for (key, language), texts in PAGES.items():
        if (key, language) in existing:
            continue
        fields = dict(texts)
        if "evaluated_on" in fields:
            fields["evaluated_on"] = dt.date.fromisoformat(fields["evaluated_on"])
        page = Page(key=key, language=language, **fields)
        render_page(page)
        page.save()
        record_revision(page.revisions, page_snapshot(page), by=None, change_summary="Oprettet")
