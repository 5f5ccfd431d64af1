"""A user's right to their data: export (GDPR art. 15 and 20) and erasure (art. 17).

Each app that keeps personal data tied to a user registers an exporter and, where it must do more
than the database's ON DELETE rules, an eraser (in its ``AppConfig.ready``). Export collects every
section into one JSON document; erasure runs the erasers and then deletes the account.
"""

from collections.abc import Callable

from django.db import transaction

from accounts.models import User

_exporters: dict[str, Callable[[User], object]] = {}
_erasers: dict[str, Callable[[User], None]] = {}


def register(section: str, *, export: Callable[[User], object], erase=None) -> None:
    _exporters[section] = export
    if erase is not None:
        _erasers[section] = erase


def export_personal_data(user: User) -> dict:
    data = {
        "konto": {
            "email": user.email,
            "fornavn": user.first_name,
            "efternavn": user.last_name,
            "oprettet": user.date_joined.isoformat(),
            "sidst_logget_ind": user.last_login.isoformat() if user.last_login else None,
            "emailadresser": list(user.emailaddress_set.values("email", "verified", "primary")),
        }
    }
    for section, export in _exporters.items():
        data[section] = export(user)
    return data


@transaction.atomic
def erase_account(user: User) -> None:
    for erase in _erasers.values():
        erase(user)
    user.delete()
