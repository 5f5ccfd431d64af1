import pytest

from accounts import roles
from accounts.services import ensure_verified_user
from geography.models import Municipality
from guidance import services
from guidance.models import RequesterType, Topic

PASSWORD = "Et-godt-kodeord-2014"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def municipality():
    return Municipality.objects.get(name="Odense")


@pytest.fixture
def adviser(db):
    return ensure_verified_user(
        "raadgiver@example.dk",
        PASSWORD,
        first_name="Randi",
        last_name="Rådgiver",
        is_staff=True,
        groups=[roles.ADVISERS],
    )


@pytest.fixture
def make_enquiry(municipality):
    def make(email="spoerger@example.dk", *, confirmed=True, user=None, **overrides):
        data = {
            "requester_type": RequesterType.MUNICIPALITY,
            "name": "Mette Jensen",
            "organisation": "Odense Kommune",
            "municipality": municipality,
            "email": email,
            "phone": "",
            "topics": [Topic.EMPLOYMENT, Topic.PROCUREMENT],
            "question": "Hvordan kan vi bruge sociale klausuler i vores udbud?",
            "preferred_contact": "email",
            "consent": True,
            **overrides,
        }
        enquiry = services.submit_enquiry(data=data, by=user)
        if confirmed:
            services.confirm_email(enquiry)
        enquiry.refresh_from_db()
        return enquiry

    return make
