import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command

from portal import demo as portal_demo
from portal.models import SEARCH_CONFIG, Article

pytestmark = pytest.mark.django_db


def test_demo_content_is_danish_published_linked_and_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    portal_demo.load()
    portal_demo.load()
    danish = Article.objects.published().filter(language="da")
    assert danish.count() >= 30
    assert Article.objects.filter(language="en").exclude(translation=None).count() >= 3
    assert Article.objects.filter(slug="kriterie-5-overskud").get().themes.exists()
    history = Article.objects.get(slug="vaekstcentrets-historie")
    assert "4. september 2014" in history.body_text and history.translation.language == "en"
    assert history.hero_alt.startswith("Tidslinje") and len(history.hero_renditions) == 3
    assert history.revisions.filter(change_summary="Demobillede").count() == 1  # added once
    assert (
        Article.objects.published()
        .filter(search_vector=SearchQuery("Muskelsvindfonden", config=SEARCH_CONFIG))
        .exists()
    )


def test_generator_makes_searchable_tagged_articles():
    call_command("generate_portal_articles", count=50, verbosity=0)
    generated = Article.objects.published().filter(slug__startswith="genereret-")
    assert generated.count() == 50
    assert generated.filter(themes__isnull=True).count() == 0
    assert generated.filter(
        search_vector=SearchQuery("virksomheder", config=SEARCH_CONFIG)
    ).exists()
