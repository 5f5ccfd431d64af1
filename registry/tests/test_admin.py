import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from geography.models import Municipality
from registry.models import (
    AccountStatus,
    Application,
    ApplicationStatus,
    Outcome,
    Representation,
    SocialAccount,
)
from registry.services import applying
from registry.tests.conftest import assess

pytestmark = pytest.mark.django_db


def transition_url(application, name):
    return reverse("admin:registry_application_transition", args=[application.pk, name])


def test_the_queue_shows_oldest_first_with_overdue_cases_standing_out(staff_client, make_case):
    old = make_case(ApplicationStatus.SUBMITTED)
    Application.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=30),
        deadline=timezone.now() - dt.timedelta(days=2),
    )
    new = make_case(ApplicationStatus.SUBMITTED)
    make_case(ApplicationStatus.DRAFT)  # drafts are not in the queue
    page = staff_client.get(reverse("admin:registry_application_changelist")).content.decode()
    assert page.index(old.case_number) < page.index(new.case_number)
    assert "rsv-overdue" in page and "2 dage over" in page
    assert page.count("RSV-") == 2
    make_case(ApplicationStatus.REGISTERED)
    page = staff_client.get(reverse("admin:registry_application_changelist")).content.decode()
    assert page.count("RSV-") == 2  # the queue opens on open cases only
    draft = make_case(ApplicationStatus.DRAFT)
    applying.withdraw_application(draft, by=draft.created_by)
    everything = staff_client.get(
        reverse("admin:registry_application_changelist"), {"status": "alle"}
    ).content.decode()
    assert everything.count("RSV-") == 4
    overdue = staff_client.get(
        reverse("admin:registry_application_changelist"), {"frist": "overdue"}
    ).content.decode()
    assert old.case_number in overdue and new.case_number not in overdue


def test_the_queue_offers_only_municipalities_that_have_cases(staff_client, make_case):
    aarhus = make_case(ApplicationStatus.SUBMITTED).enterprise.municipality
    copenhagen = Municipality.objects.get(code=101)
    make_case(ApplicationStatus.SUBMITTED, municipality=copenhagen)
    page = staff_client.get(reverse("admin:registry_application_changelist")).content.decode()
    choices = re.findall(r"enterprise__municipality__id__exact=(\d+)", page)
    assert sorted(choices) == sorted([str(aarhus.pk), str(copenhagen.pk)])


def test_status_cannot_be_edited_in_the_form(staff_client, make_case):
    application = make_case(ApplicationStatus.SUBMITTED)
    url = reverse("admin:registry_application_change", args=[application.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="status"' not in page
    assert transition_url(application, "take") in page
    assert transition_url(application, "register") not in page


def test_handler_takes_requests_information_and_registers_through_the_admin(
    staff_client, make_case, handler, mailbox
):
    application = make_case(ApplicationStatus.SUBMITTED)
    staff_client.post(transition_url(application, "take"), {"version": application.version})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW and application.handler == handler

    application.assessments.filter(criterion="trade").update(
        outcome=Outcome.NEEDS_INFORMATION, note="Hvor stor er omsætningen fra salg?"
    )
    form = staff_client.get(transition_url(application, "request_information")).content.decode()
    assert "Væsentlig erhvervsmæssig aktivitet: Hvor stor er omsætningen fra salg?" in form
    page = staff_client.post(
        transition_url(application, "request_information"),
        {"version": application.version, "message": ""},
    ).content.decode()
    assert "Dette felt er påkrævet" in page
    staff_client.post(
        transition_url(application, "request_information"),
        {"version": application.version, "message": "Send budgettet."},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_APPLICANT
    assert "Send budgettet." in mailbox()[-1].body


def test_illegal_and_stale_transitions_are_refused_with_a_message(staff_client, make_case):
    application = make_case(ApplicationStatus.UNDER_REVIEW)
    response = staff_client.post(
        transition_url(application, "register"), {"version": application.version}, follow=True
    )
    assert "Alle fem kriterier skal være vurderet som opfyldt" in response.content.decode()
    assess(application, Outcome.MET)
    stale = application.version - 1
    response = staff_client.post(
        transition_url(application, "register"), {"version": stale}, follow=True
    )
    assert "ændret af en anden" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.UNDER_REVIEW
    response = staff_client.post(
        transition_url(application, "take"), {"version": application.version}, follow=True
    )
    assert "kan ikke ændres fra status" in response.content.decode()


def test_people_outside_the_case_handlers_group_cannot_transition(client, applicant, make_case):
    application = make_case(ApplicationStatus.SUBMITTED)
    client.force_login(applicant)
    response = client.post(transition_url(application, "take"), {"version": application.version})
    assert response.status_code == 302 and "login" in response["Location"]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_handler_saves_assessments_in_the_admin_without_touching_the_case(
    staff_client, make_case, handler
):
    application = make_case(ApplicationStatus.UNDER_REVIEW)
    url = reverse("admin:registry_application_change", args=[application.pk])
    assessments = list(application.assessments.order_by("id"))
    data = {
        "assessments-TOTAL_FORMS": "5",
        "assessments-INITIAL_FORMS": "5",
        "assessments-MIN_NUM_FORMS": "0",
        "assessments-MAX_NUM_FORMS": "5",
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "2",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        **{
            f"documents-{i}-{name}": value
            for i, document in enumerate(application.documents.order_by("uploaded_at"))
            for name, value in [("id", document.pk), ("application", application.pk)]
        },
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    for prefix in ("hearings", "letters"):  # read-only records, none yet
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    for index, assessment in enumerate(assessments):
        data[f"assessments-{index}-id"] = str(assessment.pk)
        data[f"assessments-{index}-application"] = str(application.pk)
        data[f"assessments-{index}-outcome"] = "met"
        data[f"assessments-{index}-note"] = "Dokumenteret i vedtægterne."
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(application.assessments.values_list("outcome", flat=True)) == {"met"}
    assert application.assessments.first().assessed_by == handler
    unchanged = Application.objects.get(pk=application.pk)
    assert (unchanged.status, unchanged.version) == (application.status, application.version)


def test_staff_changes_to_representatives_are_recorded(staff_client, make_case, other_user):
    application = make_case(ApplicationStatus.SUBMITTED)
    enterprise = application.enterprise
    url = reverse("admin:registry_enterprise_change", args=[enterprise.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    response = staff_client.post(
        url,
        {
            "representatives": [other_user.pk],
            "invitations-TOTAL_FORMS": "0",
            "invitations-INITIAL_FORMS": "0",
            # The applicant's proof (MitID Erhverv), shown read-only.
            "representations-TOTAL_FORMS": "1",
            "representations-INITIAL_FORMS": "1",
            "representations-0-id": str(enterprise.representations.get().pk),
            "representations-0-enterprise": str(enterprise.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(enterprise.representatives.all()) == [other_user]
    events = {e.action: e.note for e in application.events.all()}
    assert "anden@example.dk" in events["representative_added"]
    assert "ansoeger@example.dk" in events["representative_removed"]


def test_the_case_page_offers_only_the_decisions_the_assessments_allow(staff_client, make_case):
    application = make_case(ApplicationStatus.UNDER_REVIEW)
    assess(application, Outcome.MET)
    criterion = application.assessments.first()
    criterion.outcome = Outcome.NEEDS_INFORMATION
    criterion.save()
    url = reverse("admin:registry_application_change", args=[application.pk])
    page = staff_client.get(url).content.decode()
    assert transition_url(application, "register") not in page
    assert transition_url(application, "request_information") in page
    assert (
        "Registrér virksomheden</strong>: Alle fem kriterier skal være vurderet som opfyldt."
        in page
    )

    assess(application, Outcome.MET)
    page = staff_client.get(url).content.decode()
    assert transition_url(application, "register") in page
    assert transition_url(application, "reject") not in page
    assert "Alle kriterier er opfyldt; sagen kan ikke afslås." in page


def test_a_case_without_a_handler_says_so_in_danish_not_none(staff_client, make_case):
    case = make_case(ApplicationStatus.SUBMITTED)
    assert case.handler is None
    page = staff_client.get(f"/admin/registry/application/{case.pk}/change/").content.decode()
    handler_row = re.search(r"field-handler_in_full.*?</div>\s*</div>", page, re.S).group(0)
    assert "ingen" in handler_row and "None" not in handler_row


def test_a_new_case_shows_file_sizes_in_words_and_says_none_yet_where_nothing_is(
    staff_client, make_case
):
    case = make_case(ApplicationStatus.SUBMITTED)
    page = staff_client.get(f"/admin/registry/application/{case.pk}/change/").content.decode()
    assert "(bytes)" not in page
    size = re.search(r'<td class="field-size_label">\s*<p>(.*?)</p>', page, re.S).group(1)
    assert size.endswith("bytes")  # Django's filesizeformat: "67 bytes", "1,2 MB"
    # Not yet assessed, no hearing, no letter: a line instead of tables of headers alone.
    assert page.count("Ingen endnu.") >= 3


def test_people_on_accounts_and_representations_are_names_not_links_to_the_user_admin(
    staff_client, make_case, applicant
):
    """A case handler may not open the user admin: a linked name led to "Forbudt"."""
    case = make_case(ApplicationStatus.SUBMITTED)
    account = SocialAccount.objects.create(
        enterprise=case.enterprise,
        financial_year=2025,
        deadline=dt.date(2026, 5, 31),
        status=AccountStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=applicant,
    )
    representation = Representation.objects.filter(user=applicant).first()
    pages = [
        f"/admin/registry/socialaccount/{account.pk}/change/",
        f"/admin/registry/representation/{representation.pk}/change/",
        f"/admin/registry/enterprise/{case.enterprise.pk}/change/",
    ]
    for url in pages:
        page = staff_client.get(url).content.decode()
        assert str(applicant) in page, url
        assert "/admin/accounts/user/" not in page, url


def test_an_enterprises_turnover_is_grouped_in_thousands(staff_client, make_case):
    case = make_case(ApplicationStatus.SUBMITTED)
    case.enterprise.revenue = 20_700_000
    case.enterprise.save(update_fields=["revenue"])
    page = staff_client.get(f"/admin/registry/enterprise/{case.enterprise.pk}/change/")
    assert "20.700.000" in page.content.decode()
    assert "20700000" not in page.content.decode()
