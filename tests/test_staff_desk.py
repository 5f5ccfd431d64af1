"""The admin's front page opens on the signed-in staff member's own work (issue 15): each role
sees its own lists and nothing it may not open, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from accounts import roles
from accounts.services import ensure_verified_user
from events.models import Event
from events.tests.factories import make_event, signed_up
from guidance import services as guidance_services
from network.tests.factories import make_owner, make_profile
from portal import services as portal_services
from portal.tests.factories import article
from registry.models import (
    AccountStatus,
    Application,
    ApplicationStatus,
    SignalKind,
    SocialAccount,
)
from registry.services import supervision
from registry.tests.conftest import (  # noqa: F401 - fixtures
    applicant,
    cvr_numbers,
    handler,
    make_case,
    media,
)
from tests.factories import guidance_enquiry

pytestmark = pytest.mark.django_db
PASSWORD = "x-Adgangskode-9876"
ALL_SECTIONS = {
    "my-cases",
    "unassigned-cases",
    "accounts-to-review",
    "open-supervision",
    "my-enquiries",
    "unassigned-enquiries",
    "articles-to-review",
    "profiles-to-review",
    "events-this-week",
}


def staff(email, *groups, **fields):
    return ensure_verified_user(email, PASSWORD, is_staff=True, groups=list(groups), **fields)


def submitted_account(case: Application) -> SocialAccount:
    return SocialAccount.objects.create(
        enterprise=case.enterprise,
        financial_year=2025,
        deadline=dt.date(2026, 5, 31),
        status=AccountStatus.SUBMITTED,
        submitted_at=timezone.now(),
        dividend_breaches=["Udbyttet er mere end 35 % af årets overskud efter skat."],
    )


def this_week(event) -> None:
    """Move the event to now (sign-ups close when it starts, so they come first)."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(starts_at=now, ends_at=now + dt.timedelta(hours=2))


@pytest.fixture
def work(make_case, handler, django_user_model):  # noqa: F811 - the fixtures
    """A little of every kind of work, some of it someone else's."""
    other_handler = staff("anden.sagsbehandler@example.dk", roles.CASE_HANDLERS)
    adviser = staff("raadgiver@example.dk", roles.ADVISERS)
    mine = make_case(ApplicationStatus.UNDER_REVIEW)
    overdue = make_case(ApplicationStatus.UNDER_REVIEW)
    Application.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - dt.timedelta(days=3))
    theirs = make_case(ApplicationStatus.UNDER_REVIEW)
    Application.objects.filter(pk=theirs.pk).update(handler=other_handler)
    unassigned = make_case(ApplicationStatus.SUBMITTED)
    account = submitted_account(make_case(ApplicationStatus.REGISTERED))
    supervision.raise_signal(account.enterprise, SignalKind.NO_TRADE, "account:1", "0 kr.")
    my_enquiry = guidance_enquiry(confirmed=True, name="Mette Min", organisation="")
    my_enquiry.refresh_from_db()
    guidance_services.assign(my_enquiry, adviser, by=adviser)
    free_enquiry = guidance_enquiry(confirmed=True, organisation="Vejle Kommune")
    draft = article("Sådan skriver I en social klausul", published=False)
    portal_services.submit_for_review(draft, by=None)
    profile = make_profile(make_owner(django_user_model), approved=False, name="Café Ventende")
    event = make_event(days_ahead=30, title="Ugens netværksmøde", capacity=20)
    signed_up(event, 1)
    signed_up(event, 2)
    this_week(event)
    return {
        "handler": handler,
        "adviser": adviser,
        "editor": staff("redaktoer@example.dk", roles.EDITORS),
        "cases": {"mine": mine, "overdue": overdue, "theirs": theirs, "unassigned": unassigned},
        "account": account,
        "enquiries": {"mine": my_enquiry, "free": free_enquiry},
        "article": draft,
        "profile": profile,
        "event": event,
    }


def front_page(client, verified_login, user, path="/admin/") -> str:
    verified_login(client, user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def sections_in(html: str) -> set[str]:
    return {key for key in ALL_SECTIONS if f'id="desk-{key}"' in html}


def section(html: str, key: str) -> str:
    start = html.index(f'id="desk-{key}"')
    return html[start : html.index("</section>", start)]


def test_a_case_handler_lands_on_their_cases_overdue_first(client, verified_login, work):
    html = front_page(client, verified_login, work["handler"])
    assert sections_in(html) == {
        "my-cases",
        "unassigned-cases",
        "accounts-to-review",
        "open-supervision",
    }
    cases = work["cases"]
    mine = section(html, "my-cases")
    assert "(2)" in mine
    assert mine.index(cases["overdue"].case_number) < mine.index(cases["mine"].case_number)
    assert "3 dage over fristen" in mine and "staff-desk-overdue" in mine
    assert "27 dage tilbage" in mine or "28 dage tilbage" in mine
    assert f"/admin/registry/application/{cases['mine'].pk}/change/" in mine
    assert cases["theirs"].case_number not in html  # another handler's case
    unassigned = section(html, "unassigned-cases")
    assert cases["unassigned"].case_number in unassigned and "(1)" in unassigned
    accounts = section(html, "accounts-to-review")
    assert f"/admin/registry/socialaccount/{work['account'].pk}/change/" in accounts
    assert "Udbytteregler" in accounts and "Brud" in accounts  # the breach, before opening it
    for others in [work["enquiries"]["mine"].reference, work["article"].title, "Café Ventende"]:
        assert others not in html
    watched = section(html, "open-supervision")
    assert work["account"].enterprise.name in watched and "(1)" in watched
    assert "/admin/registry/supervisioncase/" in watched
    assert "Alle moduler" in html and "/admin/registry/" in html  # the apps stay below


def test_a_case_waiting_for_the_applicant_shows_its_moved_deadline_and_the_stopped_clock(
    client, verified_login, work
):
    """The queue's deadline, not the one before the pause: five days waited move it five."""
    waiting = work["cases"]["mine"]
    waiting.status = ApplicationStatus.AWAITING_APPLICANT
    waiting.paused_since = timezone.now() - dt.timedelta(days=5)
    waiting.save(update_fields=["status", "paused_since"])
    waiting.refresh_from_db()
    html = section(front_page(client, verified_login, work["handler"]), "my-cases")
    row = html[html.index(waiting.case_number) :]
    moved = date_format(timezone.localtime(waiting.deadline) + dt.timedelta(days=5), "j. N Y")
    assert moved in row[: row.index("</tr>")]
    assert "(stoppet, venter på ansøgeren)" in row[: row.index("</tr>")]


def test_an_adviser_lands_on_their_enquiries_due_in_working_days(client, verified_login, work):
    html = front_page(client, verified_login, work["adviser"])
    assert sections_in(html) == {"my-enquiries", "unassigned-enquiries"}
    mine = section(html, "my-enquiries")
    assert work["enquiries"]["mine"].reference in mine and "Mette Min" in mine
    assert "5 arbejdsdage tilbage" in mine
    assert work["enquiries"]["free"].reference not in mine
    unassigned = section(html, "unassigned-enquiries")
    assert work["enquiries"]["free"].reference in unassigned and "Vejle Kommune" in unassigned
    assert f"/admin/guidance/enquiry/{work['enquiries']['free'].pk}/change/" in unassigned
    for others in [work["cases"]["mine"].case_number, work["article"].title, "Ugens netværksmøde"]:
        assert others not in html


def test_an_editor_lands_on_reviews_and_the_weeks_events(client, verified_login, work):
    html = front_page(client, verified_login, work["editor"])
    assert sections_in(html) == {"articles-to-review", "profiles-to-review", "events-this-week"}
    assert work["article"].title in section(html, "articles-to-review")
    assert "Café Ventende" in section(html, "profiles-to-review")
    events = section(html, "events-this-week")
    assert "Ugens netværksmøde" in events and "2 af 20" in events
    for others in [work["cases"]["mine"].case_number, work["enquiries"]["mine"].reference]:
        assert others not in html


def test_the_front_page_speaks_english_under_en(client, verified_login, work):
    html = front_page(client, verified_login, work["handler"], "/en/admin/")
    assert "My open cases" in html and "3 days overdue" in html


def test_the_front_page_costs_the_same_queries_however_much_work_there_is(
    client,
    verified_login,
    work,
    make_case,  # noqa: F811 - the fixture
    django_user_model,
):
    boss = staff("chef@example.dk", is_superuser=True)
    verified_login(client, boss)
    with CaptureQueriesContext(connection) as few:
        html = client.get("/admin/").content.decode()
    assert sections_in(html) == ALL_SECTIONS
    for _number in range(3):
        make_case(ApplicationStatus.SUBMITTED)
        guidance_enquiry(confirmed=True)
        make_profile(make_owner(django_user_model), approved=False)
        portal_services.submit_for_review(article(published=False), by=None)
    month = dt.timedelta(days=30)
    Event.objects.filter(pk=work["event"].pk).update(
        starts_at=F("starts_at") + month, ends_at=F("ends_at") + month
    )
    for number in range(9):
        signed_up(work["event"], 10 + number)
    this_week(work["event"])
    this_week(make_event())
    with CaptureQueriesContext(connection) as many:
        html = client.get("/admin/").content.decode()
    assert "(4)" in section(html, "unassigned-cases")
    assert len(many.captured_queries) == len(few.captured_queries) <= 14


def test_the_weeks_events_run_from_monday_to_sunday_in_local_time():
    from events.selectors import events_of_the_week

    def starting(day: int, hour: int, minute: int = 30):
        starts = dt.datetime(2026, 10, day, hour, minute, tzinfo=timezone.get_default_timezone())
        return make_event(
            title=f"{day}. kl. {hour}", starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
        )

    # Summer time ends on Sunday 25 October 2026: the week still ends at local midnight.
    for day, hour in [(18, 23), (19, 0), (25, 23), (26, 0)]:
        starting(day, hour)
    week = events_of_the_week(dt.date(2026, 10, 21))
    assert [event.title for event in week.rows] == ["19. kl. 0", "25. kl. 23"] and week.total == 2
