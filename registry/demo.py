"""Fictional demo and benchmark enterprises (names, purposes, places) for the registry."""

import datetime as dt
import itertools
import random

from django.utils import timezone

from geography.models import Municipality
from registry.fictional import fictional_cvrs
from registry.models import Enterprise, LegalForm, PurposeField
from registry.selectors import register_changed

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
PURPOSES = {
    PurposeField.SOCIAL: (
        "Vi giver mennesker i en svær livssituation et fællesskab og en hverdag med mening."
    ),
    PurposeField.EMPLOYMENT: (
        "Vi ansætter og oplærer mennesker, der står langt fra arbejdsmarkedet, "
        "så de kan få et ordinært job."
    ),
    PurposeField.HEALTH: (
        "Vi fremmer sundhed og trivsel gennem motion, kost og fællesskab "
        "for borgere med kroniske sygdomme."
    ),
    PurposeField.ENVIRONMENT: (
        "Vi reparerer, genbruger og sælger brugte ting, så mindre ender som affald."
    ),
    PurposeField.CULTURE: (
        "Vi skaber kulturoplevelser for børn og unge, der sjældent kommer i teatret "
        "eller på museum."
    ),
    PurposeField.CITIZENSHIP: (
        "Vi samler frivillige og lokale virksomheder om at løfte opgaver i lokalsamfundet."
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


def enterprise_name(index: int, legal_form: str) -> str:
    first = FIRST[index % len(FIRST)]
    second = SECOND[(index // len(FIRST)) % len(SECOND)]
    round_ = index // (len(FIRST) * len(SECOND))
    name = f"{first} {second}" if round_ == 0 else f"{first} {second} {round_ + 1}"
    suffix = SUFFIX[legal_form]
    if legal_form == LegalForm.FOUNDATION:
        return f"{suffix} {name}"
    return f"{name} {suffix}".strip()


def build_enterprise(index: int, cvr: str, municipalities: list, rng: random.Random, **extra):
    legal_form = LegalForm.values[index % len(LegalForm.values)]
    field = PurposeField.values[index % len(PurposeField.values)]
    municipality = municipalities[(index * 11) % len(municipalities)]
    return Enterprise(
        cvr=cvr,
        name=enterprise_name(index, legal_form),
        legal_form=legal_form,
        address=f"{STREETS[index % len(STREETS)]} {1 + index % 90}",
        postal_code=f"{1000 + (index * 37) % 8900}",
        city=municipality.name,
        municipality=municipality,
        contact_email=f"kontakt{index}@demo.socialvirksomhed.dk",
        website="",
        founded_year=1995 + index % 30,
        employees=rng.randint(2, 120),
        revenue=rng.randint(5, 400) * 100_000,
        purpose=PURPOSES[field],
        purpose_field=field,
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
