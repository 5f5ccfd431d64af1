import itertools

from geography.models import Region
from network import services
from network.models import Profile, ProfileKind

_numbers = itertools.count(1)


def make_owner(django_user_model, name: str = "ejer"):
    return django_user_model.objects.create_user(f"{name}{next(_numbers)}@example.dk")


def make_profile(owner, *, approved=True, region_code=1084, themes=(), **content) -> Profile:
    defaults = {
        "kind": ProfileKind.ENTERPRISE,
        "name": f"Profil {next(_numbers)}",
        "about": "Vi er en socialøkonomisk virksomhed.",
        "offers": "Rengøring af kontorer.",
        "seeks": "Nye kunder.",
        "region": Region.objects.get(code=region_code),
    }
    profile = services.create_profile(owner=owner, themes=themes, **{**defaults, **content})
    if approved:
        profile = services.approve(profile, by=None)
    return profile
