import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.periodic import registered_jobs
from core.state_machine import TransitionNotAllowed
from registry import dividends, jobs
from registry.models import AccountStatus, ApplicationStatus, SocialAccount
from registry.services import case_handling, social_accounts
from registry.tests.conftest import pdf_upload

pytestmark = pytest.mark.django_db

GOOD = {
    "turnover": 6_500_000,
    "employees": 12,
    "target_group_employees": 6,
    "volunteers": 3,
    "profit_after_tax": 1_000_000,
    "dividend_paid": 0,
    "paid_in_capital": 100_000,
    "management_pay": "Direktør: 480.000 kr.",
    "related_party_agreements": "",
    "distributed_assets": "",
    "purpose_report": "Vi har ansat 6 unge fra kontanthjælp.",
    "independence_report": "Brugerråd og medarbejdervalgte i bestyrelsen.",
}


def test_the_dividend_rules(settings):
    settings.REGISTRY_DISCOUNT_RATE = 1.6
    assert dividends.breaches(1_000_000, 0, 100_000) == []
    assert dividends.breaches(1_000_000, 16_000, 100_000) == []  # 16 % return, 1.6 % of profit
    too_much = dividends.breaches(1_000_000, 400_000, 10_000_000)
    assert len(too_much) == 1 and "35 %" in too_much[0]
    high_return = dividends.breaches(1_000_000, 20_000, 100_000)
    assert len(high_return) == 1 and "16,6 %" in high_return[0]
    assert len(dividends.breaches(-5, 1, 0)) == 2


@pytest.fixture
def registered_case(make_case):
    application = make_case(ApplicationStatus.REGISTERED)
    enterprise = application.enterprise
    enterprise.registered_on = dt.date(2024, 3, 1)
    enterprise.save()
    return application


def test_the_periodic_job_opens_last_years_accounts_once(registered_case):
    assert "registry.jobs.social_accounts" in registered_jobs()
    assert social_accounts.open_due_accounts(dt.date(2026, 2, 1)) == 1
    assert social_accounts.open_due_accounts(dt.date(2026, 2, 1)) == 0
    account = SocialAccount.objects.get()
    assert account.financial_year == 2025 and account.deadline == dt.date(2026, 5, 31)
    jobs.social_accounts()  # the real job is idempotent too
    assert SocialAccount.objects.count() >= 1


def test_reminders_before_and_after_the_deadline_are_sent_once(registered_case, mailbox):
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    assert social_accounts.send_account_reminders(dt.date(2026, 4, 1)) == 0
    assert social_accounts.send_account_reminders(dt.date(2026, 5, 10)) == 1
    assert social_accounts.send_account_reminders(dt.date(2026, 5, 11)) == 0
    assert social_accounts.send_account_reminders(dt.date(2026, 6, 2)) == 1
    subjects = [message.subject for message in mailbox()]
    assert any("Påmindelse" in s for s in subjects)
    assert any("Fristen er overskredet" in s for s in subjects)


def test_accounts_overdue_past_the_grace_period_start_a_hearing_about_deregistration(
    registered_case, mailbox, settings
):
    settings.REGISTRY_ACCOUNTS_GRACE_DAYS = 60
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    assert social_accounts.start_deregistration_hearings(dt.date(2026, 7, 1)) == 0
    assert social_accounts.start_deregistration_hearings(dt.date(2026, 8, 15)) == 1
    assert social_accounts.start_deregistration_hearings(dt.date(2026, 8, 16)) == 0
    assert registered_case.hearings.get().ground == "missing_accounts"
    assert registered_case.events.filter(action="hearing_sent").exists()
    assert any("Partshøring" in m.subject for m in mailbox())
    # Heard, not yet decided: the handler may deregister only after the answer or the deadline.
    refusals = case_handling.CASE.refusals(registered_case, case_handling.HANDLER)
    assert "svare på partshøringen" in refusals["deregister"]


def test_open_deregistration_cases_are_listed_for_the_handlers(
    client, registered_case, handler, settings, make_case
):
    settings.STAFF_MFA_REQUIRED = False
    other = make_case(ApplicationStatus.REGISTERED)
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    social_accounts.start_deregistration_hearings(dt.date(2026, 9, 1))
    SocialAccount.objects.filter(enterprise=other.enterprise).delete()
    other.hearings.all().delete()
    client.force_login(handler)
    page = client.get(
        reverse("admin:registry_application_changelist"), {"afregistrering": "open"}
    ).content.decode()
    assert registered_case.case_number in page and other.case_number not in page


def test_submitting_accounts_with_a_breach_shows_it_to_enterprise_and_handler(
    client, registered_case, applicant, handler, settings
):
    settings.STAFF_MFA_REQUIRED = False
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    account = SocialAccount.objects.get()
    client.force_login(applicant)
    page = client.post(account.get_absolute_url(), {**GOOD, "purpose_report": ""})
    assert "Dette felt er påkrævet" in page.content.decode()
    client.post(
        account.get_absolute_url(),
        {**GOOD, "dividend_paid": 500_000, "annual_report": pdf_upload("aarsrapport.pdf")},
    )
    account.refresh_from_db()
    assert account.status == AccountStatus.SUBMITTED and account.dividend_breaches
    assert "overholder ikke reglerne" in client.get(account.get_absolute_url()).content.decode()

    client.force_login(handler)
    listing = client.get(reverse("admin:registry_socialaccount_changelist"), {"brud": "yes"})
    assert account.enterprise.name in listing.content.decode()
    breach_cell = listing.content.decode().split('class="field-breach"')[1].split("</td>")[0]
    assert "Brud" in breach_cell and "icon-yes" not in breach_cell  # not a green tick
    due = SocialAccount.objects.create(
        enterprise=account.enterprise, financial_year=2026, deadline=dt.date(2027, 5, 31)
    )
    listing = client.get(reverse("admin:registry_socialaccount_changelist"), {"q": ""})
    row = listing.content.decode().split(f"/admin/registry/socialaccount/{due.pk}/change/")[1]
    assert row.split('class="field-breach">')[1].startswith("-")  # not sent: no "Nej" yet
    change = client.get(reverse("admin:registry_socialaccount_change", args=[account.pk]))
    for label in ("Omsætning i regnskabsåret (kr.)", "Heraf ansatte fra målgruppen", "frivillige"):
        assert label in change.content.decode()
    assert "500.000" in change.content.decode()  # the dividend with thousands separators


def test_handler_review_and_the_public_page_shows_approved_accounts(
    client, registered_case, applicant, handler
):
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    account = SocialAccount.objects.get()
    social_accounts.submit_social_account(
        account, GOOD, annual_report=pdf_upload("aarsrapport.pdf"), by=applicant
    )
    with pytest.raises(TransitionNotAllowed):
        social_accounts.review_social_account(account, approve=False, by=handler)
    social_accounts.review_social_account(account, approve=True, by=handler)
    page = client.get(account.enterprise.get_absolute_url()).content.decode()
    assert "Vi har ansat 6 unge fra kontanthjælp." in page


def test_other_users_cannot_see_accounts(client, registered_case, other_user):
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    client.force_login(other_user)
    assert client.get(SocialAccount.objects.get().get_absolute_url()).status_code == 404


def test_changes_of_name_and_purpose_are_recorded(client, registered_case, applicant):
    enterprise = registered_case.enterprise
    client.force_login(applicant)
    response = client.post(
        reverse("registry:report_change", args=[registered_case.case_number]),
        {
            "change-name": "Nyt Navn ApS",
            "change-address": enterprise.address,
            "change-postal_code": enterprise.postal_code,
            "change-city": enterprise.city,
            "change-municipality": enterprise.municipality_id,
            "change-purpose": enterprise.purpose,
        },
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == "Nyt Navn ApS"
    event = registered_case.events.get(action="change")
    assert "Café Fællesskab ApS → Nyt Navn ApS" in event.note
    assert timezone.now() - event.changed_at < dt.timedelta(minutes=1)


def test_my_cases_lists_accounts_to_submit_and_says_when_the_deadline_has_passed(
    client, applicant, registered_case
):
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    account = SocialAccount.objects.get()
    client.force_login(applicant)
    overdue_text = "Fristen er overskredet"
    SocialAccount.objects.filter(pk=account.pk).update(deadline=timezone.localdate())
    page = client.get(reverse("registry:my_cases")).content.decode()
    assert account.get_absolute_url() in page and overdue_text not in page
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    SocialAccount.objects.filter(pk=account.pk).update(deadline=yesterday)
    assert overdue_text in client.get(reverse("registry:my_cases")).content.decode()
    # The case page's list of accounts says so too.
    case_page = client.get(registered_case.get_absolute_url()).content.decode()
    assert "(fristen er overskredet)" in case_page


def test_the_sector_figures_are_asked_for_validated_and_kept_when_wrong(
    client, registered_case, applicant
):
    social_accounts.open_due_accounts(dt.date(2026, 2, 1))
    account = SocialAccount.objects.get()
    client.force_login(applicant)
    typed = {**GOOD, "turnover": "6.500.000", "employees": "4", "target_group_employees": "7"}
    page = client.post(account.get_absolute_url(), typed).content.decode()
    assert "Der kan ikke være flere ansatte fra målgruppen end ansatte i alt (4)." in page
    assert 'value="6.500.000"' in page and 'value="7"' in page  # what was typed is kept
    account.refresh_from_db()
    assert account.status == AccountStatus.DUE

    missing = client.post(account.get_absolute_url(), {**GOOD, "volunteers": ""})
    assert "Dette felt er påkrævet" in missing.content.decode()
    client.post(
        account.get_absolute_url(),
        {**typed, "employees": "1 200", "annual_report": pdf_upload("aarsrapport.pdf")},
    )
    account.refresh_from_db()
    assert account.status == AccountStatus.SUBMITTED
    assert (account.turnover, account.employees, account.target_group_employees) == (
        6_500_000,
        1200,
        7,
    )
    assert account.volunteers == 3
