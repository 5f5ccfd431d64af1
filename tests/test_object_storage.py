"""Uploads in S3-compatible object storage: a real form in, a permission-checked view out.

The S3 server is moto's, started on a loopback port for these tests, standing in for MinIO or a
cloud bucket; the storage settings are the ones ``MEDIA_STORAGE=s3`` gives in production.
"""

import io
import re

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image

from accounts.services import ensure_verified_user
from geography.models import Municipality
from guidance.models import Attachment
from guidance.tests.test_views import form_data
from portal.tests.factories import article
from vaekstcenter import media_storage

BUCKET = "vaekstcenter-test-uploads"
PDF = b"%PDF-1.4 forretningsplan fra S3-testen"


@pytest.fixture(scope="module")
def s3_environment():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    environment = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_S3_REGION_NAME": "eu-north-1",
        "AWS_ACCESS_KEY_ID": "test-access-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret-key",
    }
    bucket(environment).create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    yield environment
    server.stop()


def bucket(environment):
    return boto3.client(
        "s3",
        endpoint_url=environment["AWS_S3_ENDPOINT_URL"],
        region_name=environment["AWS_S3_REGION_NAME"],
        aws_access_key_id=environment["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=environment["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def s3_media(settings, s3_environment):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage.default_storage(s3_environment),
    }
    return bucket(s3_environment)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    from django.core.cache import cache

    cache.clear()


def ask_with_attachment(client) -> None:
    """A signed-in user asks a question with a PDF through the form and its check page."""
    pdf = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    data = {**form_data(Municipality.objects.get(name="Odense")), "attachments": [pdf]}
    response = client.post(reverse("guidance:ask"), data)
    assert response.status_code == 302 and response.url.endswith("/henvendelse/tjek/")
    assert client.post(response.url).status_code == 302


def attachment_link(client) -> str:
    """Found as the user finds it: their requests, the case page, the file's link."""
    mine = client.get(reverse("guidance:mine")).content.decode()
    mine_url = re.search(r'href="(/raadgivning/mine/[^/"]+/)"', mine).group(1)
    case = client.get(mine_url, follow=True).content.decode()  # a fresh secret link
    return re.search(r'href="(/raadgivning/sag/[^"]+/bilag/\d+/)"', case).group(1)


@pytest.mark.django_db
def test_an_uploaded_file_is_kept_in_the_bucket_and_handed_out_by_the_checked_view(s3_media):
    user = ensure_verified_user("mette@example.dk", "Et-godt-kodeord-2014")
    client = Client()
    client.force_login(user)
    ask_with_attachment(client)

    attachment = Attachment.objects.get()
    stored = s3_media.get_object(Bucket=BUCKET, Key=attachment.file.name)
    assert stored["Body"].read() == PDF
    assert attachment.file.name.startswith(f"guidance/{attachment.message.enquiry_id}/")
    grants = s3_media.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers / public read

    link = attachment_link(client)
    response = Client().get(link)  # the case link is the permission, whoever holds it
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["Content-Length"] == str(len(PDF))
    assert "Location" not in response  # streamed, never redirected into the bucket

    wrong_token = re.sub(r"/sag/[^/]+/", "/sag/not-the-token/", link)
    assert Client().get(wrong_token).status_code == 404


@pytest.mark.django_db
def test_hero_image_renditions_are_made_from_and_kept_in_the_bucket(s3_media, client):
    photo = io.BytesIO()
    Image.new("RGB", (1000, 500), (20, 90, 160)).save(photo, "JPEG")
    guide = article(
        "Med billede i S3",
        hero_image=SimpleUploadedFile("foto.jpg", photo.getvalue(), content_type="image/jpeg"),
        hero_alt="Et blåt felt",
    )
    keys = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert guide.hero_image.name in keys
    assert {rendition["name"] for rendition in guide.hero_renditions} <= keys

    response = client.get(f"/viden/billede/{guide.pk}/480/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (480, 240)


@pytest.mark.django_db
def test_two_uploads_with_one_name_are_both_kept(s3_media):
    """A registry document is named by the second it came in; S3 must not overwrite the first."""
    first = default_storage.save("registry/VC-1/20260101120000.pdf", ContentFile(b"%PDF first"))
    second = default_storage.save("registry/VC-1/20260101120000.pdf", ContentFile(b"%PDF second"))
    assert first != second
    assert s3_media.get_object(Bucket=BUCKET, Key=first)["Body"].read() == b"%PDF first"
    assert s3_media.get_object(Bucket=BUCKET, Key=second)["Body"].read() == b"%PDF second"


def test_local_disk_is_the_default_and_a_misconfiguration_says_what_is_missing():
    assert media_storage.default_storage({})["BACKEND"].endswith("FileSystemStorage")
    with pytest.raises(RuntimeError, match="AWS_STORAGE_BUCKET_NAME"):
        media_storage.default_storage({"MEDIA_STORAGE": "s3"})
    with pytest.raises(RuntimeError, match="MEDIA_STORAGE"):
        media_storage.default_storage({"MEDIA_STORAGE": "ftp"})
