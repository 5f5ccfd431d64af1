"""Load the Danish demo content of every app and create the demo staff logins. Idempotent."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

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
# Each app's own demo command, in dependency order.
APP_DEMO_COMMANDS: list[str] = [
    "load_portal_demo",
    "load_registry_demo",
    "load_guidance_demo",
    "load_events_demo",
    "load_network_demo",
]


class Command(BaseCommand):
    help = "Load demo content and create demo staff users (never run this in production)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates a superuser whose password is published in the source code, "
                "so it runs only with DEBUG on (DEBUG=1 manage.py load_demo, as `make run` does). "
                "Never load demo data into a production database."
            )
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
        for command in APP_DEMO_COMMANDS:
            call_command(command, verbosity=options["verbosity"])
        self.print_logins()

    def print_logins(self) -> None:
        line = "=" * 72
        self.stdout.write(line)
        self.stdout.write(f"Demo staff logins (password for all: {DEMO_PASSWORD})")
        for email, _first, _last, _superuser, groups in DEMO_STAFF:
            self.stdout.write(f"  {email:<42} {', '.join(groups) or 'superbruger'}")
        self.stdout.write("Sign in at /konto/login/, then open /admin/.")
        if settings.STAFF_MFA_REQUIRED:
            self.stdout.write("Staff must set up two-factor authentication (TOTP) before /admin/.")
        else:
            self.stdout.write(
                "NOTE: two-factor authentication for staff is switched OFF for this local demo "
                "(STAFF_MFA_REQUIRED=0). Production always requires it."
            )
        self.stdout.write(line)
