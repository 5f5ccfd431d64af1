import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import roles
from accounts.staff import staff_view
from core import secret_links
from core.charts import bar_chart
from core.csv_export import csv_download
from core.navigation import breadcrumbs
from core.rate_limits import client_key, rate_limited
from core.state_machine import TransitionNotAllowed
from geography.models import Municipality
from geography.selectors import municipality_by_slug
from guidance import selectors, services
from guidance.forms import EnquiryForm, ReplyForm, SatisfactionForm, StatisticsPeriodForm
from guidance.models import (
    CASE_LINK_KEPT_AFTER_CLOSING,
    PENDING_UPLOAD_LIFETIME,
    Attachment,
    Enquiry,
    MessageKind,
    RequesterType,
    Topic,
    new_access_token,
)

RECEIPT_SESSION_KEY = "guidance_receipt"
UPLOAD_OWNER_KEY = "guidance_upload_owner"
ASK_SCOPE = "ask"
DRAFT_SESSION_KEY = "guidance_draft"
DRAFT_LIFETIME = PENDING_UPLOAD_LIFETIME
HOLD_LIMIT = 10  # form pages with files held per client and hour
NOT_HELD = gettext_lazy("Vi kunne ikke gemme dine filer lige nu. Vælg dem igen, før du går videre.")


def _crumbs(*trail):
    return breadcrumbs((_("Rådgivning"), reverse("guidance:index")), *trail)


@require_GET
def index(request):
    return render(
        request,
        "guidance/index.html",
        {
            "breadcrumbs": breadcrumbs((_("Rådgivning"), None)),
            "working_days": settings.GUIDANCE_RESPONSE_WORKING_DAYS,
            "topics": Topic.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def ask(request):
    """The request form. A valid form goes on to "Tjek dine oplysninger" (``check``) via the
    session; coming back to correct something shows the form filled in as it was left."""
    user = request.user if request.user.is_authenticated else None
    held = selectors.held_uploads(request.session.get(UPLOAD_OWNER_KEY), ASK_SCOPE)
    draft = current_draft(request)
    if request.method == "POST":
        form = EnquiryForm(request.POST, request.FILES, held=held)
        form.is_valid()  # checks the files, so that the good ones can be held
        hold_for_next_attempt(request, form, ASK_SCOPE)
        if form.is_valid():
            request.session[DRAFT_SESSION_KEY] = {
                "data": form.draft(),
                "kept": [upload.token for upload in form.kept_uploads()],
                "saved_at": timezone.now().isoformat(),
            }
            return redirect("guidance:check")
    elif draft:
        form = EnquiryForm(draft_data(draft, held), held=held)
    else:
        initial = {"email": user.email, "name": user.get_full_name()} if user else {}
        # From the site search's empty result ("Spørg en rådgiver"): what they looked for.
        searched = " ".join(request.GET.get("spoergsmaal", "").replace("\x00", " ").split())
        if searched:
            initial["question"] = searched[:200]
        initial.update(_municipality_prefill(request.GET.get("kommune", "")))
        form = EnquiryForm(initial=initial, held=held)
    return render(
        request,
        "guidance/ask.html",
        {
            "form": form,
            "anonymise_after_months": settings.GUIDANCE_ANONYMISE_AFTER_MONTHS,
            "breadcrumbs": _crumbs((_("Stil et spørgsmål"), None)),
        },
    )


def _municipality_prefill(slug: str) -> dict:
    """From a municipality's page (geography): that municipality, asking as a municipality."""
    if not slug:
        return {}
    try:
        municipality = municipality_by_slug(slug[:60])
    except Municipality.DoesNotExist:
        return {}
    return {"municipality": municipality, "requester_type": RequesterType.MUNICIPALITY}


def current_draft(request) -> dict | None:
    """The request being checked, if any. Like held files, a draft is kept for a day at most."""
    draft = request.session.get(DRAFT_SESSION_KEY)
    if draft and dt.datetime.fromisoformat(draft["saved_at"]) < timezone.now() - DRAFT_LIFETIME:
        del request.session[DRAFT_SESSION_KEY]
        return None
    return draft


def draft_data(draft: dict, held: list) -> QueryDict:
    """The draft as form data; files held for it that have since been cleaned up are left out."""
    data = QueryDict(mutable=True)
    for name, values in draft["data"].items():
        data.setlist(name, values)
    still_held = {upload.token for upload in held}
    data.setlist("kept", [token for token in draft.get("kept", []) if token in still_held])
    return data


@require_http_methods(["GET", "POST"])
def check(request):
    """Tjek dine oplysninger: the request as it will be sent, with a way back to correct it."""
    draft = current_draft(request)
    if not draft:
        return redirect("guidance:ask")
    held = selectors.held_uploads(request.session.get(UPLOAD_OWNER_KEY), ASK_SCOPE)
    form = EnquiryForm(draft_data(draft, held), held=held)
    if not form.is_valid():
        return redirect("guidance:ask")  # shows the form with what is wrong
    error = None
    if request.method == "POST":
        # Only complete requests count, so someone correcting errors is never locked out.
        if rate_limited(request, "guidance-ask", limit=5, period=3600):
            error = _("Du har sendt mange henvendelser på kort tid. Prøv igen senere.")
        else:
            user = request.user if request.user.is_authenticated else None
            created = services.submit_enquiry(
                data=form.request_data(), files=form.all_attachments(), by=user
            )
            services.release_uploads(form.dropped_uploads())
            del request.session[DRAFT_SESSION_KEY]
            request.session[RECEIPT_SESSION_KEY] = created.pk
            return redirect("guidance:receipt")
    return render(
        request,
        "guidance/check.html",
        {
            "summary": form.summary(),
            "attachments": form.kept_uploads(),
            "error": error,
            "breadcrumbs": _crumbs(
                (_("Stil et spørgsmål"), reverse("guidance:ask")),
                (_("Tjek dine oplysninger"), None),
            ),
        },
    )


def hold_for_next_attempt(request, form, scope: str) -> None:
    """Hold the form's checked new files and list them, ticked, with the ones kept from before.

    Files the user unticked are let go now. The holder is a random value in the session, so no
    other session can name these files. Bots (a filled honeypot) get nothing held, and a client
    may hold files only so often, so held files cannot fill the disk.
    """
    services.release_uploads(form.dropped_uploads())
    kept = form.kept_uploads()
    new = []
    if form.accepted_uploads and "website" not in form.errors:
        if rate_limited(request, "guidance-hold", limit=HOLD_LIMIT, period=3600):
            form.add_error("attachments", NOT_HELD)
        else:
            owner = request.session.setdefault(UPLOAD_OWNER_KEY, new_access_token())
            new = services.hold_uploads(
                owner, scope, form.accepted_uploads, client=client_key(request)
            )
            if len(new) < len(form.accepted_uploads):
                form.add_error("attachments", NOT_HELD)
    if kept or new:
        form.offer_held([*kept, *new], tick=[upload.token for upload in [*kept, *new]])


@require_GET
def receipt(request):
    pk = request.session.get(RECEIPT_SESSION_KEY)
    created = Enquiry.objects.select_related("municipality").filter(pk=pk).first() if pk else None
    if created is None:
        return redirect("guidance:ask")
    return render(
        request,
        "guidance/receipt.html",
        {
            "created": created,
            "attachments": Attachment.objects.filter(message__enquiry=created),
            "breadcrumbs": _crumbs((_("Kvittering"), None)),
        },
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, so mail scanners that follow links do not confirm on their own."""
    pending = services.enquiry_for_confirmation(token)
    if request.method == "POST" and pending is not None:
        services.confirm_email(pending)
        messages.success(
            request, _("Tak. Din e-mailadresse er bekræftet, og vi har modtaget din henvendelse.")
        )
        return redirect(services.new_case_link(pending))
    return render(
        request,
        "guidance/confirm.html",
        {"pending": pending, "breadcrumbs": _crumbs((_("Bekræft e-mail"), None))},
        status=200 if pending else 404,
    )


@login_required
@require_GET
def mine(request):
    return render(
        request,
        "guidance/mine.html",
        {
            "requests": selectors.enquiries_for_user(request.user),
            "breadcrumbs": _crumbs((_("Mine henvendelser"), None)),
        },
    )


@login_required
@require_GET
def open_mine(request, reference):
    """From "Mine henvendelser" to the request's page: a signed-in owner gets a fresh link."""
    found = selectors.enquiry_of_user(request.user, reference)
    if found is None:
        raise Http404
    return redirect(services.new_case_link(found))


def _case_link_not_working(request, *, status: int):
    return secret_links.expired_page(
        request,
        reason=_(
            "Henvendelsen blev lukket for mere end %(days)d dage siden, så linket til "
            "den virker ikke længere."
        )
        % {"days": CASE_LINK_KEPT_AFTER_CLOSING.days},
        advice=_(
            "Har du brug for svaret igen, eller har du et nyt spørgsmål, er du velkommen "
            "til at skrive til os igen."
        ),
        action=(reverse("guidance:ask"), _("Stil et nyt spørgsmål")),
        status=status,
    )


# The view gets the enquiry the link opens: 404 for none, a page saying so (410) once expired.
opened_by_case_link = secret_links.opened_by_link(
    selectors.enquiry_for_token, _case_link_not_working, unknown_is_404=True
)


@require_http_methods(["GET", "POST"])
@opened_by_case_link
def case(request, found, token):
    scope = f"reply:{found.pk}"
    held = selectors.held_uploads(request.session.get(UPLOAD_OWNER_KEY), scope)
    form = ReplyForm(held=held)
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES, held=held)
        if rate_limited(request, "guidance-reply", limit=20, period=3600):
            form.add_error(None, _("Du har sendt mange beskeder på kort tid. Prøv igen senere."))
        elif form.is_valid():
            user = request.user if request.user.is_authenticated else None
            try:
                services.reply_as_requester(
                    found, form.cleaned_data["body"], files=form.all_attachments(), by=user
                )
            except TransitionNotAllowed as error:
                form.add_error(None, str(error))
            else:
                services.release_uploads(form.dropped_uploads())
                messages.success(request, _("Din besked er sendt til rådgiveren."))
                return redirect(request.path)
        hold_for_next_attempt(request, form, scope)
    return render(
        request,
        "guidance/case.html",
        {
            "case": found,
            "token": token,
            "form": form,
            "satisfaction_form": SatisfactionForm(prefix="rating")
            if services.can_rate(found)
            else None,
            "breadcrumbs": _crumbs((found.reference, None)),
        },
    )


@require_POST
@opened_by_case_link
def rate(request, found, token):
    case_url = reverse("guidance:case", kwargs={"token": token})
    if not services.can_rate(found):
        return redirect(case_url)
    form = SatisfactionForm(request.POST, prefix="rating")
    if form.is_valid():
        services.record_satisfaction(
            found, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
        )
        messages.success(request, _("Tak for din vurdering."))
        return redirect(case_url)
    return render(
        request,
        "guidance/case.html",
        {
            "case": found,
            "token": token,
            "form": ReplyForm(),
            "satisfaction_form": form,
            "breadcrumbs": _crumbs((found.reference, None)),
        },
    )


@require_GET
@opened_by_case_link
def attachment(request, found, token, pk):
    """Attachments are streamed only to whoever holds the case link (never internal notes)."""
    return _attachment_of(found, pk)


@login_required
@require_GET
def my_attachment(request, reference, pk):
    found = selectors.enquiry_of_user(request.user, reference)
    if found is None:
        raise Http404
    return _attachment_of(found, pk)


def _attachment_of(case: Enquiry, pk: int) -> FileResponse:
    found = get_object_or_404(
        Attachment.objects.exclude(message__kind=MessageKind.NOTE), pk=pk, message__enquiry=case
    )
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)


adviser_required = staff_view(roles.is_adviser)


def _period(request) -> tuple[StatisticsPeriodForm, tuple]:
    """The period from the query string if valid, else the last twelve months."""
    start, end = selectors.default_period()
    form = StatisticsPeriodForm(
        request.GET if "start" in request.GET else None, initial={"start": start, "end": end}
    )
    if form.is_bound and form.is_valid():
        return form, (form.cleaned_data["start"], form.cleaned_data["end"])
    return form, (start, end)


@adviser_required
@require_GET
def statistics(request):
    form, period = _period(request)
    figures = selectors.statistics(*period)
    table = "guidance/_chart_table.html"
    charts = [
        bar_chart(
            "type",
            _("Henvendelser efter hvem der spørger"),
            figures.by_requester_type,
            table_template=table,
        ),
        bar_chart("topic", _("Henvendelser efter emne"), figures.by_topic, table_template=table),
        bar_chart(
            "region", _("Henvendelser efter region"), figures.by_region, table_template=table
        ),
        bar_chart("month", _("Henvendelser efter måned"), figures.by_month, table_template=table),
        bar_chart(
            "in-time",
            _("Andel besvaret til tiden efter måned"),
            [
                selectors.Bar(bar.label, round(bar.share_in_time))
                for bar in figures.by_month
                if bar.share_in_time is not None
            ],
            unit=" %",
            scale_to=100,  # no table: the figures are in the table of requests by month
        ),
    ]
    return render(
        request,
        "guidance/statistics.html",
        {
            "figures": figures,
            "charts": charts,
            "form": form,
            "working_days": settings.GUIDANCE_RESPONSE_WORKING_DAYS,
            "breadcrumbs": _crumbs((_("Statistik"), None)),
        },
    )


@adviser_required
@require_GET
def statistics_csv(request):
    figures = selectors.statistics(*_period(request)[1])
    response, writer = csv_download("raadgivning-statistik.csv")
    writer.writerow([_("Opgørelse"), _("Kategori"), _("Værdi")])
    writer.writerow([_("Periode"), _("Fra"), figures.start.isoformat()])
    writer.writerow([_("Periode"), _("Til"), figures.end.isoformat()])
    writer.writerow([_("I alt"), _("Henvendelser"), figures.total])
    dimensions = [
        (_("Hvem spørger"), figures.by_requester_type),
        (_("Emne"), figures.by_topic),
        (_("Region"), figures.by_region),
        (_("Måned"), figures.by_month),
    ]
    for title, bars in dimensions:
        for bar in bars:
            writer.writerow([title, bar.label, bar.count])
    for title, bars in dimensions:
        for bar in bars:
            for measure, value in [
                (_("median svartid (arbejdsdage)"), bar.median_days),
                (_("90-procent-fraktil (arbejdsdage)"), bar.p90_days),
                (_("besvaret til tiden (%)"), bar.share_in_time),
                (_("tilfredshed (1-5)"), bar.average_satisfaction),
            ]:
                writer.writerow([f"{title}: {measure}", bar.label, _number(value)])
    writer.writerow([_("Svartid"), _("Median (arbejdsdage)"), _number(figures.median_days)])
    writer.writerow(
        [_("Svartid"), _("90-procent-fraktil (arbejdsdage)"), _number(figures.p90_days)]
    )
    writer.writerow(
        [_("Svartid"), _("Andel besvaret til tiden (%)"), _number(figures.share_in_time)]
    )
    writer.writerow(
        [_("Tilfredshed"), _("Gennemsnit (1-5)"), _number(figures.average_satisfaction)]
    )
    writer.writerow([_("Tilfredshed"), _("Antal svar"), figures.satisfaction_count])
    return response


def _number(value) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")
