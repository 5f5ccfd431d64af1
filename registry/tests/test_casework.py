"""Case handling as the law runs it: internal notes, the paused four weeks, the evidence of
trade, the financial year's deadline and the review of one social account."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.admin import short_date
from core.state_machine import TransitionNotAllowed
from portal.models import Article
from registry.models import (
    AccountStatus,
    Action,
    Application,
    ApplicationStatus,
    CaseEvent,
    Criterion,
    DecisionLetter,
    Enterprise,
    Outcome,
    SocialAccount,
)
from registry.services import applying, case_handling, social_accounts
from registry.tests.conftest import assess, pdf_upload

pytestmark = pytest.mark.django_db


# --- Internal notes ---------------------------------------------------------------------------


def test_an_internal_note_is_shown_to_the_handlers_and_never_to_the_applicant(
    staff_client, make_case, applicant, handler, other_user
):
    application = make_case(ApplicationStatus.UNDER_REVIEW)
    note_url = reverse("admin:registry_application_note", args=[application.pk])
    page = staff_client.post(note_url, {"message": "  "}).content.decode()
    assert "Skriv noten." in page
    response = staff_client.post(note_url, {"message": "Ringede til direktøren om budgettet."})
    assert response.status_code == 302
    note = application.events.get(action=Action.NOTE)
    assert note.staff_only and note.changed_by == handler and note.changed_at

    admin_page = staff_client.get(
        reverse("admin:registry_application_change", args=[application.pk])
    ).content.decode()
    assert "Ringede til direktøren" in admin_page and "Intern" in admin_page
    assert "Ansøgeren kan se den" in admin_page  # the submission is applicant-visible
    assert '<span class="rsv-tag">Ansøgeren' not in admin_page  # words, not a button look-alike

    staff_client.force_login(applicant)
    case_page = staff_client.get(application.get_absolute_url()).content.decode()
    my_cases = staff_client.get(reverse("registry:my_cases")).content.decode()
    assert "Ringede til direktøren" not in case_page and "Intern note" not in case_page
    assert "Intern note" not in my_cases
    with pytest.raises(PermissionDenied):
        case_handling.add_note(application, "Ikke min sag.", by=applicant)
    assert not CaseEvent.objects.filter(note="Ikke min sag.").exists()


# --- The paused clock -------------------------------------------------------------------------

NOON = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


def _days(n):
    return dt.timedelta(days=n)


def test_the_four_weeks_stop_while_the_case_waits_for_the_applicant(make_case, handler, applicant):
    with time_machine.travel(NOON, tick=False) as clock:
        application = make_case(ApplicationStatus.UNDER_REVIEW)
        deadline = application.deadline
        assert deadline == NOON + _days(28)
        clock.shift(_days(3))
        case_handling.request_information(application, "Send budgettet.", by=handler)
        assert application.paused_since == NOON + _days(3)
        clock.shift(_days(10))  # the case waits: the days left do not run down
        assert application.days_left == 25 and application.total_paused_days == 10
        assert application.current_deadline == deadline + _days(10)
        queue = Application.objects.with_current_deadline().get(pk=application.pk)
        assert queue.moved_deadline == deadline + _days(10)

        applying.answer_information_request(application, "Her er budgettet.", by=applicant)
        application.refresh_from_db()
        assert application.paused_since is None and application.paused_days == 10
        assert application.deadline == deadline + _days(10) == application.current_deadline
        assert application.days_left == 25
        moved = application.events.get(action=Action.DEADLINE_MOVED)
        assert not moved.staff_only and "10 dage" in moved.note and "9. april 2026" in moved.note


def test_two_pauses_add_up_and_a_same_day_answer_moves_nothing(make_case, handler, applicant):
    with time_machine.travel(NOON, tick=False) as clock:
        application = make_case(ApplicationStatus.UNDER_REVIEW)
        deadline = application.deadline
        case_handling.request_information(application, "Send vedtægterne.", by=handler)
        clock.shift(_days(4))
        applying.answer_information_request(application, "Vedlagt.", by=applicant)
        clock.shift(_days(2))
        case_handling.request_information(application, "Og bestyrelsens navne.", by=handler)
        clock.shift(_days(7))
        applying.answer_information_request(application, "Her.", by=applicant)
        case_handling.request_information(application, "En sidste ting.", by=handler)
        applying.answer_information_request(application, "Klaret.", by=applicant)
    application.refresh_from_db()
    assert application.paused_days == 11 and application.deadline == deadline + _days(11)
    assert application.events.filter(action=Action.DEADLINE_MOVED).count() == 2


def test_an_unanswered_request_lets_the_handler_go_on_once_the_answer_date_has_passed(
    make_case, handler, applicant, staff_client, settings, mailbox
):
    settings.REGISTRY_ANSWER_DAYS = 14
    with time_machine.travel(NOON, tick=False) as clock:
        application = make_case(ApplicationStatus.UNDER_REVIEW)
        deadline = application.deadline
        case_handling.request_information(application, "Send budgettet.", by=handler)
        [asked] = [m for m in mailbox() if "Vi mangler oplysninger" in m.subject]
        assert "Svar senest 16. marts 2026." in asked.body
        case_page = staff_client.get(
            reverse("admin:registry_application_change", args=[application.pk])
        ).content.decode()
        assert "Ansøgeren kan svare til og med 16. marts 2026." in case_page
        with pytest.raises(TransitionNotAllowed, match="til og med 16"):
            case_handling.resume_without_answer(application, "Vi går videre.", by=handler)

        clock.shift(_days(15))
        with pytest.raises(PermissionDenied):
            case_handling.resume_without_answer(application, "Videre.", by=applicant)
        with pytest.raises(TransitionNotAllowed, match="besked"):
            case_handling.resume_without_answer(application, " ", by=handler)
        url = reverse("admin:registry_application_transition", args=[application.pk, "resume"])
        staff_client.force_login(handler)  # two weeks on, the sign-in has expired
        assert "Behandl videre uden svar" in staff_client.get(url).content.decode()
        staff_client.post(
            url, {"version": application.version, "message": "Vi afgør på det, vi har."}
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert application.paused_since is None and application.deadline == deadline + _days(15)
    resumed = application.events.get(action=Action.RESUME)
    assert resumed.changed_by == handler and not resumed.staff_only
    assert resumed.note == "Vi afgør på det, vi har."
    assert application.events.filter(action=Action.DEADLINE_MOVED).exists()
    [told] = [m for m in mailbox() if "uden jeres svar" in m.subject]
    assert "Vi afgør på det, vi har." in told.body


def test_no_decision_while_the_clock_is_stopped(make_case, handler, staff_client):
    application = make_case(ApplicationStatus.AWAITING_APPLICANT)
    assess(application, Outcome.MET)
    with pytest.raises(TransitionNotAllowed):
        case_handling.register(application, by=handler)
    with pytest.raises(TransitionNotAllowed):
        case_handling.reject(application, by=handler)
    assert Application.objects.get(pk=application.pk).paused_since is not None
    # The case page says why no decision is offered, rather than offering nothing silently.
    page = staff_client.get(
        reverse("admin:registry_application_change", args=[application.pk])
    ).content.decode()
    assert "Sagen venter på ansøgerens svar, og fristen står stille." in page
    assert "Registrér virksomheden" not in page


def test_the_queue_shows_paused_days_and_the_moved_deadline_overdue_first(
    staff_client, make_case, handler
):
    with time_machine.travel(NOON, tick=False) as clock:
        paused = make_case(ApplicationStatus.UNDER_REVIEW, name="Ventende ApS")
        case_handling.request_information(paused, "Send budgettet.", by=handler)
        clock.shift(_days(1))
        fresh = make_case(ApplicationStatus.SUBMITTED, name="Frisk ApS")
        clock.shift(_days(30))  # "fresh" is 2 days overdue; "paused" still has 28 days
        page = staff_client.get(reverse("admin:registry_application_changelist")).content
        page = page.decode()
        assert page.index(fresh.case_number) < page.index(paused.case_number)
        assert "2 dage over" in page and "28 dage" in page
        assert "stoppet, 31 d. i bero" in page  # and due 31 days after 30 March:
        assert short_date(dt.datetime(2026, 4, 30, 12, tzinfo=dt.UTC)) in page
        overdue = staff_client.get(
            reverse("admin:registry_application_changelist"), {"frist": "overdue"}
        ).content.decode()
        assert fresh.case_number in overdue and paused.case_number not in overdue

        staff_client.force_login(paused.created_by)
        case_page = staff_client.get(paused.get_absolute_url()).content.decode()
        assert "Fristen for afgørelse er stoppet" in case_page


# --- The evidence of trade: annual report or, for a new enterprise, a budget -------------------


def test_submission_needs_the_annual_report_or_a_new_enterprises_budget(
    client, make_case, applicant
):
    application = make_case(ApplicationStatus.DRAFT, founded_year=timezone.localdate().year)
    applying.add_document(application, "articles", pdf_upload(), by=applicant)
    assert "Årsrapport (dokument)" in case_handling.missing_for_submission(application)
    client.force_login(applicant)
    url = reverse("registry:apply_step", args=[application.case_number, "documents"])
    page = client.post(url, {"next": ""}).content.decode()
    assert "Upload virksomhedens seneste årsrapport" in page and "Ny virksomhed" in page

    page = client.post(url, {"next": "", "new_enterprise": "on"}).content.decode()
    assert "Upload et budget med en beskrivelse" in page
    application.refresh_from_db()
    assert application.new_enterprise
    assert "Budget og beskrivelse af aktiviteter (dokument)" in (
        case_handling.missing_for_submission(application)
    )
    budget = pdf_upload("budget.pdf")
    response = client.post(
        url, {"next": "", "new_enterprise": "on", "kind": "budget", "file": budget}
    )
    assert response.status_code == 302 and "summary" in response["Location"]
    summary = client.get(response["Location"]).content.decode()
    assert "ny virksomhed uden årsrapport" in summary and "31. december" in summary


def test_only_a_young_enterprise_may_send_a_budget_instead(client, make_case, applicant):
    application = make_case(ApplicationStatus.DRAFT, founded_year=2012)
    with pytest.raises(TransitionNotAllowed, match="stiftet i 2012"):
        applying.set_new_enterprise(application, True)
    client.force_login(applicant)
    url = reverse("registry:apply_step", args=[application.case_number, "documents"])
    page = client.post(url, {"next": "", "new_enterprise": "on"}).content.decode()
    assert "stiftet i 2012" in page
    assert not Application.objects.get(pk=application.pk).new_enterprise


# --- The financial year -----------------------------------------------------------------------


def _ending(month, day):
    return Enterprise(financial_year_end_month=month, financial_year_end_day=day)


@pytest.mark.parametrize(
    ("month", "day", "year", "due"),
    [
        (12, 31, 2025, dt.date(2026, 5, 31)),  # the default
        (6, 30, 2025, dt.date(2025, 11, 30)),
        (8, 31, 2025, dt.date(2026, 1, 31)),
        (9, 30, 2027, dt.date(2028, 2, 29)),  # into a leap year's February
        (9, 30, 2026, dt.date(2027, 2, 28)),
        (2, 29, 2024, dt.date(2024, 7, 31)),  # a leap day is February's last
        (2, 29, 2025, dt.date(2025, 7, 31)),  # in other years the 28th is
        (3, 15, 2025, dt.date(2025, 8, 15)),  # not a month's end: the same day
    ],
)
def test_the_social_account_is_due_five_months_after_the_financial_year(month, day, year, due):
    assert social_accounts.accounts_deadline(year, _ending(month, day)) == due


def test_accounts_deadline_defaults_to_31_december():
    assert social_accounts.accounts_deadline(2025) == dt.date(2026, 5, 31)


def test_accounts_open_when_each_enterprises_own_financial_year_has_ended(make_case):
    december = make_case(ApplicationStatus.REGISTERED).enterprise
    june = make_case(ApplicationStatus.REGISTERED, name="Juni ApS").enterprise
    Enterprise.objects.filter(pk__in=[december.pk, june.pk]).update(
        registered_on=dt.date(2024, 3, 1)
    )
    Enterprise.objects.filter(pk=june.pk).update(
        financial_year_end_month=6, financial_year_end_day=30
    )
    assert social_accounts.open_due_accounts(dt.date(2025, 7, 1)) == 2
    accounts = {a.enterprise_id: a for a in SocialAccount.objects.all()}
    assert (accounts[june.pk].financial_year, accounts[june.pk].deadline) == (
        2025,
        dt.date(2025, 11, 30),
    )
    assert (accounts[december.pk].financial_year, accounts[december.pk].deadline) == (
        2024,
        dt.date(2025, 5, 31),
    )
    assert social_accounts.open_due_accounts(dt.date(2025, 7, 2)) == 0


def test_a_reported_financial_year_end_moves_the_outstanding_deadline(client, make_case, applicant):
    application = make_case(ApplicationStatus.REGISTERED)
    Enterprise.objects.filter(pk=application.enterprise_id).update(
        registered_on=dt.date(2024, 3, 1)
    )
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    client.force_login(applicant)
    enterprise = application.enterprise
    data = {
        f"change-{name}": getattr(enterprise, name)
        for name in ["name", "address", "postal_code", "city", "purpose"]
    }
    data["change-municipality"] = enterprise.municipality_id
    url = reverse("registry:report_change", args=[application.case_number])
    page = client.post(
        url, {**data, "change-financial_year_end_day": 31, "change-financial_year_end_month": 6}
    ).content.decode()
    assert "Datoen findes ikke" in page
    # The page's address, opened again from the address bar, shows the form, not a 405;
    # the withdrawal's address leads back to the case page.
    page = client.get(url).content.decode()
    assert "Meld en ændring" in page and f'value="{enterprise.name}"' in page
    withdraw = reverse("registry:withdraw", args=[application.case_number])
    assert client.get(withdraw)["Location"] == application.get_absolute_url()
    client.post(
        url, {**data, "change-financial_year_end_day": 31, "change-financial_year_end_month": 8}
    )
    assert SocialAccount.objects.get().deadline == dt.date(2026, 1, 31)
    assert "regnskabsåret slutter (måned): 12 → 8" in application.events.get(action="change").note


# --- The annual report with the social account, and the review of one account ---------------

ACCOUNT = {
    "turnover": 3_100_000,
    "employees": 9,
    "target_group_employees": 4,
    "volunteers": 2,
    "profit_after_tax": 200_000,
    "dividend_paid": 0,
    "paid_in_capital": 50_000,
    "management_pay": "Direktør: 420.000 kr.",
    "purpose_report": "Otte unge i fast job.",
    "independence_report": "Brugerråd og medarbejdervalgte i bestyrelsen.",
}


@pytest.fixture
def due_account(make_case):
    application = make_case(ApplicationStatus.REGISTERED)
    Enterprise.objects.filter(pk=application.enterprise_id).update(
        registered_on=dt.date(2024, 3, 1)
    )
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    return SocialAccount.objects.get()


def test_the_annual_report_is_sent_with_the_social_account(client, due_account, applicant):
    with pytest.raises(TransitionNotAllowed, match="årsrapporten"):
        social_accounts.submit_social_account(due_account, ACCOUNT, by=applicant)
    client.force_login(applicant)
    page = client.post(due_account.get_absolute_url(), ACCOUNT).content.decode()
    assert "Vedlæg årsrapporten for regnskabsåret som PDF." in page
    client.post(due_account.get_absolute_url(), {**ACCOUNT, "annual_report": pdf_upload()})
    due_account.refresh_from_db()
    assert due_account.status == AccountStatus.SUBMITTED
    report = due_account.annual_report
    assert report.kind == "annual_report" and report.application.enterprise == (
        due_account.enterprise
    )
    assert client.get(report.get_absolute_url()).status_code == 200


def test_a_handler_returns_one_account_with_a_reason_the_enterprise_reads(
    staff_client, due_account, applicant, handler, mailbox
):
    social_accounts.submit_social_account(
        due_account, ACCOUNT, annual_report=pdf_upload("aarsrapport.pdf"), by=applicant
    )
    change_url = reverse("admin:registry_socialaccount_change", args=[due_account.pk])
    assert "Send tilbage til rettelse" in staff_client.get(change_url).content.decode()
    return_url = reverse("admin:registry_socialaccount_review", args=[due_account.pk, "return"])
    page = staff_client.post(return_url, {"message": ""}).content.decode()
    assert "Skriv, hvad virksomheden skal rette." in page
    due_account.refresh_from_db()
    assert due_account.status == AccountStatus.SUBMITTED
    staff_client.post(return_url, {"message": "Vederlaget til bestyrelsen mangler."})
    due_account.refresh_from_db()
    assert due_account.status == AccountStatus.RETURNED and due_account.reviewed_by == handler
    event = CaseEvent.objects.get(action=Action.ACCOUNTS_REVIEWED)
    assert "Vederlaget til bestyrelsen mangler." in event.note and event.changed_by == handler
    assert any("Vederlaget til bestyrelsen mangler." in m.body for m in mailbox())

    staff_client.force_login(applicant)
    for url in [due_account.get_absolute_url(), reverse("registry:my_cases")]:
        assert "Vederlaget til bestyrelsen mangler." in staff_client.get(url).content.decode()
    # The returned account is sent again with the report it already has.
    staff_client.post(due_account.get_absolute_url(), ACCOUNT)
    due_account.refresh_from_db()
    assert due_account.status == AccountStatus.SUBMITTED

    staff_client.force_login(handler)
    approve_url = reverse("admin:registry_socialaccount_review", args=[due_account.pk, "approve"])
    staff_client.post(approve_url, {"message": ""})
    assert SocialAccount.objects.get().status == AccountStatus.APPROVED


def test_the_account_page_offers_only_the_reviews_allowed_now_and_two_reviews_cannot_race(
    staff_client, due_account, applicant, handler, mailbox
):
    change_url = reverse("admin:registry_socialaccount_change", args=[due_account.pk])
    page = staff_client.get(change_url)
    assert page.context["object_actions"] == []  # not submitted yet: nothing to review
    social_accounts.submit_social_account(
        due_account, ACCOUNT, annual_report=pdf_upload("aarsrapport.pdf"), by=applicant
    )
    page = staff_client.get(change_url)
    assert [label for _url, label in page.context["object_actions"]] == [
        "Godkend regnskabet",
        "Send tilbage til rettelse",
    ]
    assert page.context["actions_not_offered"] == []

    # Two handlers open the same account; the second review finds it already decided.
    seen_by_first, seen_by_second = (SocialAccount.objects.get(pk=due_account.pk) for _ in "ab")
    social_accounts.review_social_account(seen_by_first, by=handler, approve=True)
    mailbox().clear()
    with pytest.raises(TransitionNotAllowed):
        social_accounts.review_social_account(
            seen_by_second, by=handler, approve=False, note="Vederlaget mangler."
        )
    assert SocialAccount.objects.get(pk=due_account.pk).status == AccountStatus.APPROVED
    assert mailbox() == [] and not DecisionLetter.objects.filter(kind="account_returned").exists()
    assert staff_client.get(change_url).context["object_actions"] == []


# --- The self-test links each criterion to its guide article -----------------------------------

SELF_TEST_ANSWERS = {
    "legal_form": "aps",
    "purpose": "yes",
    "trade": "some",
    "independence": "no",
    "governance": "yes",
    "profit": "reinvest",
}


def _guide_links(client, **headers):
    page = client.get(reverse("registry:self_test"), SELF_TEST_ANSWERS, **headers)
    html = page.content.decode()
    return re.findall(r'<a href="([^"]+)">[^<]*<span class="sr-only">: ([^<]+)</span>', html)


@pytest.mark.demo("portal")
def test_each_criterion_links_to_its_published_guide_article_by_its_key(
    client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):  # the five articles in one query; the session
        links = _guide_links(client)
    assert [title for _url, title in links] == [str(c.label) for c in Criterion]
    for url, title in links:
        article = client.get(url)
        assert article.status_code == 200, url
        assert "article" in article.context and article.context["article"].is_visible, title
    # The editors may change an article's address: the link follows it.
    Article.objects.filter(key="kriterium-profit").update(slug="overskuddet-og-udbyttet")
    assert _guide_links(client)[-1][0].endswith("/overskuddet-og-udbyttet/")
    # An unpublished guide is not linked to (the registry's own page on the criteria is).
    Article.objects.filter(key="kriterium-profit").update(status="draft")
    assert "#kriterium-profit" in _guide_links(client)[-1][0]
