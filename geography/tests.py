import pytest

from geography.models import Municipality, Region

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_in_five_regions_ship_as_data():
    assert Municipality.objects.count() == 98
    assert Region.objects.count() == 5
    assert Municipality.objects.get(code=101).name == "København"
    assert Municipality.objects.get(code=751).region.name == "Midtjylland"
    counts = {region.name: region.municipalities.count() for region in Region.objects.all()}
    assert counts == {
        "Hovedstaden": 29,
        "Sjælland": 17,
        "Syddanmark": 22,
        "Midtjylland": 19,
        "Nordjylland": 11,
    }


def test_municipalities_come_out_in_danish_alphabetical_order():
    names = list(Municipality.objects.values_list("name", flat=True))
    assert names[:3] == ["Albertslund", "Allerød", "Assens"]
    # æ, ø, å after z, and "Aa" sorted as å.
    assert names[-4:] == ["Ærø", "Aabenraa", "Aalborg", "Aarhus"]
    assert names.index("Vordingborg") < names.index("Ærø")
    # "aa" inside a name sorts as å too, as in a Danish dictionary.
    assert names.index("Furesø") < names.index("Faaborg-Midtfyn") < names.index("Gentofte")


def test_reference_data_is_restored_when_missing():
    from geography.reference import load_reference_data

    Municipality.objects.filter(code__in=[101, 851]).delete()
    load_reference_data()
    assert Municipality.objects.count() == 98
    assert Municipality.objects.get(code=851).name == "Aalborg"


def test_the_python_sort_key_agrees_with_the_database():
    from core.collation import danish_sort_key

    rows = list(Municipality.objects.values_list("name", "sort_key"))
    assert [danish_sort_key(name) for name, _key in rows] == [key for _name, key in rows]
