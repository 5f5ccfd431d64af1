"""The registry's part of a person's data, for GDPR access requests and erasure.

Erasure is deleting the user: cases, events and documents keep the enterprise's history with the
person's link set to NULL, and the user stops representing any enterprise.
"""

from registry.models import Application, CaseEvent, Document, Enterprise


def personal_data(user) -> dict:
    """Everything the registry holds that is linked to ``user``, as plain data."""
    return {
        "virksomheder": list(
            Enterprise.objects.represented_by(user).order_by("sort_key").values("cvr", "name")
        ),
        "sager": list(
            Application.objects.filter(created_by=user)
            .order_by("created_at")
            .values("case_number", "status", "created_at", "submitted_at")
        ),
        "haendelser": list(
            CaseEvent.objects.filter(actor=user)
            .order_by("at")
            .values("application__case_number", "at", "action", "message")
        ),
        "dokumenter": list(
            Document.objects.filter(uploaded_by=user)
            .order_by("uploaded_at")
            .values("application__case_number", "original_name", "uploaded_at")
        ),
    }
