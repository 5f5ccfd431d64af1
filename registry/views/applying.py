"""The applicant's pages: the multi-step application, "Mine sager", answers and documents."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import roles
from accounts.staff import staff_permitted
from core.navigation import breadcrumbs
from core.rate_limits import rate_limited
from core.state_machine import TransitionNotAllowed
from registry import selectors, selftest
from registry.answers import answer_sections
from registry.answers import receipt_pdf as receipt_pdf_bytes
from registry.forms import (
    AnswerForm,
    ChangeForm,
    ClaimForm,
    CvrForm,
    DeclarationForm,
    DocumentForm,
    EnterpriseForm,
    HearingAnswerForm,
    NewEnterpriseForm,
    SocialAccountForm,
    WithdrawForm,
)
from registry.models import (
    AccountStatus,
    Application,
    ApplicationStatus,
    DecisionLetter,
    Document,
    Enterprise,
    Representation,
    SocialAccount,
)
from registry.services import (
    applying,
    case_handling,
    hearings,
    representatives,
    social_accounts,
)
from registry.steps import STEP_BY_SLUG, STEPS, first_unfinished, next_step

# Claims to act for an enterprise without proof, per client and hour.
CLAIMS_PER_HOUR = 10


def _posted(request):
    """Form data for a POST (even an empty one), None for a GET."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _crumbs(*trail):
    return breadcrumbs(
        (_("Registrering"), reverse("registry:index")),
        (_("Mine sager"), reverse("registry:my_cases")),
        *trail,
    )


def _own_case(request, case_number) -> Application:
    """The case, if the user may act for its enterprise; 404 for everyone else."""
    return get_object_or_404(
        Application.objects.for_user(request.user).select_related(
            "enterprise__municipality", "handler"
        ),
        case_number=case_number,
    )


def _step_url(application, step) -> str:
    return reverse(
        "registry:apply_step", kwargs={"case_number": application.case_number, "step": step.slug}
    )


def _step_context(application, step, **extra) -> dict:
    return {
        "breadcrumbs": _crumbs((_("Ansøgning"), None)),
        "application": application,
        "steps": STEPS,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "completed": application.completed_steps if application else [],
        **extra,
    }


def _placeholders(cvr: str) -> dict:
    """Stand-ins for required answers of a first step saved for later before they are given,
    for an enterprise new to the register (a known one keeps what it has).

    The step stays unfinished (what was typed is kept in the draft), so they are replaced
    before the application can be sent.
    """
    if Enterprise.objects.filter(cvr=cvr).exists():
        return {}
    return {"founded_year": timezone.localdate().year, "contact_email": ""}


def _too_many_claims(request) -> bool:
    """Claims without proof land in the handlers' queue; a client may file a few an hour."""
    return rate_limited(request, "registry-claim", limit=CLAIMS_PER_HOUR, period=3600)


@require_http_methods(["GET", "POST"])
def apply_start(request):
    """Step 1 for a new application: the CVR number, then the facts from CVR and the rest.

    Sending it creates the draft; without proof of acting for the company, with a pending claim.
    """
    if not request.user.is_authenticated:
        messages.info(
            request,
            _(
                "Log ind for at ansøge om registrering. Har du ingen konto, kan du oprette en. "
                "Bagefter kommer du tilbage til ansøgningen, og den gemmes undervejs, så du kan "
                "fortsætte senere."
            ),
        )
        return redirect_to_login(request.get_full_path())
    step = STEP_BY_SLUG["enterprise"]
    asked = request.POST if request.method == "POST" else request.GET
    cvr_form = CvrForm(
        asked if "cvr" in asked else None,
        initial={"cvr": next(iter(representatives.mitid_cvrs(request.user)), "")},
    )
    if not cvr_form.is_valid():
        return render(
            request, "registry/apply_step.html", _step_context(None, step, cvr_form=cvr_form)
        )
    facts = cvr_form.facts
    form = EnterpriseForm(_posted(request)[0], initial={"contact_email": request.user.email})
    claim_form = None
    if not representatives.may_act_for(request.user, facts.cvr):
        claim_form = ClaimForm(*_posted(request), prefix="claim")
    # Both forms are checked, so every error shows at once.
    valid = [form.is_valid(), claim_form is None or claim_form.is_valid()]
    # "Gem og fortsæt senere" keeps what was typed, valid or not; a claim is sent to a case
    # handler at once, so it must be complete.
    saving_typed = request.method == "POST" and "save_and_leave" in request.POST and valid[1]
    starting = (request.method == "POST" and all(valid)) or saving_typed
    if starting and claim_form and _too_many_claims(request):
        claim_form.add_error(
            None, _("Du har anmodet om at handle for mange virksomheder. Prøv igen om en time.")
        )
    elif starting:
        claim = claim_form.cleaned_data if claim_form else {}
        stated = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data
        }
        try:
            application = applying.start_application(
                facts.cvr,
                {**_placeholders(facts.cvr), **facts.enterprise_fields(), **stated},
                statement=claim.get("statement", ""),
                evidence=claim.get("evidence"),
                by=request.user,
            )
        except applying.ActiveCaseExists:
            form.add_error(
                None,
                _(
                    "Der er allerede en aktiv ansøgning eller registrering for dette CVR-nummer. "
                    "Find den under Mine sager."
                ),
            )
        else:
            if not valid[0]:
                applying.save_draft_input(application, "enterprise", _typed(request, form))
            if carried := request.session.pop(selftest.SESSION_KEY, None):
                applying.save_answers(application, carried)
            if application.awaits_claim:
                messages.info(
                    request,
                    _(
                        "Ansøgningen er gemt som kladde. En sagsbehandler skal godkende, at du "
                        "må handle for virksomheden, før du kan sende den."
                    ),
                )
            else:
                messages.success(request, _("Ansøgningen er gemt som kladde."))
            if saving_typed:
                return redirect("registry:my_cases")
            return redirect(_step_url(application, next_step("enterprise")))
    return render(
        request,
        "registry/apply_step.html",
        _step_context(None, step, form=form, claim_form=claim_form, facts=facts),
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply_step(request, case_number, step):
    application = _own_case(request, case_number)
    if step not in STEP_BY_SLUG:
        raise Http404
    if application.status != ApplicationStatus.DRAFT:
        return redirect(application)
    current = STEP_BY_SLUG[step]
    if current.slug == "documents":
        return _documents_step(request, application, current)
    if current.slug == "summary":
        return _summary_step(request, application, current)
    enterprise = applying.enterprise_as_stated(application)
    instance = enterprise if current.slug == "enterprise" else application
    # Some criterion steps also ask about the enterprise (the purpose in its own words).
    enterprise_fields = getattr(current.form_class, "enterprise_fields", [])
    form = current.form_class(
        _posted(request)[0],
        instance=instance,
        initial={
            **{name: getattr(enterprise, name) for name in enterprise_fields},
            **application.draft_input.get(current.slug, {}),
        },
    )
    if request.method == "POST" and "save_and_leave" in request.POST and not form.is_valid():
        applying.save_draft_input(application, current.slug, _typed(request, form))
        messages.success(
            request,
            _("Det, du har skrevet, er gemt. Det skal være udfyldt korrekt, før du kan sende."),
        )
        return redirect("registry:my_cases")
    if request.method == "POST" and form.is_valid():
        try:
            if current.slug == "enterprise":
                applying.save_enterprise_step(application, form.enterprise_data())
            else:
                answers = {name: form.cleaned_data[name] for name in form.Meta.fields}
                applying.save_answers(application, answers)
                if enterprise_fields:
                    applying.save_enterprise_step(
                        application, {name: form.cleaned_data[name] for name in enterprise_fields}
                    )
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(application)
        applying.save_step(application, current.slug)
        messages.success(request, _("Dine svar er gemt."))
        if "save_and_leave" in request.POST:
            return redirect("registry:my_cases")
        return redirect(_step_url(application, next_step(current.slug)))
    facts = enterprise if current.slug == "enterprise" else None
    return render(
        request,
        "registry/apply_step.html",
        _step_context(application, current, form=form, facts=facts),
    )


def _typed(request, form) -> dict:
    """A form's fields as typed (lists for multiple choices), to be shown again as typed."""
    typed = {name: request.POST.getlist(name) for name in form.fields}
    return {name: values if len(values) > 1 else "".join(values) for name, values in typed.items()}


def _documents_step(request, application, step):
    form = DocumentForm(*_posted(request))
    evidence_form = NewEnterpriseForm(
        _posted(request)[0], initial={"new_enterprise": application.new_enterprise}
    )
    if request.method == "POST":
        if "remove" in request.POST:
            applying.remove_document(application, request.POST["remove"])
            messages.success(request, _("Dokumentet er fjernet."))
            return redirect(_step_url(application, step))
        if not _save_new_enterprise(application, evidence_form):
            return _documents_page(request, application, step, form, evidence_form)
        # "Fortsæt" with a file chosen uploads it first, as "Upload dokument" does.
        uploading = "upload" in request.POST or bool(request.FILES.get("file"))
        if uploading and form.is_valid():
            applying.add_document(
                application, form.cleaned_data["kind"], form.cleaned_data["file"], by=request.user
            )
            messages.success(request, _("Dokumentet er gemt."))
            if "upload" in request.POST:
                return redirect(_step_url(application, step))
        if "save_and_leave" in request.POST and (not uploading or form.is_valid()):
            return redirect("registry:my_cases")  # the documents are kept; the step not done
        if not uploading or form.is_valid():
            try:
                applying.complete_documents_step(application)
            except TransitionNotAllowed as error:
                form = _missing_document_form(application, str(error))
            else:
                return redirect(_step_url(application, next_step(step.slug)))
    return _documents_page(request, application, step, form, evidence_form)


def _missing_document_form(application, message: str) -> DocumentForm:
    """The upload form, set to the kind still missing, with why the step is not done yet."""
    kind = (
        case_handling.financial_evidence_kind(application)
        if case_handling.has_articles(application)
        else "articles"
    )
    form = DocumentForm({"kind": kind}, {})
    form.is_valid()
    form.errors["file"] = form.error_class([message])
    return form


def _save_new_enterprise(application, evidence_form) -> bool:
    """Whether the applicant's "new enterprise" answer is saved (an error on the form if not)."""
    if not evidence_form.is_valid():
        return False
    try:
        applying.set_new_enterprise(application, evidence_form.cleaned_data["new_enterprise"])
    except TransitionNotAllowed as error:
        evidence_form.add_error("new_enterprise", str(error))
        return False
    return True


def _documents_page(request, application, step, form, evidence_form):
    return render(
        request,
        "registry/apply_documents.html",
        _step_context(
            application,
            step,
            form=form,
            evidence_form=evidence_form,
            documents=application.documents.all(),
        ),
    )


def _summary_step(request, application, step):
    form = DeclarationForm(_posted(request)[0])
    missing = case_handling.missing_parts(application)
    if request.method == "POST" and form.is_valid() and not missing:
        try:
            applying.submit_application(application, by=request.user)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            return redirect("registry:receipt", case_number=application.case_number)
    return render(
        request,
        "registry/apply_summary.html",
        _step_context(
            application,
            step,
            form=form,
            missing=[
                (part.text, part.step and _step_url(application, STEP_BY_SLUG[part.step]))
                for part in missing
            ],
            sections=answer_sections(application, applying.enterprise_as_stated(application)),
        ),
    )


@login_required
def apply_resume(request, case_number):
    application = _own_case(request, case_number)
    return redirect(_step_url(application, first_unfinished(application.completed_steps)))


@login_required
def receipt(request, case_number):
    application = _own_case(request, case_number)
    if application.status == ApplicationStatus.DRAFT:
        return redirect("registry:apply_resume", case_number=case_number)
    return render(
        request,
        "registry/receipt.html",
        {"breadcrumbs": _crumbs((_("Kvittering"), None)), "application": application},
    )


@login_required
def receipt_pdf(request, case_number):
    application = _own_case(request, case_number)
    if not application.submitted_answers:
        raise Http404
    response = HttpResponse(
        receipt_pdf_bytes(application, settings.CENTRE["name"]), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="kvittering-{case_number}.pdf"'
    return response


@login_required
def my_cases(request):
    return render(
        request,
        "registry/my_cases.html",
        {
            "breadcrumbs": breadcrumbs(
                (_("Registrering"), reverse("registry:index")), (_("Mine sager"), None)
            ),
            "cases": selectors.cases_for_user(request.user),
            "accounts": SocialAccount.objects.for_user(request.user)
            .outstanding()
            .select_related("enterprise"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, case_number):
    application = _own_case(request, case_number)
    answer_form = AnswerForm(*_posted(request), prefix="answer")
    if request.method == "POST" and answer_form.is_valid():
        try:
            applying.answer_information_request(
                application,
                answer_form.cleaned_data["text"],
                answer_form.documents(),
                by=request.user,
            )
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Dit svar er sendt til sagsbehandleren."))
        return redirect(application)
    return _case_page(request, application, answer_form=answer_form)


def _case_page(request, application, *, answer_form=None, withdraw_form=None):
    """The case page; a form given is bound and shows its errors next to its fields."""
    registered = application.status == ApplicationStatus.REGISTERED
    return render(
        request,
        "registry/case_detail.html",
        {
            "breadcrumbs": _crumbs((application.case_number, None)),
            "application": application,
            **selectors.case_page(application),
            "answer_form": answer_form or AnswerForm(prefix="answer"),
            "hearing_form": HearingAnswerForm(prefix="hearing"),
            "withdraw_form": withdraw_form
            or WithdrawForm(prefix="withdraw", deregistering=registered),
            "change_form": ChangeForm(instance=application.enterprise, prefix="change")
            if registered
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, case_number):
    """Withdraw an application, or deregister a registered enterprise at its own request.

    The form is on the case page; a GET (the address bar after an error) leads there."""
    application = _own_case(request, case_number)
    if request.method == "GET":
        return redirect(application)
    registered = application.status == ApplicationStatus.REGISTERED
    form = WithdrawForm(request.POST, prefix="withdraw", deregistering=registered)
    if not form.is_valid():
        return _case_page(request, application, withdraw_form=form)
    reason = form.cleaned_data["reason"]
    try:
        if registered:
            case_handling.deregister_voluntarily(application, reason, by=request.user)
        else:
            applying.withdraw_application(application, reason, by=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Sagen er opdateret."))
    return redirect(application)


@login_required
@require_POST
def reapply(request, case_number):
    previous = _own_case(request, case_number)
    try:
        application = applying.reapply(previous, by=request.user)
    except applying.ActiveCaseExists:
        messages.error(
            request,
            _("Virksomheden har allerede en aktiv ansøgning eller registrering. Se den her."),
        )
        return redirect("registry:my_cases")
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect(previous)
    messages.success(
        request,
        _(
            "Den nye ansøgning er udfyldt med svarene og dokumenterne fra sag %(case)s. Ret det, "
            "afgørelsen handlede om, og send den igen."
        )
        % {"case": previous.case_number},
    )
    return redirect(_step_url(application, STEP_BY_SLUG["summary"]))


def _case_pdf(request, application, file, filename):
    """A case's PDF, streamed only to the enterprise's representatives and the case handlers."""
    allowed = representatives.may_act_on_case(request.user, application) or staff_permitted(
        request, roles.is_case_handler
    )
    if not allowed:
        raise Http404
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


@login_required
def document(request, pk):
    doc = get_object_or_404(Document.objects.select_related("application__enterprise"), pk=pk)
    return _case_pdf(request, doc.application, doc.file, doc.original_name)


@login_required
def letter(request, pk):
    """A decision letter, as the enterprise received it."""
    found = get_object_or_404(DecisionLetter.objects.select_related("application"), pk=pk)
    return _case_pdf(request, found.application, found.file, found.filename)


@login_required
@require_http_methods(["GET", "POST"])
def answer_hearing(request, case_number):
    """The enterprise answers the open hearing; errors are shown next to the fields."""
    application = _own_case(request, case_number)
    hearing = hearings.open_hearing(application)
    if hearing is None:
        if request.method == "POST":
            messages.error(request, _("Der er ingen partshøring, som kan besvares."))
        return redirect(application)
    form = HearingAnswerForm(*_posted(request), prefix="hearing")
    if request.method == "POST" and form.is_valid():
        try:
            hearings.answer_hearing(
                hearing, form.cleaned_data["text"], form.cleaned_data["file"], by=request.user
            )
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Jeres svar er sendt til sagsbehandleren."))
        return redirect(application)
    return render(
        request,
        "registry/hearing_answer.html",
        {
            "breadcrumbs": _crumbs(
                (application.case_number, application.get_absolute_url()),
                (_("Partshøring"), None),
            ),
            "application": application,
            "hearing": hearing,
            "hearing_form": form,
        },
    )


@login_required
def evidence(request, pk):
    """A claim's proof is streamed only to the person who gave it and the case handlers."""
    representation = get_object_or_404(Representation.objects.exclude(evidence=""), pk=pk)
    if not (
        representation.user_id == request.user.pk or staff_permitted(request, roles.is_case_handler)
    ):
        raise Http404
    return FileResponse(
        representation.evidence.open("rb"),
        as_attachment=True,
        filename=representation.evidence_name or "bevis.pdf",
        content_type="application/pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_change(request, case_number):
    """The change form, also on the case page; errors come back on a page of its own."""
    application = _own_case(request, case_number)
    if application.status != ApplicationStatus.REGISTERED:
        raise Http404
    enterprise = application.enterprise
    form = ChangeForm(*_posted(request), instance=enterprise, prefix="change")
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        enterprise.refresh_from_db()  # the form wrote its values onto the instance
        changes = social_accounts.report_change(enterprise, data, by=request.user)
        messages.success(
            request,
            _("Ændringen er registreret.") if changes else _("Der var ingen ændringer."),
        )
        return redirect(application)
    enterprise.refresh_from_db()
    return render(
        request,
        "registry/report_change.html",
        {
            "breadcrumbs": _crumbs(
                (application.case_number, application.get_absolute_url()), (_("Ændringer"), None)
            ),
            "application": application,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def social_account(request, pk):
    account = get_object_or_404(
        SocialAccount.objects.for_user(request.user).select_related("enterprise", "annual_report"),
        pk=pk,
    )
    editable = account.status in (AccountStatus.DUE, AccountStatus.RETURNED)
    form = SocialAccountForm(*_posted(request), instance=account) if editable else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            social_accounts.submit_social_account(
                account, data, annual_report=form.cleaned_data["annual_report"], by=request.user
            )
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Det sociale regnskab er indsendt."))
        return redirect(account)
    return render(
        request,
        "registry/social_account.html",
        {
            "breadcrumbs": _crumbs(
                (_("Socialt regnskab %(year)s") % {"year": account.financial_year}, None)
            ),
            "account": account,
            "form": form,
        },
    )
