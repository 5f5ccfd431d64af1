"""The demo staff logins, one per role; `load_demo` prints them. Local demo only."""

from accounts import roles
from accounts.services import ensure_verified_user

DEMO_PASSWORD = "demo-Vaekstcenter-2014"  # noqa: S105 - local demo only, printed on the console
DEMO_STAFF = [
    ("admin@demo.socialvirksomhed.dk", "Ada", "Administrator", True, []),
    ("redaktoer@demo.socialvirksomhed.dk", "Rikke", "Redaktør", False, [roles.EDITORS]),
    (
        "sagsbehandler@demo.socialvirksomhed.dk",
        "Søren",
        "Sagsbehandler",
        False,
        [roles.CASE_HANDLERS],
    ),
    ("raadgiver@demo.socialvirksomhed.dk", "Randi", "Rådgiver", False, [roles.ADVISERS]),
]


def load() -> str:
    for email, first, last, superuser, groups in DEMO_STAFF:
        ensure_verified_user(
            email,
            DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            is_staff=True,
            is_superuser=superuser,
            groups=groups,
        )
    return f"Demo staff logins: {len(DEMO_STAFF)}."
