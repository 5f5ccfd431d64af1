"""About, privacy and the accessibility statement: pages editors own, with revisions."""

import pytest
from django.utils import timezone

from accounts import roles
from accounts.services import ensure_verified_user
from portal import services
from portal.models import ComplianceStatus, Page, PageKey
from portal.revisions import PAGE_LABELS, compare_revisions

pytestmark = pytest.mark.django_db


def page(key: str, language: str = "da") -> Page:
    return Page.objects.get(key=key, language=language)


@pytest.fixture
def editor(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    user = ensure_verified_user(
        "redaktoer@example.org", "x-pass-123456", is_staff=True, groups=[roles.EDITORS]
    )
    client.force_login(user)
    return user


def test_the_pages_exist_in_both_languages_with_their_former_texts(client):
    assert set(Page.objects.values_list("key", "language")) == {
        (key, language) for key in PageKey.values for language in ("da", "en")
    }
    about = client.get("/om/").content.decode()
    assert "4. september 2014" in about and 'href="/raadgivning/henvendelse/"' in about
    assert "Ansvarlig myndighed" in about  # the contact stays the template's
    assert "CPR-nummer" in client.get("/privatliv/").content.decode()
    english = client.get("/en/om/").content.decode()
    assert "4 September 2014" in english and 'href="/en/raadgivning/henvendelse/"' in english


def test_the_accessibility_statement_has_digitaliseringsstyrelsens_sections(client):
    statement = client.get("/tilgaengelighed/").content.decode()
    for heading in (
        "Overholdelsesstatus",
        "Indhold, der ikke er tilgængeligt",
        "Sådan er erklæringen udarbejdet",
        "Feedback og kontakt",
        "Klage til Digitaliseringsstyrelsen",
    ):
        assert f">{heading}</h2>" in statement
    assert "overholder WCAG 2.1 niveau AA delvist" in statement
    assert "axe-core" in statement and "Nu HTML Checker" in statement
    assert "https://digst.dk/digital-inklusion/webtilgaengelighed/" in statement
    english = client.get("/en/tilgaengelighed/").content.decode()
    assert "Complaints to the Agency for Digital Government" in english
    assert "partially complies with WCAG 2.1 level AA" in english


def test_last_updated_is_the_last_substantive_change(client, editor):
    about = page(PageKey.ABOUT)
    about.last_substantive_change = timezone.now() - timezone.timedelta(days=400)
    about.save(update_fields=["last_substantive_change"])
    before = about.last_substantive_change

    about.lead = about.lead.replace("2014", "2014 ")  # a typo fix
    services.save_page(about, by=editor, substantive=False)
    about.refresh_from_db()
    assert about.last_substantive_change == before

    about.body += "\n\nEt nyt afsnit."
    services.save_page(about, by=editor, change_summary="Nyt afsnit")
    about.refresh_from_db()
    assert about.last_substantive_change > before
    shown = timezone.localtime(about.last_substantive_change).date().isoformat()
    assert f'<time datetime="{shown}' in client.get("/om/").content.decode()


def test_saving_the_text_as_a_browser_sends_it_back_is_no_change(editor):
    """A textarea comes back with CRLF line breaks and the form strips the ends: saving the
    statement unchanged must not move "Sidst opdateret" nor show parts as changed."""
    statement = page(PageKey.ACCESSIBILITY)
    services.save_page(statement, by=editor, change_summary="Som den er")
    statement.last_substantive_change = before = timezone.now() - timezone.timedelta(days=30)
    statement.save(update_fields=["last_substantive_change"])
    for name in ("known_problems", "evaluation", "feedback", "complaint"):
        setattr(statement, name, getattr(statement, name).replace("\n", "\r\n").strip())
    services.save_page(statement, by=editor, change_summary="Gemt uden ændringer")
    statement.refresh_from_db()
    assert statement.last_substantive_change == before
    saved, again = statement.revisions.order_by("-number")[:2][::-1]
    assert again.changed_fields == []
    assert compare_revisions(saved.snapshot, again.snapshot, PAGE_LABELS) == []


def test_every_save_is_a_revision_with_who_when_and_what(editor):
    privacy = page(PageKey.PRIVACY)
    privacy.title = "Dine oplysninger"
    services.save_page(privacy, by=editor, change_summary="Ny titel")
    first, second = privacy.revisions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    # The seeded version names what the page was given, not the statement's empty parts.
    assert first.changed_fields == ["title", "lead", "body"]
    assert second.created_by == editor and second.change_summary == "Ny titel"
    assert second.changed_fields == ["title"]
    privacy.refresh_from_db()
    assert privacy.updated_by == editor

    services.restore_page_revision(first, by=editor)
    privacy.refresh_from_db()
    assert privacy.title == "Sådan behandler vi dine oplysninger"
    assert privacy.revisions.count() == 3


def test_the_body_is_sanitised_like_an_article(client, editor):
    statement = page(PageKey.ACCESSIBILITY)
    statement.known_problems = (
        '- Kortet <script>alert(1)</script> <a href="javascript:alert(2)">her</a>'
        '\n\n<img src=x onerror="alert(3)">'
    )
    services.save_page(statement, by=editor)
    shown = client.get("/tilgaengelighed/").content.decode()
    assert "<li>Kortet" in shown
    assert "<script>alert" not in shown and "javascript:" not in shown and "onerror" not in shown


def test_an_edit_reaches_readers_of_a_cached_page_at_once(
    client, editor, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    reader = type(client)()
    reader.get("/tilgaengelighed/")
    with django_assert_max_num_queries(2):  # the content version and the stored page
        reader.get("/tilgaengelighed/")
    statement = page(PageKey.ACCESSIBILITY)
    statement.compliance_status = ComplianceStatus.FULL
    with django_capture_on_commit_callbacks(execute=True):
        services.save_page(statement, by=editor)
    assert (
        "overholder WCAG 2.1 niveau AA fuldt ud" in reader.get("/tilgaengelighed/").content.decode()
    )


def test_an_editor_changes_a_page_in_the_admin_and_cannot_add_or_delete_one(client, editor):
    statement = page(PageKey.ACCESSIBILITY)
    form = client.get(f"/admin/portal/page/{statement.pk}/change/").content.decode()
    assert "Overholdelsesstatus" in form and "Feedback og klage" in form
    data = {
        "title": statement.title,
        "lead": statement.lead,
        "body": "",
        "compliance_status": "partial",
        "known_problems": "- Et nyt kendt problem.",
        "disproportionate_burden": "",
        "evaluation_method": "self",
        "evaluation": statement.evaluation,
        "evaluated_on": "28.11.2026",
        "feedback": statement.feedback,
        "complaint": "",
        "change_summary": "Nyt problem",
    }
    refused = client.post(f"/admin/portal/page/{statement.pk}/change/", data)
    assert refused.status_code == 200  # the complaint route is required in the statement
    assert "Tilgængelighedserklæringen skal have dette afsnit." in refused.content.decode()

    data["complaint"] = statement.complaint
    response = client.post(f"/admin/portal/page/{statement.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    revision = statement.revisions.get(number=2)
    assert revision.created_by == editor and revision.change_summary == "Nyt problem"
    assert "known_problems" in revision.changed_fields
    assert "Et nyt kendt problem." in client.get("/tilgaengelighed/").content.decode()

    assert client.get("/admin/portal/page/add/").status_code == 403
    assert client.get(f"/admin/portal/page/{statement.pk}/delete/").status_code == 403
    versions = client.get(f"/admin/portal/page/{statement.pk}/versioner/").content.decode()
    assert "Nyt problem" in versions
    compare = client.get(f"/admin/portal/page/{statement.pk}/versioner/sammenlign/?v=1&v=2")
    assert "Et nyt kendt problem." in compare.content.decode()
