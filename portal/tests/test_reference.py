import pytest

from portal.models import Audience

pytestmark = pytest.mark.django_db


def test_the_six_audiences_ship_as_reference_data():
    assert list(Audience.objects.values_list("slug", flat=True)) == [
        "ivaerksaetter",
        "socialoekonomisk-virksomhed",
        "kommune",
        "jobcenter",
        "investor-fond",
        "anden-offentlig-myndighed",
    ]
