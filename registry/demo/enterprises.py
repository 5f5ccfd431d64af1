"""Fictional demo and benchmark enterprises (names, purposes, places) for the registry."""

import datetime as dt
import itertools
import random

from django.utils import timezone

from geography.models import Municipality
from registry.fictional import fictional_cvrs
from registry.models import Enterprise, LegalForm, PurposeField
from registry.page_cache import register_changed

FIRST = [
    "Grøn",
    "Fælles",
    "Solsikke",
    "Havne",
    "Bro",
    "Lærke",
    "Kilde",
    "Spire",
    "Ny",
    "Åben",
    "Egern",
    "Mølle",
    "Ravn",
    "Æble",
    "Øster",
    "Vester",
    "Lyng",
    "Klit",
    "Fjord",
    "Birke",
]
SECOND = [
    "Café",
    "Værksted",
    "Køkken",
    "Gården",
    "Cykler",
    "Genbrug",
    "Trykkeri",
    "Bageri",
    "Tekstil",
    "Rengøring",
    "Gartneri",
    "Teater",
    "Vaskeri",
    "Byg",
    "Data",
]
# What each line of business (the second word of a demo name) does, and the fields of purpose
# it serves, best fit first.
BUSINESSES = {
    "Café": (
        "Vi driver en café med morgenmad, frokost og kage bagt fra bunden.",
        (
            PurposeField.EMPLOYMENT,
            PurposeField.SOCIAL,
            PurposeField.CITIZENSHIP,
            PurposeField.CULTURE,
        ),
    ),
    "Værksted": (
        "På vores værksted sætter vi møbler i stand og laver små reparationer "
        "for private og boligforeninger.",
        (PurposeField.EMPLOYMENT, PurposeField.ENVIRONMENT, PurposeField.SOCIAL),
    ),
    "Køkken": (
        "Fra vores køkken leverer vi frokost og mad ud af huset til kantiner, skoler "
        "og private selskaber.",
        (PurposeField.EMPLOYMENT, PurposeField.HEALTH, PurposeField.ENVIRONMENT),
    ),
    "Gården": (
        "Vi driver en gård med dyr, grøntsager og en gårdbutik, der er åben for alle.",
        (PurposeField.SOCIAL, PurposeField.HEALTH, PurposeField.CITIZENSHIP),
    ),
    "Cykler": (
        "Vi reparerer og sælger brugte cykler og henter cykler, som ellers ville blive kasseret.",
        (PurposeField.ENVIRONMENT, PurposeField.EMPLOYMENT, PurposeField.HEALTH),
    ),
    "Genbrug": (
        "Vi samler genbrug ind fra private og virksomheder, gør tingene i stand "
        "og sælger dem i vores butik.",
        (PurposeField.ENVIRONMENT, PurposeField.EMPLOYMENT, PurposeField.SOCIAL),
    ),
    "Trykkeri": (
        "I vores trykkeri laver vi plakater, foldere og visitkort for foreninger, "
        "virksomheder og kommuner.",
        (PurposeField.EMPLOYMENT, PurposeField.CULTURE, PurposeField.ENVIRONMENT),
    ),
    "Bageri": (
        "Vi har et bageri, der laver brød, boller og kager til egen butik, kantiner "
        "og caféer i området.",
        (PurposeField.EMPLOYMENT, PurposeField.SOCIAL),
    ),
    "Tekstil": (
        "Vi syr tasker, puder og arbejdstøj af overskudsstof og brugt tekstil.",
        (PurposeField.ENVIRONMENT, PurposeField.EMPLOYMENT, PurposeField.CULTURE),
    ),
    "Rengøring": (
        "Vi tilbyder rengøring af kontorer, opgange og private hjem.",
        (PurposeField.EMPLOYMENT, PurposeField.ENVIRONMENT),
    ),
    "Gartneri": (
        "I vores gartneri dyrker vi grøntsager og krydderurter, og vi passer grønne områder "
        "for boligforeninger.",
        (PurposeField.HEALTH, PurposeField.ENVIRONMENT, PurposeField.EMPLOYMENT),
    ),
    "Teater": (
        "Vi spiller teater og tager på turné med vores forestillinger til skoler, "
        "biblioteker og forsamlingshuse.",
        (PurposeField.CULTURE, PurposeField.SOCIAL, PurposeField.CITIZENSHIP),
    ),
    "Vaskeri": (
        "Vores vaskeri vasker og stryger linned og arbejdstøj for hoteller, plejehjem "
        "og virksomheder.",
        (PurposeField.EMPLOYMENT, PurposeField.ENVIRONMENT),
    ),
    "Byg": (
        "Vi løser mindre bygge- og renoveringsopgaver for private, boligforeninger og kommuner.",
        (PurposeField.EMPLOYMENT, PurposeField.ENVIRONMENT, PurposeField.CITIZENSHIP),
    ),
    "Data": (
        "Vi tester software og gennemgår data for virksomheder og offentlige myndigheder.",
        (PurposeField.EMPLOYMENT, PurposeField.SOCIAL),
    ),
}
# Whom the work helps, or why, per field of purpose: a few wordings, each of which reads well
# after any line of business that serves the field.
REASONS = {
    PurposeField.EMPLOYMENT: (
        "Medarbejderne har stået længe uden job. Hos os får de løn, oplæring "
        "og hjælp til at komme videre til et ordinært job.",
        "Vi ansætter unge uden uddannelse og giver dem erfaring og anbefalinger, "
        "de kan bruge på arbejdsmarkedet.",
        "Mange af vores medarbejdere er i fleksjob eller har et handicap, "
        "og arbejdet er tilrettelagt, så alle kan bidrage.",
    ),
    PurposeField.SOCIAL: (
        "Stedet giver mennesker med psykisk sårbarhed faste rammer, et fællesskab "
        "og en grund til at stå op om morgenen.",
        "Vi giver unge, der har haft en svær start på livet, en fast plads "
        "og voksne, der tror på dem.",
        "Overskuddet går til væresteder for hjemløse og mennesker med misbrug i kommunen.",
    ),
    PurposeField.HEALTH: (
        "Arbejdet er tilrettelagt for mennesker med stress, angst eller depression, "
        "som skal finde kræfterne igen i et roligt tempo.",
        "Overskuddet går til motion og madlavning for borgere med kroniske sygdomme.",
        "Hos os kommer borgere i gang igen efter lang tids sygdom gennem fysisk arbejde, "
        "faste måltider og fællesskab.",
    ),
    PurposeField.ENVIRONMENT: (
        "Vi arbejder for mindre spild af råvarer, energi og materialer, "
        "og vi opgør hvert år, hvad vi har sparet.",
        "Vi bruger miljøvenlige metoder og materialer og viser andre virksomheder, "
        "hvordan de kan gøre det samme.",
        "Overskuddet går til projekter med genbrug og mindre spild i lokalsamfundet.",
    ),
    PurposeField.CULTURE: (
        "Vi vil give børn og unge, der sjældent møder kunst og kultur, lyst til selv at være med.",
        "Overskuddet går til gratis kulturtilbud for børn og familier med få penge.",
        "Vi arbejder sammen med lokale kunstnere og holder udstillinger og koncerter, "
        "som alle kan komme til.",
    ),
    PurposeField.CITIZENSHIP: (
        "Naboer og frivillige arbejder med hos os, og sammen skaber vi liv i lokalområdet.",
        "Borgerne i området er med til at bestemme, hvad vi skal tilbyde, "
        "og hvad overskuddet skal bruges til.",
        "Vi hjælper nye borgere og ældre, der bor alene, med at blive en del "
        "af fællesskabet i byen.",
    ),
}
SUFFIX = {
    LegalForm.AS: "A/S",
    LegalForm.APS: "ApS",
    LegalForm.PS: "P/S",
    LegalForm.AMBA: "A.m.b.A.",
    LegalForm.FMBA: "F.m.b.A.",
    LegalForm.ASSOCIATION: "",
    LegalForm.FOUNDATION: "Fonden",
}
STREETS = ["Nørregade", "Søndergade", "Havnevej", "Skolevej", "Møllevej", "Kirkestræde"]


def name_parts(index: int) -> tuple[str, str, int]:
    """The first word, the line of business and the round of the ``index``-th name.

    A round holds every pair of words once. Neighbouring indexes differ in both words, so a
    few dozen enterprises in a row already cover every line of business; the step of 7 from
    one row to the next keeps names that sort next to each other in different lines.
    """
    round_, position = divmod(index, len(FIRST) * len(SECOND))
    row, column = divmod(position, len(FIRST))
    return FIRST[column], SECOND[(7 * row + column) % len(SECOND)], round_


def enterprise_name(index: int, legal_form: str) -> str:
    first, second, round_ = name_parts(index)
    name = f"{first} {second}" if round_ == 0 else f"{first} {second} {round_ + 1}"
    suffix = SUFFIX[legal_form]
    if legal_form == LegalForm.FOUNDATION:
        return f"{suffix} {name}"
    return f"{name} {suffix}".strip()


def purpose_parts(index: int) -> tuple[str, str, str]:
    """What the ``index``-th enterprise does, whom it helps or why, and its field of purpose."""
    what, fields = BUSINESSES[name_parts(index)[1]]
    field = fields[index % len(fields)]
    reasons = REASONS[field]
    return what, reasons[(index // len(fields)) % len(reasons)], field


def description(index: int) -> dict:
    """The name, legal form, purpose and field of purpose of the ``index``-th enterprise."""
    legal_form = LegalForm.values[index % len(LegalForm.values)]
    what, reason, field = purpose_parts(index)
    return {
        "name": enterprise_name(index, legal_form),
        "legal_form": legal_form,
        "purpose": f"{what} {reason}",
        "purpose_field": field,
    }


# Each municipality's main town with its postcode (hand-checked against the postcodes people write),
# so a demo address reads as real: "4640 Faxe" in Faxe Kommune, never "1703 Faxe".
# A geography postcode reference list would replace this table; it waits on the official data
# (issue 17: Dataforsyningen's postnumre cannot be fetched from here).
MAIN_TOWNS = {
    101: ("1550", "København V"),
    147: ("2000", "Frederiksberg"),
    151: ("2750", "Ballerup"),
    153: ("2605", "Brøndby"),
    155: ("2791", "Dragør"),
    157: ("2820", "Gentofte"),
    159: ("2860", "Søborg"),
    161: ("2600", "Glostrup"),
    163: ("2730", "Herlev"),
    165: ("2620", "Albertslund"),
    167: ("2650", "Hvidovre"),
    169: ("2630", "Taastrup"),
    173: ("2800", "Kongens Lyngby"),
    175: ("2610", "Rødovre"),
    183: ("2635", "Ishøj"),
    185: ("2770", "Kastrup"),
    187: ("2625", "Vallensbæk"),
    190: ("3520", "Farum"),
    201: ("3450", "Allerød"),
    210: ("3480", "Fredensborg"),
    217: ("3000", "Helsingør"),
    219: ("3400", "Hillerød"),
    223: ("2970", "Hørsholm"),
    230: ("3460", "Birkerød"),
    240: ("3660", "Stenløse"),
    250: ("3600", "Frederikssund"),
    253: ("2670", "Greve"),
    259: ("4600", "Køge"),
    260: ("3300", "Frederiksværk"),
    265: ("4000", "Roskilde"),
    269: ("2680", "Solrød Strand"),
    270: ("3200", "Helsinge"),
    306: ("4550", "Asnæs"),
    316: ("4300", "Holbæk"),
    320: ("4640", "Faxe"),
    326: ("4400", "Kalundborg"),
    329: ("4100", "Ringsted"),
    330: ("4200", "Slagelse"),
    336: ("4660", "Store Heddinge"),
    340: ("4180", "Sorø"),
    350: ("4320", "Lejre"),
    360: ("4930", "Maribo"),
    370: ("4700", "Næstved"),
    376: ("4800", "Nykøbing F"),
    390: ("4760", "Vordingborg"),
    400: ("3700", "Rønne"),
    410: ("5500", "Middelfart"),
    420: ("5610", "Assens"),
    430: ("5600", "Faaborg"),
    440: ("5300", "Kerteminde"),
    450: ("5800", "Nyborg"),
    461: ("5000", "Odense C"),
    479: ("5700", "Svendborg"),
    480: ("5400", "Bogense"),
    482: ("5900", "Rudkøbing"),
    492: ("5970", "Ærøskøbing"),
    510: ("6100", "Haderslev"),
    530: ("7190", "Billund"),
    540: ("6400", "Sønderborg"),
    550: ("6270", "Tønder"),
    561: ("6700", "Esbjerg"),
    563: ("6720", "Fanø"),
    573: ("6800", "Varde"),
    575: ("6600", "Vejen"),
    580: ("6200", "Aabenraa"),
    607: ("7000", "Fredericia"),
    615: ("8700", "Horsens"),
    621: ("6000", "Kolding"),
    630: ("7100", "Vejle"),
    657: ("7400", "Herning"),
    661: ("7500", "Holstebro"),
    665: ("7620", "Lemvig"),
    671: ("7600", "Struer"),
    706: ("8400", "Ebeltoft"),
    707: ("8500", "Grenaa"),
    710: ("8450", "Hammel"),
    727: ("8300", "Odder"),
    730: ("8900", "Randers C"),
    740: ("8600", "Silkeborg"),
    741: ("8305", "Samsø"),
    746: ("8660", "Skanderborg"),
    751: ("8000", "Aarhus C"),
    756: ("7430", "Ikast"),
    760: ("6950", "Ringkøbing"),
    766: ("8722", "Hedensted"),
    773: ("7900", "Nykøbing M"),
    779: ("7800", "Skive"),
    787: ("7700", "Thisted"),
    791: ("8800", "Viborg"),
    810: ("9700", "Brønderslev"),
    813: ("9900", "Frederikshavn"),
    820: ("9600", "Aars"),
    825: ("9940", "Læsø"),
    840: ("9520", "Skørping"),
    846: ("9500", "Hobro"),
    849: ("9490", "Pandrup"),
    851: ("9000", "Aalborg"),
    860: ("9800", "Hjørring"),
}


def build_enterprise(index: int, cvr: str, municipalities: list, rng: random.Random, **extra):
    municipality = municipalities[(index * 11) % len(municipalities)]
    postal_code, city = MAIN_TOWNS[municipality.code]
    return Enterprise(
        cvr=cvr,
        address=f"{STREETS[index % len(STREETS)]} {1 + index % 90}",
        postal_code=postal_code,
        city=city,
        municipality=municipality,
        contact_email=f"kontakt{index}@demo.socialvirksomhed.dk",
        website="",
        founded_year=1995 + index % 30,
        employees=rng.randint(2, 120),
        revenue=rng.randint(5, 400) * 100_000,
        **description(index),
        **extra,
    )


def registered_on(index: int) -> dt.date:
    start = dt.date(2015, 1, 15)
    span = (timezone.localdate() - start).days
    return start + dt.timedelta(days=(index * 97) % span)


def generate(count: int, *, offset: int = 10_000, batch_size: int = 5000) -> int:
    """Bulk-create ``count`` registered enterprises for benchmarks; returns how many were new."""
    municipalities = list(Municipality.objects.all())
    rng = random.Random(offset)
    cvrs = fictional_cvrs(offset)
    created = 0
    for start in range(0, count, batch_size):
        rows = []
        for index in range(start, min(count, start + batch_size)):
            cvr = next(cvrs)
            rows.append(
                build_enterprise(
                    index + 1000,
                    cvr,
                    municipalities,
                    rng,
                    registered_on=registered_on(index),
                    registration_number=f"RSVB{cvr}",
                )
            )
        created += len(Enterprise.objects.bulk_create(rows, ignore_conflicts=True))
    register_changed()
    return created


def first_cvrs(count: int) -> list[str]:
    return list(itertools.islice(fictional_cvrs(0), count))
