from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import has_verified_email
from core import secret_links
from core.navigation import breadcrumbs
from core.rate_limits import rate_limited
from core.state_machine import TransitionNotAllowed
from events import selectors, services
from events.calendar import calendar, event_calendar
from events.forms import EventFilterForm, RegistrationForm, ResendLinkForm
from events.models import RegistrationStatus

PAGE_SIZE = 10
SIGNUP_LIMIT = 10  # sign-ups per client per hour


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("side"))


@require_GET
def index(request):
    form = EventFilterForm(request.GET or None)
    page = _page(request, selectors.upcoming_events(**form.filters()))
    return render(
        request,
        "events/index.html",
        {
            "form": form,
            "page": page,
            "breadcrumbs": breadcrumbs((_("Arrangementer"), None)),
        },
    )


@require_GET
def archive(request):
    return render(
        request,
        "events/archive.html",
        {
            "page": _page(request, selectors.past_events()),
            "breadcrumbs": breadcrumbs(
                (_("Arrangementer"), reverse("events:index")), (_("Tidligere arrangementer"), None)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request, slug):
    event = selectors.published_event(slug)
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if rate_limited(request, "event-signup", limit=SIGNUP_LIMIT, period=3600):
            form.add_error(None, _("Der er sendt for mange tilmeldinger. Prøv igen om en time."))
            status = 429
        elif form.is_valid():
            try:
                registration = services.register(event, by=request.user, **form.details())
            except TransitionNotAllowed as error:
                form.add_error(None, str(error))
            else:
                if registration.status != RegistrationStatus.PENDING and has_verified_email(
                    request.user, registration.email
                ):
                    return redirect(services.registration_link(registration))  # their own
                # Anyone else: the same answer whether the address had signed up before or not.
                return redirect("events:check_email", slug=event.slug)
    else:
        form = RegistrationForm(initial=_initial_for(request.user))
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "form": form,
            "places_left": event.free_places,
            "signup_open": event.signup_open(),
            "is_past": event.ends_at < timezone.now(),
            "breadcrumbs": breadcrumbs(
                (_("Arrangementer"), reverse("events:index")), (event.title, None)
            ),
        },
        status=status,
    )


def _initial_for(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email}


@require_http_methods(["GET", "POST"])
def resend_link(request, slug):
    """Have the link to one's registration mailed again. The answer is the same whether the
    address is signed up or not; the signup page says as much already."""
    event = selectors.published_event(slug)
    status = 200
    if request.method == "POST":
        form = ResendLinkForm(request.POST)
        if rate_limited(request, "event-resend", limit=SIGNUP_LIMIT, period=3600):
            form.add_error(None, _("Du har bedt om mange e-mails. Prøv igen om en time."))
            status = 429
        elif form.is_valid():
            services.send_link_again(event, form.cleaned_data["email"])
            return redirect(reverse("events:resend_link", kwargs={"slug": slug}) + "?sendt=1")
    else:
        form = ResendLinkForm()
    return render(
        request,
        "events/resend_link.html",
        {
            "event": event,
            "form": form,
            "sent": request.method == "GET" and "sendt" in request.GET,
            "breadcrumbs": breadcrumbs(
                (_("Arrangementer"), reverse("events:index")),
                (event.title, event.get_absolute_url()),
                (_("Få dit link igen"), None),
            ),
        },
        status=status,
    )


@require_GET
def check_email(request, slug):
    event = selectors.published_event(slug)
    return render(
        request,
        "events/check_email.html",
        {
            "event": event,
            "unconfirmed_days": services.UNCONFIRMED_KEPT.days,
            "breadcrumbs": breadcrumbs(
                (_("Arrangementer"), reverse("events:index")),
                (event.title, event.get_absolute_url()),
                (_("Tjek din e-mail"), None),
            ),
        },
    )


def _link_not_working(request, *, status: int):
    return secret_links.expired_page(
        request,
        reason=_(
            "Linket til tilmeldingen virker ikke længere. Det virker, indtil arrangementet "
            "begynder, og en tilmelding, der ikke blev bekræftet inden for %(days)d dage, er "
            "slettet."
        )
        % {"days": services.UNCONFIRMED_KEPT.days},
        advice=_(
            "Vil du deltage i et kommende arrangement, så tilmeld dig igen. Har du spørgsmål til "
            "en tilmelding, så skriv til os."
        ),
        action=(reverse("events:index"), _("Se kommende arrangementer")),
        status=status,
    )


@require_http_methods(["GET", "POST"])
@secret_links.opened_by_link(selectors.registration_for_token, _link_not_working)
def registration(request, found, token):
    """The registrant's own page, reached by the link in the e-mail: confirming the address,
    status and cancellation. The link works until the event starts.

    Confirming and cancelling take a POST, so a mail scanner that follows the link does nothing.
    """
    is_pending = found.status == RegistrationStatus.PENDING
    can_cancel = found.status != RegistrationStatus.CANCELLED and not is_pending
    if request.method == "POST":
        if is_pending:
            found = services.confirm_signup(found, by=request.user)
            messages.success(request, _("Tak. Din e-mailadresse er bekræftet."))
        elif can_cancel:
            try:
                services.cancel(found, by=request.user)
            except TransitionNotAllowed as error:  # the event started since the page was shown
                messages.error(request, str(error))
            else:
                messages.success(request, _("Du er afmeldt. Tak fordi du gav besked."))
        return redirect(request.path)
    return render(
        request,
        "events/registration.html",
        {
            "registration": found,
            "event": found.event,
            "waiting_number": services.waiting_number(found),
            "can_cancel": can_cancel,
            "breadcrumbs": breadcrumbs(
                (_("Arrangementer"), reverse("events:index")),
                (found.event.title, found.event.get_absolute_url()),
                (_("Din tilmelding"), None),
            ),
        },
    )


def _ics_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request, slug):
    event = selectors.published_event(slug)
    return _ics_response(event_calendar(event), f"{event.slug}.ics")


@require_GET
def calendar_feed(request):
    events = selectors.calendar_feed_events()
    return _ics_response(calendar(events, _("Vækstcentrets arrangementer")), "arrangementer.ics")
