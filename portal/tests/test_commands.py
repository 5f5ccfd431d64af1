import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command

from portal.models import SEARCH_CONFIG, Article

pytestmark = pytest.mark.django_db


def test_demo_content_is_danish_published_linked_and_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_portal_demo", verbosity=0)
    call_command("load_portal_demo", verbosity=0)
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


def test_demo_merges_the_older_duplicate_themes_into_the_portals_own(
    django_user_model, settings, tmp_path
):
    """A database loaded when events and network brought their own themes ends with one taxonomy."""
    from events.tests.factories import make_event
    from network.tests.factories import make_owner, make_profile
    from portal.models import Theme
    from portal.tests.factories import article

    settings.MEDIA_ROOT = tmp_path
    call_command("load_portal_demo", verbosity=0)
    municipalities = Theme.objects.get(slug="kommuner-og-jobcentre")
    employment = Theme.objects.create(slug="beskaeftigelse", name="Beskæftigelse")
    public = Theme.objects.create(slug="offentligt-samarbejde", name="Samarbejde")
    event = make_event(slug="gammelt-moede")
    event.themes.set([employment, public])  # both become the same theme: one link
    profile = make_profile(make_owner(django_user_model), themes=[public])
    tagged = article("Gammelt tema", themes=[employment, municipalities])

    settings.DEBUG = True  # load_demo runs only in development
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    assert not Theme.objects.filter(slug__in=["beskaeftigelse", "offentligt-samarbejde"]).exists()
    assert list(event.themes.values_list("slug", flat=True)) == ["kommuner-og-jobcentre"]
    assert list(profile.themes.values_list("slug", flat=True)) == ["kommuner-og-jobcentre"]
    assert list(tagged.themes.values_list("slug", flat=True)) == ["kommuner-og-jobcentre"]
    assert Theme.objects.count() == 7
