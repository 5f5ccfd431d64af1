"""The fixed audiences, loaded after every migrate (and test database flush) when missing."""

from portal.models import Audience

AUDIENCES = [
    ("ivaerksaetter", "Iværksætter", "Entrepreneur"),
    ("socialoekonomisk-virksomhed", "Socialøkonomisk virksomhed", "Social-economic enterprise"),
    ("kommune", "Kommune", "Municipality"),
    ("jobcenter", "Jobcenter", "Job centre"),
    ("investor-fond", "Investor eller fond", "Investor or foundation"),
    ("anden-offentlig-myndighed", "Anden offentlig myndighed", "Other public body"),
]


def load_audiences(**kwargs) -> None:
    if Audience.objects.filter(slug__in=[slug for slug, _da, _en in AUDIENCES]).count() == len(
        AUDIENCES
    ):
        return
    for position, (slug, name, name_en) in enumerate(AUDIENCES):
        Audience.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
