import pytest
from django.core.management import call_command
from django.db.models import Max, Min
from django.utils import timezone

from guidance.models import Enquiry, Message, Referral, Satisfaction, Status
from portal.tests.factories import article

pytestmark = pytest.mark.django_db


def test_demo_loads_200_requests_in_every_status_once():
    article("Finansiering af socialøkonomiske virksomheder", slug="finansiering")
    call_command("load_guidance_demo")
    call_command("load_guidance_demo")
    assert Enquiry.objects.count() == 200
    statuses = set(Enquiry.objects.values_list("status", flat=True))
    assert {
        Status.UNCONFIRMED,
        Status.RECEIVED,
        Status.IN_PROGRESS,
        Status.AWAITING_REQUESTER,
        Status.ANSWERED,
        Status.CLOSED,
    } <= statuses
    assert len(set(Enquiry.objects.values_list("requester_type", flat=True))) == 9
    assert Referral.objects.exists() and Satisfaction.objects.exists()
    assert Message.objects.filter(kind="adviser").count() > 100
    first, last = Enquiry.objects.aggregate(
        first=Min("created_at"), last=Max("created_at")
    ).values()
    assert (last - first).days > 300  # spread over a year
    for enquiry in Enquiry.objects.all():
        assert enquiry.reference.startswith(f"R{timezone.localtime(enquiry.created_at).year}-")
    linked = Message.objects.filter(kind="adviser", body__endswith="/viden/finansiering/")
    assert linked.count() == Message.objects.filter(kind="adviser").count()
