import pytest
from django.utils import timezone


def seed_public_content() -> dict:
    """One of each: a registered and a deregistered enterprise, a published article and a
    draft, an upcoming event with an online link and a past one."""
    from events.tests.factories import make_event
    from portal.models import Audience
    from portal.tests.factories import article, theme
    from registry.models import Enterprise
    from registry.page_cache import register_changed
    from registry.tests.test_public import registered

    topic = theme("Finansiering", slug="finansiering")
    audience, _ = Audience.objects.get_or_create(
        slug="kommuner", defaults={"name": "Kommuner", "name_en": "Municipalities"}
    )
    published = article(
        "Sociale klausuler", slug="sociale-klausuler", themes=[topic], audiences=[audience]
    )
    draft = article("Hemmelig kladde", slug="hemmelig-kladde", published=False)
    upcoming = make_event(
        title="Netværksmøde", slug="netvaerksmoede", online_url="https://meet.example.dk/hemmelig"
    )
    upcoming.themes.add(topic)
    past = make_event(slug="tidligere-moede", days_ahead=-30)
    kept, gone = registered(["Grøn Genbrug ApS", "Lukket ApS"])
    Enterprise.objects.filter(pk=gone.pk).update(deregistered_on=timezone.localdate())
    register_changed()
    return {
        "article": published,
        "draft": draft,
        "event": upcoming,
        "past_event": past,
        "enterprise": kept,
        "deregistered": gone,
        "theme": topic,
        "audience": audience,
    }


@pytest.fixture
def content(db):
    return seed_public_content()


@pytest.fixture
def many_limits(settings):
    settings.API_REQUESTS_PER_MINUTE = 100_000
