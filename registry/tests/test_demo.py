"""The demo register reads like a real one: varied purposes that fit each enterprise's name."""

import re
from collections import Counter

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.urls import reverse

from registry import demo as registry_demo
from registry.demo.enterprises import SECOND
from registry.models import Application, Enterprise, PurposeField, SocialAccount

pytestmark = [pytest.mark.django_db, pytest.mark.demo("registry")]


def business(name: str) -> str:
    return next(word for word in SECOND if word in name.split())


def test_demo_purposes_are_varied_and_name_the_line_of_business(demo):
    enterprises = list(Enterprise.objects.values_list("pk", "name", "purpose", "purpose_field"))
    repeats = Counter(purpose for _pk, _name, purpose, _field in enterprises)
    assert max(repeats.values()) <= 2 and len(repeats) >= 40
    assert {business(name) for _pk, name, *_ in enterprises} == set(SECOND)
    assert {field for *_, field in enterprises} == set(PurposeField.values)
    # Each purpose speaks of the enterprise's own line of business (Danish stems: "Gården"
    # finds "gård", "Byg" finds "bygge-"), not only its name does.
    purposes = Enterprise.objects.annotate(
        purpose_vector=SearchVector("purpose", config="danish_unaccent")
    )
    for pk, name, _purpose, _field in enterprises:
        query = SearchQuery(business(name), config="danish_unaccent")
        assert purposes.filter(pk=pk, purpose_vector=query).exists(), name


@pytest.mark.parametrize("word", ["genbrug", "café", "unge"])
def test_a_register_search_finds_the_demo_enterprises_whose_purpose_says_so(client, demo, word):
    mentions = re.compile(rf"\b{word}", re.IGNORECASE)
    registered = Enterprise.objects.in_good_standing()  # what the register lists
    expected = {
        name
        for name, purpose in registered.values_list("name", "purpose")
        if mentions.search(name) or mentions.search(purpose)
    }
    assert len(expected) >= 3
    page = client.get(reverse("registry:register"), {"q": word}).content.decode()
    found = {name for name in registered.values_list("name", flat=True) if f">{name}<" in page}
    assert found == expected


def test_the_register_page_shows_different_purposes(client, demo):
    page = client.get(reverse("registry:register")).content.decode()
    shown = re.findall(r"</p>\s*<p>([^<]+)</p>\s*</li>", page)
    assert len(shown) == 25
    assert max(Counter(shown).values()) <= 2
    # The first words say what the enterprise does: the page shows most lines of business.
    assert len({purpose.split(",")[0] for purpose in shown}) >= 12


def test_demo_cases_and_social_accounts_are_not_all_alike(demo):
    answers = Application.objects.values_list("trade_text", "governance_text", "purpose_text")
    for texts in zip(*answers, strict=True):
        assert len(set(texts)) > 2
    refused = Application.objects.get(status="rejected")
    assert refused.trade_income_share < 10  # the reason given for the refusal
    reports = SocialAccount.objects.filter(status="approved").values_list("purpose_report")
    assert len(reports) >= 3 and len(set(reports)) == len(reports)


def test_loading_again_leaves_the_demo_register_as_it_is(demo):
    edited = Enterprise.objects.order_by("cvr").first()
    Enterprise.objects.filter(pk=edited.pk).update(purpose="Vores eget formål.")
    registry_demo.load()
    assert Enterprise.objects.get(pk=edited.pk).purpose == "Vores eget formål."
    assert Enterprise.objects.count() == 47


def test_demo_addresses_are_plausible_postcode_town_and_municipality(demo):
    from geography.models import Municipality
    from registry.demo.enterprises import MAIN_TOWNS

    assert set(MAIN_TOWNS) == set(Municipality.objects.values_list("code", flat=True))
    assert len({postcode for postcode, _town in MAIN_TOWNS.values()}) == len(MAIN_TOWNS)
    for postal_code, city, code in Enterprise.objects.values_list(
        "postal_code", "city", "municipality__code"
    ):
        assert (postal_code, city) == MAIN_TOWNS[code]


def test_demo_has_decision_letters_a_hearing_in_progress_and_supervision_cases(demo):
    from registry.models import DecisionLetter, Hearing, SupervisionCase

    decided = Application.objects.filter(status__in=["registered", "rejected", "deregistered"])
    assert not decided.filter(letters__isnull=True).exists()
    assert DecisionLetter.objects.first().file.read().startswith(b"%PDF")
    in_progress = [hearing for hearing in Hearing.objects.all() if hearing.is_open]
    assert [hearing.application.status for hearing in in_progress] == ["registered"]
    # A deregistration ended its hearing: only the registered case's is still outstanding.
    outstanding = Hearing.objects.outstanding().values_list("application__status", flat=True)
    assert list(outstanding) == ["registered"]
    assert set(SupervisionCase.objects.values_list("status", flat=True)) >= {"opened", "remedy"}
    kinds = set(SupervisionCase.objects.values_list("signals__kind", flat=True))
    assert kinds >= {
        "no_trade",
        "dividend_over_cap",
        "accounts_late",
        "cvr_legal_form",
        "cvr_ceased",
    }
    registry_demo.load()  # again: nothing new
    assert Hearing.objects.filter(answered_at=None).count() == 2
