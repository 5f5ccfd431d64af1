import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation

from core.honeypot import HoneypotField
from core.rate_limits import rate_limited
from core.uploads import PDF, PNG, validate_upload

pytestmark = pytest.mark.django_db


def test_rate_limit_counts_per_client_and_scope():
    first = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    other = RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")
    results = [rate_limited(first, "form", limit=3, period=60) for _ in range(4)]
    assert results == [False, False, False, True]
    assert not rate_limited(other, "form", limit=3, period=60)
    assert not rate_limited(first, "another-form", limit=3, period=60)


def test_honeypot_rejects_filled_in_forms():
    class ContactForm(forms.Form):
        website = HoneypotField()

    assert ContactForm(data={"website": ""}).is_valid()
    form = ContactForm(data={"website": "http://spam.example"})
    assert not form.is_valid()
    assert "Formularen kunne ikke sendes" in str(form.errors)


def test_uploads_are_checked_by_content_and_size():
    pdf = SimpleUploadedFile("vedtaegter.pdf", b"%PDF-1.7\n...", "application/pdf")
    assert validate_upload(pdf, (PDF,), max_bytes=1024) is PDF

    disguised = SimpleUploadedFile("vedtaegter.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError, match="ikke en gyldig fil") as refused:
        validate_upload(disguised, (PDF,), max_bytes=1024)
    assert "Gem eller eksportér dokumentet som PDF, og vælg det igen." in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        validate_upload(disguised, (PDF, PNG), max_bytes=1024)
    assert "af typen PDF eller PNG." in str(refused.value)  # said as a person would
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_upload(disguised, (PDF, PNG), max_bytes=1024)
    assert "Save or export the document as PDF or PNG" in str(refused.value)

    big = SimpleUploadedFile("stor.pdf", b"%PDF-" + b"x" * 2048, "application/pdf")
    with pytest.raises(ValidationError, match="højst fylde"):
        validate_upload(big, (PDF,), max_bytes=1024)

    empty = SimpleUploadedFile("tom.png", b"", "image/png")
    with pytest.raises(ValidationError, match="tom"):
        validate_upload(empty, (PNG,), max_bytes=1024)
