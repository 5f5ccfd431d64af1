import pytest
from django.db.models import Max, Min
from django.utils import timezone

from guidance import demo as guidance_demo
from guidance.models import Enquiry, EnquiryStatus, Message, Referral, Satisfaction
from portal.tests.factories import article

pytestmark = pytest.mark.django_db


def test_demo_loads_200_requests_in_every_status_once():
    article("Finansiering af socialøkonomiske virksomheder", slug="finansiering")
    guidance_demo.load()
    guidance_demo.load()
    assert Enquiry.objects.count() == 200
    statuses = set(Enquiry.objects.values_list("status", flat=True))
    assert {
        EnquiryStatus.UNCONFIRMED,
        EnquiryStatus.RECEIVED,
        EnquiryStatus.IN_PROGRESS,
        EnquiryStatus.AWAITING_REQUESTER,
        EnquiryStatus.ANSWERED,
        EnquiryStatus.CLOSED,
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
