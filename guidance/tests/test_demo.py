import pytest
from django.core.management import call_command

from guidance.models import Message, Referral, Request, Satisfaction, Status

pytestmark = pytest.mark.django_db


def test_demo_loads_200_requests_in_every_status_once():
    call_command("load_guidance_demo")
    call_command("load_guidance_demo")
    assert Request.objects.count() == 200
    statuses = set(Request.objects.values_list("status", flat=True))
    assert {
        Status.RECEIVED,
        Status.IN_PROGRESS,
        Status.AWAITING_REQUESTER,
        Status.ANSWERED,
        Status.CLOSED,
    } <= statuses
    assert len(set(Request.objects.values_list("requester_type", flat=True))) == 9
    assert Referral.objects.exists() and Satisfaction.objects.exists()
    assert Message.objects.filter(kind="adviser").count() > 100
