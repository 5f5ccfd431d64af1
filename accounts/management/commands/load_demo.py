"""Load the Danish demo content of every app and create the demo staff logins. Idempotent.

Each app keeps its demo content in its own ``demo`` module, whose ``load()`` this runs.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo as accounts_demo
from accounts.demo import DEMO_PASSWORD, DEMO_STAFF
from events import demo as events_demo
from guidance import demo as guidance_demo
from network import demo as network_demo
from newsletter import demo as newsletter_demo
from portal import demo as portal_demo
from registry import demo as registry_demo

# In dependency order: the staff first, the portal's themes before the apps that tag with them.
DEMOS = [
    accounts_demo,
    portal_demo,
    registry_demo,
    guidance_demo,
    events_demo,
    network_demo,
    newsletter_demo,
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
        for demo in DEMOS:
            summary = demo.load()
            if options["verbosity"]:
                self.stdout.write(summary)
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
