"""How django-allauth speaks for the portal."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Mails name the portal, not the host the request came in on.

        Without django.contrib.sites allauth's "site" is the request's host ("Hej fra
        127.0.0.1:8000!"); every allauth mail template reads ``current_site``.
        """
        name = settings.CENTRE["name"]
        portal = SimpleNamespace(name=name, domain=name)
        super().send_mail(template_prefix, email, {"current_site": portal, **context})
