"""Loads the regions and municipalities from ``data/municipalities.csv``.

Runs after every ``migrate`` (and after a test database flush), so the reference data is always
there; it only writes when something is missing or has changed.
"""

import csv
from pathlib import Path

from geography.models import Municipality, Region
from geography.selectors import forget_reference_data
from geography.slugs import municipality_slug

DATA = Path(__file__).resolve().parent / "data" / "municipalities.csv"
REGIONS = {
    1081: "Nordjylland",
    1082: "Midtjylland",
    1083: "Syddanmark",
    1084: "Hovedstaden",
    1085: "Sjælland",
}


def municipality_rows() -> list[dict]:
    with DATA.open(encoding="utf-8") as rows:
        return [
            {"code": int(row["code"]), "name": row["name"], "region_code": int(row["region_code"])}
            for row in csv.DictReader(rows)
        ]


def load_reference_data(**kwargs) -> None:
    forget_reference_data()  # a flushed test database gives the same rows new ids
    rows = municipality_rows()
    if Municipality.objects.count() == len(rows) and Region.objects.count() == len(REGIONS):
        return
    regions = {
        code: Region.objects.update_or_create(code=code, defaults={"name": name})[0]
        for code, name in REGIONS.items()
    }
    for row in rows:
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "slug": municipality_slug(row["name"]),
                "region": regions[row["region_code"]],
            },
        )
