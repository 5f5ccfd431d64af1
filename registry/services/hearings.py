"""Partshøring before deregistration: the enterprise is told why and may answer by a deadline.

The authority may deregister (``case_handling.deregister``) only once a hearing was sent and
the enterprise has answered or the deadline has passed. A hearing stays outstanding until the
deregistration decision or until the handler closes it without one (``close_hearing``);
meanwhile the public register does not list the enterprise
(``Enterprise.objects.in_good_standing``), so starting and closing a hearing move the register's
version.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from core.mail import send_templated_mail
from core.state_machine import TransitionNotAllowed
from core.templatetags.html_time import long_date
from registry.models import (
    Action,
    Application,
    ApplicationStatus,
    CaseEvent,
    Document,
    DocumentKind,
    Hearing,
    HearingGround,
    HearingOutcome,
)
from registry.page_cache import register_changed
from registry.services.representatives import may_act_on_case


def open_hearing(application: Application) -> Hearing | None:
    """The hearing the enterprise may still answer, if any."""
    hearing = application.hearings.last()
    return hearing if hearing is not None and hearing.is_open else None


def outstanding_hearing(application: Application) -> Hearing | None:
    """The hearing sent and not yet closed (answered or not), if any."""
    return application.hearings.outstanding().last()


@transaction.atomic
def start_hearing(
    application: Application, ground: str, notice: str, *, by, supervision_case=None
) -> Hearing:
    """Send the enterprise a hearing; ``by`` is None when the periodic job sends it."""
    if by is not None and not roles.is_case_handler(by):
        raise PermissionDenied
    if application.status != ApplicationStatus.REGISTERED:
        raise TransitionNotAllowed(
            _("Kun en registreret virksomhed kan partshøres om afregistrering.")
        )
    if ground not in HearingGround.values:
        raise TransitionNotAllowed(_("Vælg grundlaget for partshøringen."))
    if not notice.strip():
        raise TransitionNotAllowed(_("Skriv, hvorfor virksomheden kan blive afregistreret."))
    if outstanding_hearing(application):
        raise TransitionNotAllowed(_("Der er allerede en partshøring, som ikke er afsluttet."))
    deadline = timezone.localdate() + dt.timedelta(days=settings.DEREGISTRATION_HEARING_DAYS)
    hearing = Hearing.objects.create(
        application=application,
        ground=ground,
        notice=notice.strip(),
        sent_by=by,
        deadline=deadline,
        supervision_case=supervision_case,
    )
    CaseEvent.record(
        application=application,
        by=by,
        action=Action.HEARING_SENT,
        note=_("%(ground)s: %(notice)s\nSvarfrist: %(deadline)s")
        % {
            "ground": hearing.get_ground_display(),
            "notice": hearing.notice,
            "deadline": long_date(deadline),  # as the case page writes dates
        },
    )
    send_templated_mail(
        "registry/email/hearing",
        {"application": application, "hearing": hearing},
        application.enterprise.representatives.values_list("email", flat=True),
        language=application.language,
    )
    register_changed()  # the register no longer lists the enterprise
    return hearing


@transaction.atomic
def close_hearing(hearing: Hearing, reason: str, *, by) -> Hearing:
    """The handler ends the hearing without deregistering the enterprise: it is back in the
    public register, is told so by mail and on its case, and the supervision case that led to
    the hearing, if any, is resolved."""
    if not roles.is_case_handler(by):
        raise PermissionDenied
    if hearing.closed_at is not None:
        raise TransitionNotAllowed(_("Partshøringen er allerede afsluttet."))
    if not reason.strip():
        raise TransitionNotAllowed(_("Skriv, hvorfor sagen afsluttes uden afregistrering."))
    application = hearing.application
    hearing.closed_at = timezone.now()
    hearing.closed_by = by
    hearing.outcome = HearingOutcome.CLOSED
    hearing.closed_reason = reason.strip()
    hearing.save(update_fields=["closed_at", "closed_by", "outcome", "closed_reason"])
    CaseEvent.record(
        application=application, by=by, action=Action.HEARING_CLOSED, note=hearing.closed_reason
    )
    if hearing.supervision_case is not None:
        # supervision imports this module (``send_to_hearing``), so not at the top.
        from registry.services import supervision

        supervision.resolve_after_hearing(hearing.supervision_case, hearing.closed_reason, by=by)
    send_templated_mail(
        "registry/email/hearing_closed",
        {"application": application, "hearing": hearing},
        application.enterprise.representatives.values_list("email", flat=True),
        language=application.language,
    )
    register_changed()  # the enterprise is listed again
    return hearing


def close_on_deregistration(application: Application, *, by) -> None:
    """The decision to deregister ends the hearings still outstanding on the case."""
    application.hearings.outstanding().update(
        closed_at=timezone.now(),
        closed_by=by if by is not None and by.is_authenticated else None,
        outcome=HearingOutcome.DEREGISTERED,
    )


@transaction.atomic
def answer_hearing(hearing: Hearing, text: str, upload=None, *, by) -> Hearing:
    """The enterprise's answer (and a PDF, if given) lands on the case's history and documents."""
    application = hearing.application
    if not may_act_on_case(by, application):
        raise PermissionDenied
    if hearing.answered_at is not None:
        raise TransitionNotAllowed(_("Partshøringen er allerede besvaret."))
    if application.status != ApplicationStatus.REGISTERED or hearing.closed_at is not None:
        raise TransitionNotAllowed(
            _("Sagen er afgjort, og partshøringen kan ikke længere besvares.")
        )
    if not text.strip():
        raise TransitionNotAllowed(_("Skriv jeres svar."))
    hearing.answer = text.strip()
    hearing.answered_at = timezone.now()
    hearing.answered_by = by
    hearing.save(update_fields=["answer", "answered_at", "answered_by"])
    if upload is not None:
        Document.objects.create(
            application=application,
            kind=DocumentKind.OTHER,
            file=upload,
            original_name=upload.name[:200],
            size=upload.size,
            uploaded_by=by,
        )
    CaseEvent.record(
        application=application, by=by, action=Action.HEARING_ANSWERED, note=hearing.answer
    )
    return hearing
