import pytest
from django.utils import timezone

from accounts import roles
from accounts.services import ensure_verified_user
from portal.models import Article, ArticleStatus, Audience
from portal.tests.factories import article, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, settings, tmp_path):
    settings.STAFF_MFA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path
    user = ensure_verified_user(
        "redaktoer@example.org", "x-pass-123456", is_staff=True, groups=[roles.EDITORS]
    )
    client.force_login(user)
    return user


def form_data(**overrides):
    start = theme("Opstart", "opstart")
    data = {
        "title": "Ny vejledning",
        "slug": "ny-vejledning",
        "language": "da",
        "type": "guide",
        "summary": "Kort manchet.",
        "body": "## Afsnit\n\nTekst.",
        "themes": [start.pk],
        "audiences": [Audience.objects.first().pk],
        "hero_alt": "",
        "author": "Vækstcentret",
        "publish_at_0": "",
        "publish_at_1": "",
        "change_summary": "Første udkast",
    }
    data.update(overrides)
    return data


def test_editor_creates_an_article_with_a_revision(client, editor):
    response = client.post("/admin/portal/article/add/", form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Article.objects.get(slug="ny-vejledning")
    assert created.status == ArticleStatus.DRAFT
    assert created.body_html == "<h2>Afsnit</h2>\n<p>Tekst.</p>"
    revision = created.revisions.get()
    assert revision.created_by == editor and revision.change_summary == "Første udkast"


def test_status_buttons_follow_the_workflow(client, editor):
    draft = article("Kladde", published=False)
    url = f"/admin/portal/article/{draft.pk}/status/"
    client.post(url, {"to": "published"})  # not allowed from draft
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    client.post(url, {"to": "review"})
    client.post(url, {"to": "published"})
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED and draft.publish_at <= timezone.now()
    page = client.get(f"/admin/portal/article/{draft.pk}/change/").content.decode()
    assert "Afpublicér" in page and "Arkivér" in page and "Forhåndsvis" in page


def test_bulk_publish_and_unpublish_go_through_the_workflow(client, editor):
    ready = article("Klar", published=False)
    ready.status = ArticleStatus.REVIEW
    ready.save()
    draft = article("Kladde", published=False)
    response = client.post(
        "/admin/portal/article/",
        {"action": "publish_selected", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert ready.status == ArticleStatus.PUBLISHED and draft.status == ArticleStatus.DRAFT
    assert "kunne ikke skifte status: Kladde" in response.content.decode()
    assert ready.revisions.first().created_by == editor

    client.post(
        "/admin/portal/article/",
        {"action": "unpublish_selected", "_selected_action": [ready.pk]},
    )
    ready.refresh_from_db()
    assert ready.status == ArticleStatus.DRAFT


def test_editor_compares_and_restores_revisions(client, editor):
    created = article("Original titel", published=False, body="Første linje")
    client.post(
        f"/admin/portal/article/{created.pk}/change/",
        form_data(title="Ny titel", slug=created.slug, body="Anden linje"),
    )
    created.refresh_from_db()
    assert created.title == "Ny titel"
    history = client.get(f"/admin/portal/article/{created.pk}/versioner/").content.decode()
    assert "Første udkast" in history
    diff = client.get(f"/admin/portal/article/{created.pk}/versioner/sammenlign/?v=1&v=2")
    html = diff.content.decode()
    assert '<del class="diff-removed">- Original titel</del>' in html
    assert '<ins class="diff-added">+ Ny titel</ins>' in html

    assert client.get(f"/admin/portal/article/{created.pk}/versioner/1/gendan/").status_code == 405
    client.post(f"/admin/portal/article/{created.pk}/versioner/1/gendan/")
    created.refresh_from_db()
    assert created.title == "Original titel" and created.body == "Første linje"


def test_other_staff_cannot_change_content(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    created = article("Artikel", published=False)
    case_handler = ensure_verified_user(
        "sag@example.org", "x-pass-123456", is_staff=True, groups=[roles.CASE_HANDLERS]
    )
    client.force_login(case_handler)
    assert client.get("/admin/portal/article/").status_code == 403
    assert (
        client.post(f"/admin/portal/article/{created.pk}/status/", {"to": "review"}).status_code
        == 403
    )
    assert client.get(f"/viden/forhaandsvisning/{created.pk}/").status_code == 403


def test_renaming_a_theme_refreshes_cached_pages(
    client, editor, django_capture_on_commit_callbacks
):
    start = theme("Opstart", "opstart-tema")
    article("Guide", themes=[start], slug="guide")
    client.logout()
    assert "Opstart" in client.get("/viden/guide/").content.decode()  # now cached
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/portal/theme/{start.pk}/change/",
            {
                "name": "Kom i gang",
                "name_en": "",
                "slug": "opstart-tema",
                "description": "",
                "position": 0,
            },
        )
    client.logout()
    assert "Kom i gang" in client.get("/viden/guide/").content.decode()


def test_editors_choose_each_audiences_start_path_in_order(
    client, editor, django_capture_on_commit_callbacks
):
    audience = Audience.objects.get(slug="kommune")
    first = article("Kommunens strategi", slug="strategi")
    second = article("Sociale klausuler", slug="klausuler")
    page = client.get(f"/admin/portal/audience/{audience.pk}/change/").content.decode()
    assert "Start her" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/portal/audience/{audience.pk}/change/",
            {
                "name": audience.name,
                "name_en": audience.name_en,
                "slug": audience.slug,
                "position": audience.position,
                "start_steps-TOTAL_FORMS": "2",
                "start_steps-INITIAL_FORMS": "0",
                "start_steps-0-position": "2",
                "start_steps-0-article": str(second.pk),
                "start_steps-1-position": "1",
                "start_steps-1-article": str(first.pk),
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    html = client.get("/viden/start/kommune/").content.decode()
    assert html.index("Kommunens strategi") < html.index("Sociale klausuler")
