"""Demo network profiles (made-up organisations), mostly approved, one pending. Idempotent:
profiles are matched by owner and name; owners get no usable password."""

from django.contrib.auth import get_user_model
from django.db import transaction

from geography.models import Region
from network.models import Profile, ProfileChange, ProfileKind, ProfileStatus
from portal.demo import load_themes

APPROVED = ProfileStatus.APPROVED
PENDING = ProfileStatus.PENDING

PROFILES = [
    {
        "email": "indkoeb@demo-kommune.example.dk",
        "kind": ProfileKind.MUNICIPALITY,
        "name": "Demo Kommune, Indkøb",
        "about": "Indkøbsafdelingen i en mellemstor kommune på Sjælland.",
        "offers": "Rammeaftaler på grønne områder, kantinedrift og rengøring. Dialog før udbud.",
        "seeks": "Leverandører, der kan byde på opgaver under sociale klausuler, fx rengøring, "
        "grøn pleje og kantine med ansatte i fleksjob eller jobtræning.",
        "region": 1085,
        "themes": ["udbud-og-indkoeb", "kommuner-og-jobcentre"],
        "status": APPROVED,
    },
    {
        "email": "kontakt@havehjaelpen.example.dk",
        "kind": ProfileKind.ENTERPRISE,
        "name": "Havehjælpen",
        "about": "Socialøkonomisk virksomhed, der passer grønne områder med medarbejdere, som "
        "har været langt fra arbejdsmarkedet.",
        "offers": "Grøn pleje og vedligehold af parker og boligområder. Jobtræningspladser til "
        "ledige i samarbejde med jobcentret.",
        "seeks": "Kommuner og boligforeninger, der køber grøn pleje, gerne med sociale klausuler.",
        "region": 1085,
        "themes": ["kommuner-og-jobcentre", "udbud-og-indkoeb"],
        "status": APPROVED,
    },
    {
        "email": "hej@cafe-ny-start.example.dk",
        "kind": ProfileKind.ENTERPRISE,
        "name": "Café Ny Start",
        "about": "Café og kantine, hvor unge uden uddannelse lærer køkken og service.",
        "offers": "Kantinedrift og mødeforplejning. Praktik- og jobtræningspladser for unge.",
        "seeks": "Kantineopgaver hos kommuner og større virksomheder og en mentor med "
        "erfaring i økonomistyring.",
        "region": 1084,
        "themes": ["kommuner-og-jobcentre"],
        "status": APPROVED,
    },
    {
        "email": "csr@stor-virksomhed.example.dk",
        "kind": ProfileKind.BUSINESS,
        "name": "Nordisk Logistik A/S (demo)",
        "about": "Logistikvirksomhed med lagre i hele Jylland.",
        "offers": "Mentorer fra ledelsen, lagerplads og hjælp til forretningsudvikling.",
        "seeks": "Socialøkonomiske underleverandører til pakning og reparation af paller.",
        "region": 1082,
        "themes": ["start-og-drift"],
        "status": APPROVED,
    },
    {
        "email": "jobcenter@demo-aalborg.example.dk",
        "kind": ProfileKind.OTHER,
        "name": "Jobcenter Nord (demo)",
        "about": "Jobcenter, der vil have flere ledige i jobtræning hos socialøkonomiske "
        "virksomheder.",
        "offers": "Løntilskud og mentorstøtte til virksomheder, der tager ledige i jobtræning.",
        "seeks": "Virksomheder med jobtræningspladser og praktik for ledige.",
        "region": 1081,
        "themes": ["kommuner-og-jobcentre"],
        "status": APPROVED,
    },
    {
        "email": "info@trae-og-tanke.example.dk",
        "kind": ProfileKind.ENTERPRISE,
        "name": "Værkstedet Træ og Tanke",
        "about": "Snedkeri for unge med psykisk sårbarhed.",
        "offers": "Møbler og inventar på bestilling.",
        "seeks": "Kunder blandt kommuner og institutioner.",
        "region": 1083,
        "themes": ["start-og-drift"],
        "status": PENDING,
    },
]


@transaction.atomic
def load() -> str:
    regions = {region.code: region for region in Region.objects.all()}
    themes = load_themes()  # the portal's taxonomy, shared by every app
    for spec in PROFILES:
        spec = dict(spec)
        owner = _owner(spec.pop("email"))
        theme_slugs = spec.pop("themes")
        status = spec.pop("status")
        spec["region"] = regions[spec["region"]]
        profile, created = Profile.objects.update_or_create(
            owner=owner, name=spec.pop("name"), defaults=spec
        )
        profile.themes.set([themes[slug] for slug in theme_slugs])
        if created:
            Profile.objects.filter(pk=profile.pk).update(status=status)
            ProfileChange.record(profile=profile, to_status=status, note="Demodata")
    return f"Demo network profiles: {len(PROFILES)}."


def _owner(email: str):
    user, created = get_user_model().objects.get_or_create(email=email)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
