"""Partshøring before deregistration: the enterprise is told why and may answer by a deadline.

The authority may deregister (``case_handling.deregister``) only once a hearing was sent and
the enterprise has answered or the deadline has passed.
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
from registry.models import (
    Action,
    Application,
    ApplicationStatus,
    CaseEvent,
    Document,
    DocumentKind,
    Hearing,
    HearingGround,
)
from registry.services.representatives import may_act_on_case


def open_hearing(application: Application) -> Hearing | None:
    """The hearing the enterprise may still answer, if any."""
    hearing = application.hearings.last()
    return hearing if hearing is not None and hearing.is_open else None


@transaction.atomic
def start_hearing(application: Application, ground: str, notice: str, *, by) -> Hearing:
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
    if open_hearing(application):
        raise TransitionNotAllowed(
            _("Der er allerede en partshøring, som virksomheden kan svare på.")
        )
    deadline = timezone.localdate() + dt.timedelta(days=settings.DEREGISTRATION_HEARING_DAYS)
    hearing = Hearing.objects.create(
        application=application,
        ground=ground,
        notice=notice.strip(),
        sent_by=by,
        deadline=deadline,
    )
    CaseEvent.record(
        application=application,
        by=by,
        action=Action.HEARING_SENT,
        note=_("%(ground)s: %(notice)s\nSvarfrist: %(deadline)s")
        % {
            "ground": hearing.get_ground_display(),
            "notice": hearing.notice,
            "deadline": deadline.strftime("%d-%m-%Y"),
        },
    )
    send_templated_mail(
        "registry/email/hearing",
        {"application": application, "hearing": hearing},
        application.enterprise.representatives.values_list("email", flat=True),
        language=application.language,
    )
    return hearing


@transaction.atomic
def answer_hearing(hearing: Hearing, text: str, upload=None, *, by) -> Hearing:
    """The enterprise's answer (and a PDF, if given) lands on the case's history and documents."""
    application = hearing.application
    if not may_act_on_case(by, application):
        raise PermissionDenied
    if hearing.answered_at is not None:
        raise TransitionNotAllowed(_("Partshøringen er allerede besvaret."))
    if application.status != ApplicationStatus.REGISTERED:
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
