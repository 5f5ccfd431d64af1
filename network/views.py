from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.navigation import breadcrumbs
from core.rate_limits import rate_limited
from network import selectors, services
from network.forms import ContactForm, ProfileFilterForm, ProfileForm
from network.models import Profile

PAGE_SIZE = 12
CONTACT_LIMIT = 5  # messages per client per hour


def _crumbs(*trail):
    return breadcrumbs((_("Netværk"), reverse("network:index")), *trail)


@require_GET
def index(request):
    form = ProfileFilterForm(request.GET or None)
    profiles = selectors.public_profiles(**form.filters())
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "network/index.html",
        {
            "form": form,
            "page": Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("side")),
            "query": query.urlencode(),
            "breadcrumbs": breadcrumbs((_("Netværk"), None)),
        },
    )


def _visible_profile(request, pk) -> Profile:
    """Public profiles for everyone; the owner also sees their own while it is under review."""
    profile = get_object_or_404(
        Profile.objects.select_related("region").prefetch_related("themes"), pk=pk
    )
    if not (profile.is_public or profile.owner_id == request.user.pk):
        raise Http404
    return profile


def _render_detail(request, profile, form, status=200):
    return render(
        request,
        "network/detail.html",
        {
            "profile": profile,
            "is_owner": profile.owner_id == request.user.pk,
            "matches": selectors.suggested_matches(profile) if profile.is_public else [],
            "form": form,
            "breadcrumbs": _crumbs((profile.name, None)),
        },
        status=status,
    )


@require_GET
def detail(request, pk):
    return _render_detail(request, _visible_profile(request, pk), ContactForm())


@require_POST
def contact(request, pk):
    profile = _visible_profile(request, pk)
    if not profile.is_public:
        raise Http404
    form = ContactForm(request.POST)
    if rate_limited(request, "network-contact", limit=CONTACT_LIMIT, period=3600):
        form.add_error(None, _("Du har sendt for mange beskeder. Prøv igen om en time."))
        return _render_detail(request, profile, form, status=429)
    if not form.is_valid():
        return _render_detail(request, profile, form)
    services.send_contact_message(
        profile,
        sender_name=form.cleaned_data["name"],
        sender_email=form.cleaned_data["email"],
        message=form.cleaned_data["message"],
        share_email=form.cleaned_data["share_email"],
    )
    messages.success(request, _("Din besked er sendt til %(name)s.") % {"name": profile.name})
    return redirect(profile)


@login_required
@require_GET
def mine(request):
    profiles = request.user.network_profiles.select_related("region").order_by("sort_key")
    return render(
        request,
        "network/mine.html",
        {"profiles": profiles, "breadcrumbs": _crumbs((_("Mine profiler"), None))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.create_profile(
            owner=request.user, themes=form.cleaned_data["themes"], **form.content()
        )
        messages.success(
            request, _("Tak. Profilen er sendt til godkendelse og vises, når den er godkendt.")
        )
        return redirect("network:mine")
    return render(
        request,
        "network/form.html",
        {"form": form, "heading": _("Opret profil"), "breadcrumbs": _crumbs((_("Opret"), None))},
    )


def _own_profile(request, pk) -> Profile:
    return get_object_or_404(Profile, pk=pk, owner=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    profile = _own_profile(request, pk)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            profile, by=request.user, themes=form.cleaned_data["themes"], **form.content()
        )
        messages.success(request, _("Ændringerne er gemt og sendt til godkendelse."))
        return redirect("network:mine")
    return render(
        request,
        "network/form.html",
        {
            "form": form,
            "heading": _("Ret profil"),
            "profile": profile,
            "breadcrumbs": _crumbs((_("Mine profiler"), reverse("network:mine")), (_("Ret"), None)),
        },
    )


@login_required
@require_POST
def toggle_hidden(request, pk):
    profile = _own_profile(request, pk)
    profile = services.set_hidden(profile, hidden=not profile.is_hidden, by=request.user)
    messages.success(
        request,
        _("Profilen er skjult.") if profile.is_hidden else _("Profilen vises igen."),
    )
    return redirect("network:mine")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    profile = _own_profile(request, pk)
    if request.method == "POST":
        services.delete_profile(profile)
        messages.success(request, _("Profilen er slettet."))
        return redirect("network:mine")
    return render(
        request,
        "network/delete.html",
        {
            "profile": profile,
            "breadcrumbs": _crumbs(
                (_("Mine profiler"), reverse("network:mine")), (_("Slet"), None)
            ),
        },
    )
