"""Demo events: the centre's opening in 2014, past network meetings and events in 2026 and 2027.

Idempotent: events are matched by slug, and registrations are only added to an event with none.
All people and enterprises here are made up.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from events.models import Event, Registration, RegistrationChange, RegistrationStatus
from geography.models import Municipality, Region
from portal.demo import load_themes
from portal.models import Audience

CPH = ZoneInfo("Europe/Copenhagen")

# Made-up enterprises that presented their work at the opening.
PRESENTERS = [
    ("Café Ny Start", "en café, hvor unge uden uddannelse lærer køkken og service"),
    ("Grøn Cykelværksted", "reparerer brugte cykler med mennesker i jobtræning"),
    ("Tekstilværkstedet Trådløs", "syr tasker af kasserede stoffer"),
    ("Havehjælpen", "passer grønne områder for kommuner og boligforeninger"),
    ("Lys i Mørket Lydbøger", "indlæser lydbøger med medarbejdere med synshandicap"),
    ("Bybageriet", "et bageri med fleksjob og skånejob"),
    ("Genbrugsbutikken Anden Runde", "sælger genbrug og finansierer værested for hjemløse"),
    ("Kodeklubben", "uddanner mennesker med autisme til softwaretestere"),
    ("Flyttehjælp med Hjerte", "flyttefirma, der ansætter tidligere indsatte"),
    ("Sund Frokost", "leverer frokost til skoler med køkkenpersonale fra jobcentret"),
    ("Møbelpleje Nord", "istandsætter møbler til boligsociale projekter"),
    ("Rengøring for Alle", "rengøringsfirma med fokus på nydanskere"),
    ("Festivalfrivillige ApS", "driver boder, hvor overskuddet går til foreninger"),
    ("Pakkeriet", "pakker og sender varer for webbutikker med medarbejdere i fleksjob"),
    ("Byens Biavlere", "sælger honning fra bistader på byens tage"),
    ("Værkstedet Træ og Tanke", "snedkeri for unge med psykisk sårbarhed"),
    ("Madspild Stop", "laver mad af overskudsvarer fra supermarkeder"),
    ("Cykeltaxa Sammen", "kører ældre på tur og ansætter langtidsledige"),
    ("Kulturkaffe", "kafferisteri, der støtter kulturhuse i yderområder"),
    ("IT-Genbrug Danmark", "renoverer computere til skoler med jobtræning"),
    ("Tøjbyttet", "udlejer børnetøj og skaber lærepladser"),
    ("Grønne Hænder Gartneri", "økologisk gartneri med plads til psykisk sårbare"),
    ("Vaskeriet på Hjørnet", "vaskeri for erhvervskunder med socialt udsatte medarbejdere"),
    ("Tolkehuset", "tolkeservice, der uddanner flygtninge"),
    ("Fællesskabsfabrikken", "producerer legetøj af genbrugstræ på et beskyttet værksted"),
]


def _at(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CPH)


def _opening_description() -> str:
    presenters = "\n".join(f"• {name} – {line}" for name, line in PRESENTERS)  # noqa: RUF001
    return (
        "Den 4. september 2014 åbnede socialministeren officielt Vækstcenter for "
        "socialøkonomiske virksomheder. Centret blev ét samlet sted at få rådgivning om at "
        "starte, drive og udvikle socialøkonomiske virksomheder – særligt for kommuner og "  # noqa: RUF001
        "iværksættere.\n\n"
        "Åbningen var også første lejlighed til at knytte nye kontakter: 25 virksomheder viste "
        "deres arbejde og produkter frem for gæster fra erhvervslivet, organisationer, politik og "
        "kommunernes ledelse.\n\n"
        f"Virksomhederne, der præsenterede sig:\n{presenters}"
    )


EVENTS = [
    {
        "slug": "aabning-af-vaekstcentret-2014",
        "title": "Åbning af Vækstcenter for socialøkonomiske virksomheder",
        "summary": "Socialministeren åbnede centret, og 25 socialøkonomiske virksomheder "
        "viste deres arbejde frem.",
        "description": _opening_description(),
        "starts_at": _at(2014, 9, 4, 13),
        "ends_at": _at(2014, 9, 4, 17),
        "place": "København",
        "region_code": 1084,
        "capacity": 200,
        "themes": ["start-og-drift", "om-vaekstcentret"],
        "audiences": ["socialoekonomisk-virksomhed", "kommune", "anden-offentlig-myndighed"],
        "participants": 60,
    },
    {
        "slug": "netvaerksmoede-kommuner-november-2014",
        "title": "Netværksmøde for kommuner: socialøkonomi i beskæftigelsesindsatsen",
        "summary": "Kommuner delte erfaringer med at bruge socialøkonomiske virksomheder til "
        "jobtræning og praktik.",
        "description": "Jobcentre og virksomheder fortalte om samarbejder, der har fået ledige "
        "tættere på arbejdsmarkedet, og om hvad der skal til for at komme i gang.",
        "starts_at": _at(2014, 11, 20, 9, 30),
        "ends_at": _at(2014, 11, 20, 15),
        "place": "Aarhus",
        "region_code": 1082,
        "capacity": 60,
        "themes": ["kommuner-og-jobcentre"],
        "audiences": ["kommune", "jobcenter"],
        "participants": 18,
    },
    {
        "slug": "netvaerksmoede-registrering-marts-2015",
        "title": "Netværksmøde: Sådan bliver I registreret socialøkonomisk virksomhed",
        "summary": "Gennemgang af de fem kriterier for registrering, der trådte i kraft 1. "
        "januar 2015.",
        "description": "Vi gennemgik kriterierne for at blive registreret, hvad vedtægterne skal "
        "indeholde, og hvordan man dokumenterer den erhvervsmæssige aktivitet.",
        "starts_at": _at(2015, 3, 12, 14),
        "ends_at": _at(2015, 3, 12, 16, 30),
        "place": "Odense",
        "region_code": 1083,
        "capacity": 40,
        "themes": ["registrering"],
        "audiences": ["socialoekonomisk-virksomhed", "ivaerksaetter"],
        "participants": 14,
    },
    {
        "slug": "netvaerksmoede-sociale-klausuler-december-2026",
        "title": "Netværksmøde: Sociale klausuler i kommunale udbud",
        "summary": "Indkøbere og socialøkonomiske virksomheder mødes om udbud med sociale hensyn.",
        "description": "Hvordan skriver en kommune sociale klausuler, som socialøkonomiske "
        "virksomheder kan byde på? Oplæg fra en indkøbsafdeling og to leverandører, derefter "
        "speed-dating mellem kommuner og virksomheder.",
        "starts_at": _at(2026, 12, 10, 9),
        "ends_at": _at(2026, 12, 10, 13),
        "place": "Vækstcentret, Langelinie Allé 17, 2100 København Ø",
        "region_code": 1084,
        "capacity": 25,
        "signup_deadline": _at(2026, 12, 7, 12),
        "themes": ["udbud-og-indkoeb", "kommuner-og-jobcentre"],
        "audiences": ["kommune", "socialoekonomisk-virksomhed"],
        "participants": 23,
    },
    {
        "slug": "workshop-jobtraening-januar-2027",
        "title": "Workshop: Flere jobtræningspladser i socialøkonomiske virksomheder",
        "summary": "Jobcentre og virksomheder planlægger forløb for ledige sammen.",
        "description": "En praktisk workshop i små grupper. Vi har plads til få deltagere, så "
        "meld gerne fra, hvis du bliver forhindret – så går pladsen til den næste på "  # noqa: RUF001
        "ventelisten.",
        "starts_at": _at(2027, 1, 21, 13),
        "ends_at": _at(2027, 1, 21, 16),
        "place": "Aalborg",
        "region_code": 1081,
        "capacity": 12,
        "themes": ["kommuner-og-jobcentre"],
        "audiences": ["jobcenter", "socialoekonomisk-virksomhed"],
        "participants": 15,
    },
    {
        "slug": "webinar-finansiering-marts-2027",
        "title": "Webinar: Finansiering til socialøkonomiske iværksættere",
        "summary": "Lån, fonde og investorer – hvad passer til en ny socialøkonomisk virksomhed?",  # noqa: RUF001
        "description": "Et online møde om mulighederne for at finansiere start og vækst, med tid "
        "til spørgsmål undervejs.",
        "starts_at": _at(2027, 3, 4, 15),
        "ends_at": _at(2027, 3, 4, 16),
        "online_url": "https://moede.example.dk/vaekstcenter-finansiering",
        "capacity": None,
        "themes": ["finansiering", "start-og-drift"],
        "audiences": ["ivaerksaetter", "investor-fond"],
        "participants": 9,
    },
]

FIRST_NAMES = ["Anne", "Bo", "Camilla", "Dennis", "Emma", "Frederik", "Gitte", "Hassan", "Ida"]
LAST_NAMES = ["Holm", "Kjær", "Lund", "Mortensen", "Nørgaard", "Olsen", "Poulsen", "Sørensen"]


@transaction.atomic
def load() -> str:
    themes = load_themes()  # the portal's taxonomy, shared by every app
    audiences = {a.slug: a for a in Audience.objects.all()}
    municipalities = list(Municipality.objects.order_by("code")[:40])
    regions = {region.code: region for region in Region.objects.all()}
    for spec in EVENTS:
        spec = dict(spec)
        theme_slugs = spec.pop("themes")
        audience_slugs = spec.pop("audiences")
        participants = spec.pop("participants")
        spec["region"] = regions.get(spec.pop("region_code", None))  # none: online
        event, _created = Event.objects.update_or_create(
            slug=spec.pop("slug"), defaults={**spec, "is_published": True}
        )
        event.themes.set([themes[slug] for slug in theme_slugs])
        event.audiences.set([audiences[slug] for slug in audience_slugs])
        if not event.registrations.exists():
            _registrations(event, participants, municipalities)
    return f"Demo events: {len(EVENTS)}."


def _registrations(event: Event, count: int, municipalities) -> None:
    past = event.ends_at < _at(2026, 1, 1, 0)
    for n in range(count):
        full = event.capacity is not None and n >= event.capacity
        name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n % len(LAST_NAMES)]}"
        registration = Registration.objects.create(
            event=event,
            name=name,
            email=f"deltager{n + 1}.{event.pk}@demo.socialvirksomhed.dk",
            organisation=f"Demo-organisation {n % 7 + 1}",
            municipality=municipalities[n % len(municipalities)],
            status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
            position=n + 1 if full else None,
            attended=past and n % 5 != 0,
        )
        RegistrationChange.record(
            registration=registration, to_status=registration.status, note="Demodata"
        )
