import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from core.periodic import registered_jobs
from core.state_machine import TransitionNotAllowed
from guidance import selectors, services
from guidance.jobs import anonymise_old_enquiries
from guidance.models import DataRequestLog, Enquiry, EnquiryStatus, MessageKind, Partner

pytestmark = pytest.mark.django_db


def test_a_request_without_account_waits_for_the_confirmed_email(make_enquiry, mailbox):
    enquiry = make_enquiry(confirmed=False)
    assert enquiry.status == EnquiryStatus.UNCONFIRMED
    assert not Enquiry.objects.in_queue().exists()
    [confirmation] = mailbox()
    token = re.search(r"/raadgivning/bekraeft/([^/]+)/", confirmation.body).group(1)
    assert services.enquiry_for_confirmation(token) == enquiry

    assert services.confirm_email(enquiry) is True
    assert services.confirm_email(enquiry) is False  # a second click changes nothing
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.RECEIVED
    assert enquiry.email_confirmed_at and enquiry.received_at
    assert [c.to_status for c in enquiry.status_changes.all()] == [
        EnquiryStatus.UNCONFIRMED,
        EnquiryStatus.RECEIVED,
    ]
    receipt = mailbox()[-1]
    assert enquiry.reference in receipt.subject
    token = re.search(r"/raadgivning/sag/([^/\s]+)/", receipt.body).group(1)
    assert selectors.enquiry_for_token(token) == enquiry
    assert token not in str(list(Enquiry.objects.values()))  # only its digest is stored


def test_due_date_counts_danish_working_days(make_enquiry, settings, monkeypatch):
    settings.GUIDANCE_RESPONSE_WORKING_DAYS = 5
    maundy_thursday = dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC)  # Wednesday before Easter
    monkeypatch.setattr(timezone, "now", lambda: maundy_thursday)
    enquiry = make_enquiry()
    # Thu 2, Fri 3 and Mon 6 April are holidays: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13.
    assert enquiry.due_date == dt.date(2026, 4, 13)


def test_a_forged_or_expired_confirmation_link_is_refused(make_enquiry, settings):
    enquiry = make_enquiry(confirmed=False)
    token = services.confirmation_token(enquiry)
    assert services.enquiry_for_confirmation(token) == enquiry
    assert services.enquiry_for_confirmation(token + "x") is None
    settings.GUIDANCE_CONFIRMATION_MAX_AGE = -1
    assert services.enquiry_for_confirmation(token) is None


def test_the_state_machine_refuses_illegal_transitions(make_enquiry, adviser):
    enquiry = make_enquiry(confirmed=False)
    with pytest.raises(TransitionNotAllowed):
        services.reply_as_adviser(enquiry, "Svar", by=adviser)  # not confirmed yet
    with pytest.raises(TransitionNotAllowed):
        services.assign(enquiry, adviser, by=adviser)
    with pytest.raises(TransitionNotAllowed):
        services.transition(enquiry, EnquiryStatus.CLOSED, by=adviser)
    services.confirm_email(enquiry)
    enquiry.refresh_from_db()
    services.close(enquiry, by=adviser)
    with pytest.raises(TransitionNotAllowed, match="fra “Lukket” til “Besvaret”"):
        services.transition(enquiry, EnquiryStatus.ANSWERED, by=adviser)
    with pytest.raises(TransitionNotAllowed):
        services.reply_as_adviser(enquiry, "Svar", by=adviser)
    assert services.manual_targets(enquiry) == []
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CLOSED


def test_advisers_choose_only_the_manual_statuses_and_closing_asks_for_satisfaction(
    make_enquiry, adviser
):
    enquiry = make_enquiry()
    with pytest.raises(TransitionNotAllowed):
        services.set_status_by_hand(enquiry, EnquiryStatus.ANSWERED, by=adviser)
    services.set_status_by_hand(enquiry, EnquiryStatus.IN_PROGRESS, by=adviser)
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.IN_PROGRESS
    services.set_status_by_hand(enquiry, EnquiryStatus.CLOSED, by=adviser)
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CLOSED
    assert enquiry.satisfaction_requested_at is not None


def test_adviser_flow_records_everything_and_mails_the_requester(make_enquiry, adviser, mailbox):
    enquiry = make_enquiry()
    services.assign(enquiry, adviser, by=adviser)
    assert enquiry.status == EnquiryStatus.IN_PROGRESS
    services.add_note(enquiry, "Ring til jobcentret først.", by=adviser)
    services.refer(enquiry, partner=Partner.JOB_CENTRE, partner_name="Jobcenter Odense", by=adviser)
    services.reply_as_adviser(enquiry, "Se https://socialvirksomhed.dk/viden/klausuler", by=adviser)
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.ANSWERED
    assert enquiry.first_answered_at is not None
    answer = mailbox()[-1]
    assert "https://socialvirksomhed.dk/viden/klausuler" in answer.body
    assert "Ring til jobcentret" not in answer.body

    services.close(enquiry, by=adviser)
    satisfaction_mail = mailbox()[-1]
    token = re.search(r"/raadgivning/sag/([^/\s]+)/#tilfredshed", satisfaction_mail.body)
    assert selectors.enquiry_for_token(token.group(1)) == enquiry
    services.record_satisfaction(enquiry, score=4, comment="Hurtigt svar")
    with pytest.raises(TransitionNotAllowed):
        services.record_satisfaction(enquiry, score=5)

    transitions = list(enquiry.status_changes.values_list("from_status", "to_status", "changed_by"))
    assert transitions[-3:] == [
        (EnquiryStatus.RECEIVED, EnquiryStatus.IN_PROGRESS, adviser.pk),
        (EnquiryStatus.IN_PROGRESS, EnquiryStatus.ANSWERED, adviser.pk),
        (EnquiryStatus.ANSWERED, EnquiryStatus.CLOSED, adviser.pk),
    ]


def test_a_message_from_the_requester_reopens_a_closed_request(make_enquiry, adviser, mailbox):
    enquiry = make_enquiry()
    services.assign(enquiry, adviser, by=adviser)
    services.reply_as_adviser(enquiry, "Svar", by=adviser)
    services.close(enquiry, by=adviser)
    mailbox()
    mail.outbox.clear()
    services.reply_as_requester(enquiry, "Et opfølgende spørgsmål")
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.IN_PROGRESS
    assert enquiry.messages.filter(kind=MessageKind.REQUESTER).count() == 2
    assert [m.to for m in mailbox()] == [[adviser.email]]


def test_the_periodic_job_anonymises_old_closed_requests_and_keeps_statistics(
    make_enquiry, adviser, settings
):
    settings.GUIDANCE_ANONYMISE_AFTER_MONTHS = 24
    old, recent = make_enquiry("gammel@example.dk"), make_enquiry("ny@example.dk")
    for enquiry in (old, recent):
        services.close(enquiry, by=adviser)
        services.record_satisfaction(enquiry, score=5, comment="Tak, Mette")
    Enquiry.objects.filter(pk=old.pk).update(closed_at=timezone.now() - dt.timedelta(days=750))
    assert "guidance.jobs.anonymise_old_enquiries" in registered_jobs()

    assert anonymise_old_enquiries() == 1
    assert anonymise_old_enquiries() == 0  # idempotent
    old.refresh_from_db()
    assert old.anonymised_at and old.email.endswith("@invalid") and old.name == services.ANONYMISED
    assert old.messages.get().body == services.ANONYMISED
    assert old.satisfaction.score == 5 and old.satisfaction.comment == ""
    assert old.topics and old.requester_type and old.municipality_id
    recent.refresh_from_db()
    assert recent.anonymised_at is None and recent.name == "Mette Jensen"


def test_gdpr_export_and_erasure_are_recorded(make_enquiry, adviser):
    make_enquiry("Person@Example.dk")
    make_enquiry("anden@example.dk")
    [exported] = services.export_personal_data("person@example.dk", by=adviser)
    assert exported["email"] == "Person@Example.dk" and exported["language"] == "Dansk"
    assert exported["messages"][0]["body"].startswith("Hvordan kan vi")
    assert services.erase_personal_data("person@example.dk", by=adviser) == 1
    assert services.export_personal_data("person@example.dk", by=adviser) == []
    assert list(DataRequestLog.objects.values_list("kind", "request_count", "performed_by")) == [
        ("export", 0, adviser.pk),
        ("erasure", 1, adviser.pk),
        ("export", 1, adviser.pk),
    ]
    assert "person@example.dk" not in str(list(DataRequestLog.objects.values()))


def test_never_confirmed_requests_are_deleted_after_the_link_expires(make_enquiry):
    stale, fresh = make_enquiry(confirmed=False), make_enquiry(confirmed=False)
    confirmed = make_enquiry()
    old = timezone.now() - dt.timedelta(days=5)
    Enquiry.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(created_at=old)
    assert registered_jobs()["guidance.jobs.delete_unconfirmed_enquiries"]() == 1
    assert set(Enquiry.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_statistics_count_unanswered_overdue_requests_as_late(make_enquiry, adviser):
    from guidance.selectors import default_period, statistics

    on_time, late, waiting = make_enquiry(), make_enquiry(), make_enquiry()
    services.reply_as_adviser(on_time, "Svar", by=adviser)
    Enquiry.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    services.close(on_time, by=adviser)
    services.record_satisfaction(on_time, score=5)
    figures = statistics(*default_period())
    assert (figures.total, figures.answered, figures.answered_in_time) == (3, 1, 1)
    assert figures.measurable == 2 and figures.share_in_time == 50
    assert figures.average_satisfaction == 5 and figures.satisfaction_count == 1
    assert waiting.pk  # not yet due: counts neither way
    municipalities = figures.by_requester_type[0]
    assert (municipalities.label, municipalities.count) == ("Kommune", 3)
    assert municipalities.share_in_time == 50 and municipalities.average_satisfaction == 5
    assert municipalities.median_days is not None and municipalities.median_days < 1
    job_centres = figures.by_requester_type[1]
    assert job_centres.count == 0 and job_centres.median_days is None
    assert [(bar.label, bar.count) for bar in figures.by_region] == [("Syddanmark", 3)]
    employment = next(bar for bar in figures.by_topic if bar.label.startswith("Beskæftigelse"))
    assert employment.count == 3 and employment.share_in_time == 50
    assert figures.by_month[-1].count == 3 and figures.by_month[-1].answered_in_time == 1


# --- Closing by itself when the requester does not reply ----------------------------------------

COPENHAGEN = timezone.get_default_timezone()


def answered_on(enquiry, adviser, day: dt.date, body: str = "Svar") -> None:
    """An adviser's answer sent on ``day`` (in the afternoon, local time)."""
    message = services.reply_as_adviser(enquiry, body, by=adviser)
    message.created_at = dt.datetime.combine(day, dt.time(14), tzinfo=COPENHAGEN)
    message.save(update_fields=["created_at"])


def test_an_unreplied_answer_closes_after_ten_working_days_over_easter(
    make_enquiry, adviser, mailbox, settings
):
    settings.GUIDANCE_AUTO_CLOSE_WORKING_DAYS = 10
    enquiry = make_enquiry()
    # Thursday before Easter 2026: Maundy Thursday, Good Friday, Easter Monday and two weekends
    # fall in the window, so the tenth working day is Tuesday 14 April.
    answered_on(enquiry, adviser, dt.date(2026, 3, 26))
    [answer] = mailbox()[-1:]
    closes_on = date_format(services.reply_window_end(timezone.localdate()), "j. F Y")
    assert f"Har du ikke skrevet igen senest {closes_on}, lukker vi" in answer.body
    mail.outbox.clear()
    assert services.reply_window_end(dt.date(2026, 3, 26)) == dt.date(2026, 4, 14)

    assert services.close_unreplied(today=dt.date(2026, 4, 14)) == 0
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.ANSWERED

    assert services.close_unreplied(today=dt.date(2026, 4, 15)) == 1
    assert services.close_unreplied(today=dt.date(2026, 4, 16)) == 0  # idempotent
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CLOSED and enquiry.closed_at is not None
    last = enquiry.status_changes.last()
    assert (last.from_status, last.to_status, last.changed_by) == (
        EnquiryStatus.ANSWERED,
        EnquiryStatus.CLOSED,
        None,
    )
    assert "automatisk" in last.note
    [satisfaction_mail] = mailbox()
    assert "#tilfredshed" in satisfaction_mail.body
    assert services.can_rate(enquiry)
    # The anonymising clock runs from the closing.
    months = settings.GUIDANCE_ANONYMISE_AFTER_MONTHS + 1
    assert services.anonymise_expired(now=enquiry.closed_at + dt.timedelta(days=31 * months)) == 1


def test_the_christmas_holidays_and_weekends_do_not_count():
    # Friday 18 December: 24-26 December, New Year's Day and three weekends fall in between.
    assert services.reply_window_end(dt.date(2026, 12, 18)) == dt.date(2027, 1, 6)


def test_a_reply_from_the_requester_keeps_the_enquiry_open_and_a_new_answer_restarts_the_clock(
    make_enquiry, adviser, settings
):
    settings.GUIDANCE_AUTO_CLOSE_WORKING_DAYS = 10
    enquiry = make_enquiry()
    answered_on(enquiry, adviser, dt.date(2026, 3, 26))
    services.reply_as_requester(enquiry, "Tak, men hvad med udbuddet?")
    assert services.close_unreplied(today=dt.date(2026, 4, 20)) == 0
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.IN_PROGRESS

    answered_on(enquiry, adviser, dt.date(2026, 4, 15), "Nyt svar")
    assert services.close_unreplied(today=dt.date(2026, 4, 29)) == 0  # tenth working day
    assert services.close_unreplied(today=dt.date(2026, 4, 30)) == 1


def test_the_periodic_job_closes_unreplied_answers(make_enquiry, adviser):
    enquiry = make_enquiry()
    answered_on(enquiry, adviser, timezone.localdate() - dt.timedelta(days=30))
    assert registered_jobs()["guidance.jobs.close_unreplied_enquiries"]() == 1
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CLOSED


def test_statistics_count_answer_times_in_working_days_like_the_target(make_enquiry, adviser):
    from guidance.selectors import statistics

    at = lambda day, hour: dt.datetime.combine(day, dt.time(hour), tzinfo=COPENHAGEN)  # noqa: E731
    over_easter, over_a_weekend, same_day = make_enquiry(), make_enquiry(), make_enquiry()
    # Wednesday 1 April to Tuesday 7 April 2026: Maundy Thursday, Good Friday, the weekend and
    # Easter Monday do not count, so one working day (six calendar days).
    # Friday 3 July (late) to Tuesday 7 July: the weekend does not count, so two working days.
    for enquiry, received, answered in [
        (over_easter, at(dt.date(2026, 4, 1), 10), at(dt.date(2026, 4, 7), 9)),
        (over_a_weekend, at(dt.date(2026, 7, 3), 23), at(dt.date(2026, 7, 7), 8)),
        (same_day, at(dt.date(2026, 7, 6), 9), at(dt.date(2026, 7, 6), 15)),
    ]:
        Enquiry.objects.filter(pk=enquiry.pk).update(
            received_at=received, first_answered_at=answered, due_date=received.date()
        )
    figures = statistics(dt.date(2026, 4, 1), dt.date(2026, 7, 31))
    assert figures.answered == 3 and figures.median_days == 1
    april = next(bar for bar in figures.by_month if bar.count and bar.label.startswith("apr"))
    assert april.median_days == 1  # not 5.96 calendar days
    july = next(bar for bar in figures.by_month if bar.label.startswith("jul"))
    assert july.median_days == 1 and july.p90_days == 1.8  # 0 and 2 working days
    # Answered on the due date is in time; the Easter one a working day late.
    assert figures.answered_in_time == 1
