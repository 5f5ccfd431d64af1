from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from core import secret_links
from core.mail import page_language
from core.navigation import breadcrumbs
from core.rate_limits import rate_limited
from newsletter import selectors, services
from newsletter.forms import ChoicesForm, SubscribeForm
from newsletter.models import CONFIRMATION_VALID

SUBSCRIBE_LIMIT = 10  # subscription requests per client per hour


def _crumbs(*more):
    return breadcrumbs((_("Nyhedsbrev"), reverse("newsletter:subscribe") if more else None), *more)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if rate_limited(request, "newsletter-subscribe", limit=SUBSCRIBE_LIMIT, period=3600):
            form.add_error(None, _("Der er sendt for mange tilmeldinger. Prøv igen om en time."))
            status = 429
        elif form.is_valid():
            services.subscribe(
                email=form.cleaned_data["email"],
                language=page_language(),
                by=request.user,
                **form.choices(),
            )
            # The same answer whether the address subscribed already or not.
            return redirect("newsletter:check_email")
    else:
        initial = {"email": request.user.email} if request.user.is_authenticated else {}
        form = SubscribeForm(initial=initial)
    return render(
        request,
        "newsletter/subscribe.html",
        {"form": form, "breadcrumbs": _crumbs()},
        status=status,
    )


@require_GET
def check_email(request):
    return render(
        request,
        "newsletter/check_email.html",
        {
            "confirmation_days": CONFIRMATION_VALID.days,
            "breadcrumbs": _crumbs((_("Tjek din e-mail"), None)),
        },
    )


def _link_not_working(request, *, status: int):
    return secret_links.expired_page(
        request,
        reason=_(
            "Linket virker ikke længere. Et abonnement, der ikke blev bekræftet inden for "
            "%(days)d dage, er slettet, og et afmeldt abonnement findes ikke mere."
        )
        % {"days": CONFIRMATION_VALID.days},
        advice=_("Vil du have nyhedsbrevet, så tilmeld dig igen."),
        action=(reverse("newsletter:subscribe"), _("Tilmeld dig nyhedsbrevet")),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@secret_links.opened_by_link(selectors.subscription_for_token, _link_not_working)
def subscription(request, found, token):
    """The subscriber's page, reached by the link in every mail: confirming (a POST, so a mail
    scanner following the link confirms nothing), choosing again, and the way to unsubscribe."""
    form = ChoicesForm(initial=ChoicesForm.initial_for(found))
    if request.method == "POST":
        if found.confirmed_at is None:
            services.confirm(found, by=request.user)
            messages.success(request, _("Tak. Dit abonnement er bekræftet."))
            return redirect(request.path)
        form = ChoicesForm(request.POST)
        if form.is_valid():
            services.change_choices(found, by=request.user, **form.choices())
            messages.success(request, _("Dine valg er gemt."))
            return redirect(request.path)
    return render(
        request,
        "newsletter/subscription.html",
        {
            "subscription": found,
            "form": form,
            "unsubscribe_url": reverse("newsletter:unsubscribe", kwargs={"token": token}),
            "breadcrumbs": _crumbs((_("Dit abonnement"), None)),
        },
    )


@csrf_exempt  # RFC 8058: mail programs POST here without a form; the secret token is the proof
@require_http_methods(["GET", "POST"])
@secret_links.opened_by_link(selectors.subscription_for_token, _link_not_working)
def unsubscribe(request, found, token):
    """One-click unsubscribe: a POST ends the subscription at once (the mail program's
    ``List-Unsubscribe-Post``, or the button here); a GET only asks, so a link checker that
    opens every address in a mail unsubscribes nobody."""
    if request.method == "POST":
        services.unsubscribe(found, by=request.user)
        return render(
            request,
            "newsletter/unsubscribed.html",
            {"breadcrumbs": _crumbs((_("Afmeldt"), None))},
        )
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"subscription": found, "breadcrumbs": _crumbs((_("Afmeld"), None))},
    )
