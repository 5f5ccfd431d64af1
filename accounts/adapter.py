"""How django-allauth speaks for the portal."""

from types import SimpleNamespace
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Mails name the portal, not the host the request came in on.

        Without django.contrib.sites allauth's "site" is the request's host ("Hej fra
        127.0.0.1:8000!"); every allauth mail template reads ``current_site``.
        """
        name = settings.CENTRE["name"]
        portal = SimpleNamespace(name=name, domain=name)
        super().send_mail(template_prefix, email, {"current_site": portal, **context})

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The link carries on the ``next`` the person signed up with.

        Opened in the same browser, confirming signs them in and resumes (allauth's
        LOGIN_ON_EMAIL_CONFIRMATION); in another browser it still leads on to where they were
        going, through the login page.
        """
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = request and (request.POST.get("next") or request.GET.get("next"))
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            url += "?" + urlencode({"next": next_url})
        return url
