"""Reads for the network pages: search, filters and suggested matches, each in fixed queries."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Cast

from core.desk import WorkList, first_rows
from network.models import SEARCH_CONFIG, Profile, ProfileStatus

MAX_QUERY_WORDS = 40
MATCH_LIMIT = 5


def profile_visible_to(user, pk) -> Profile | None:
    """Public profiles for everyone; the owner also sees their own while it is under review."""
    profile = (
        Profile.objects.select_related("region").prefetch_related("themes").filter(pk=pk).first()
    )
    if profile is None or not (profile.is_public or profile.owner_id == user.pk):
        return None
    return profile


def public_profiles(*, query: str = "", kind: str = "", region=None, theme=None):
    profiles = Profile.objects.public().select_related("region").prefetch_related("themes")
    if kind:
        profiles = profiles.filter(kind=kind)
    if region:
        profiles = profiles.filter(region=region)
    if theme:
        profiles = profiles.filter(themes=theme)
    if query:
        search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        profiles = (
            profiles.filter(search_document=search)
            .annotate(rank=SearchRank(F("search_document"), search))
            .order_by("-rank", "sort_key")
        )
    return profiles


def any_word_query(text: str) -> SearchQuery | None:
    """A full-text query matching any of the text's words (stemmed; stop words drop out)."""
    words = list(dict.fromkeys(re.findall(r"\w{3,}", text.lower())))[:MAX_QUERY_WORDS]
    if not words:
        return None
    return SearchQuery(" or ".join(words), search_type="websearch", config=SEARCH_CONFIG)


def suggested_matches(profile: Profile, limit: int = MATCH_LIMIT) -> list[Profile]:
    """Public profiles that offer what this one seeks, seek what it offers, share its region or
    its themes; best first. One query (``profile.themes`` should be prefetched)."""
    theme_ids = [theme.pk for theme in profile.themes.all()]
    seeks, offers = any_word_query(profile.seeks), any_word_query(profile.offers)
    candidates = Profile.objects.public().exclude(pk=profile.pk).select_related("region")
    no_match = Value(False, output_field=BooleanField())
    candidates = candidates.annotate(
        offers_what_we_seek=(
            Case(When(offers_document=seeks, then=Value(True)), default=no_match)
            if seeks
            else no_match
        ),
        seeks_what_we_offer=(
            Case(When(seeks_document=offers, then=Value(True)), default=no_match)
            if offers
            else no_match
        ),
        same_region=Case(When(region_id=profile.region_id, then=Value(True)), default=no_match),
        shared_themes=Count("themes", filter=Q(themes__in=theme_ids), distinct=True),
    )
    # A text match (offer meets need) counts most, then shared themes, then the same region;
    # the text rank orders profiles within the same kind of match.
    score = Cast("shared_themes", FloatField()) * Value(0.5)
    score = score + Case(When(same_region=True, then=Value(0.4)), default=Value(0.0))
    score = score + Case(When(offers_what_we_seek=True, then=Value(1.0)), default=Value(0.0))
    score = score + Case(When(seeks_what_we_offer=True, then=Value(1.0)), default=Value(0.0))
    if seeks:
        score = score + SearchRank(F("offers_document"), seeks) * Value(10.0)
    if offers:
        score = score + SearchRank(F("seeks_document"), offers) * Value(10.0)
    return list(
        candidates.annotate(score=score)
        .filter(
            Q(offers_what_we_seek=True)
            | Q(seeks_what_we_offer=True)
            | Q(same_region=True)
            | Q(shared_themes__gt=0)
        )
        .order_by("-score", "sort_key")[:limit]
    )


def profiles_awaiting_review() -> WorkList:
    """For the editors' desk: profiles waiting for approval, the longest waiting first."""
    return first_rows(
        Profile.objects.filter(status=ProfileStatus.PENDING)
        .only("name", "kind", "created_at")
        .order_by("created_at", "pk")
    )
