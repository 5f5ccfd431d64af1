import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import roles
from accounts.services import ensure_verified_user
from portal import services
from portal.images import validate_hero_image
from portal.models import Article, Audience
from portal.tests.factories import article, theme

pytestmark = pytest.mark.django_db


def image_file(width=1600, height=900, kind="JPEG", name="foto.jpg", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (20, 90, 160) if mode == "RGB" else (20, 90, 160, 0)).save(
        buffer, kind
    )
    return buffer.getvalue()


def upload(data: bytes, name="foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STAFF_MFA_REQUIRED = False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg onload=alert(1)>", "ikke et gyldigt billede"),
        (image_file(kind="GIF"), "ikke et gyldigt billede"),
        (image_file()[:3000], "ikke et gyldigt billede"),  # truncated: verify() alone misses it
        (image_file(width=300, height=200), "mindst 480 pixels"),
        (b"\xff\xd8\xff" + b"0" * (6 * 1024 * 1024), "højst fylde 5,0"),
    ],
)
def test_only_whole_jpeg_png_and_webp_images_of_a_fair_size_pass(data, message):
    with pytest.raises(ValidationError, match=message):
        validate_hero_image(upload(data))


def test_a_valid_image_gets_a_neutral_name_with_its_real_extension():
    image = upload(image_file(kind="WEBP"), name="ferie.jpg.html")
    validate_hero_image(image)
    assert image.name == "hero.webp"


def test_renditions_are_made_once_on_save_and_replaced_with_the_image(
    django_capture_on_commit_callbacks,
):
    hero = upload(image_file(width=1600, height=900, kind="PNG", mode="RGBA"), name="hero.png")
    guide = article("Med billede", hero_image=hero, hero_alt="Et blåt felt")
    widths = [(r["width"], r["height"]) for r in guide.hero_renditions]
    assert widths == [(480, 270), (960, 540), (1440, 810)]
    first = [r["name"] for r in guide.hero_renditions]
    assert all(default_storage.exists(name) for name in first)
    with default_storage.open(first[0]) as stored:
        assert Image.open(stored).format == "JPEG"  # transparency flattened for JPEG

    guide.hero_image = upload(image_file(width=800, height=600), name="hero.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        services.save_article(guide, by=None)
    guide.refresh_from_db()
    # Never upscaled: an 800 pixels wide image gets 480 and its own width.
    assert [r["width"] for r in guide.hero_renditions] == [480, 800]
    assert not any(default_storage.exists(name) for name in first)

    guide.title = "Ny titel, samme billede"
    services.save_article(guide, by=None)
    guide.refresh_from_db()
    assert [r["width"] for r in guide.hero_renditions] == [480, 800]  # not resized again

    first_revision = guide.revisions.get(number=1)
    changed_image = guide.revisions.filter(number__gt=1, changed_fields__contains=["hero_image"])
    assert changed_image.count() == 1
    services.restore_revision(first_revision, by=None)
    guide.refresh_from_db()
    assert guide.hero_image.name == first_revision.snapshot["hero_image"]
    assert [r["width"] for r in guide.hero_renditions] == [480, 960, 1440]


def test_pages_serve_renditions_with_srcset_sizes_and_open_graph(client, settings):
    settings.SITE_URL = "https://socialvirksomhed.example"
    start = theme("Opstart", "opstart")
    guide = article(
        "Med billede",
        slug="med-billede",
        themes=[start],
        featured=True,
        hero_image=upload(image_file(width=2000, height=1000)),
        hero_alt="Et blåt felt",
    )
    html = client.get("/viden/med-billede/").content.decode()
    version = guide.hero_renditions[0]["version"]
    base = f"/viden/billede/{guide.pk}"
    assert (
        f'<img src="{base}/960/?v={version}" srcset="{base}/480/?v={version} 480w, '
        f'{base}/960/?v={version} 960w, {base}/1440/?v={version} 1440w"' in html
    )
    assert 'width="960" height="480" alt="Et blåt felt"' in html
    assert (
        f'<meta property="og:image" content="https://socialvirksomhed.example{base}/1440/'
        f'?v={version}">' in html
    )
    assert '<meta property="og:image:width" content="1440">' in html
    assert '<meta property="og:image:height" content="720">' in html
    for page in ("/", "/viden/"):
        card = client.get(page).content.decode()
        assert re.search(rf'<div class="card-image"><img src="{base}/960/[^"]*" srcset=', card)
        assert 'loading="lazy"' in card

    response = client.get(f"{base}/480/?v={version}")
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (480, 240)
    assert client.get(f"{base}/481/").status_code == 404


def test_a_drafts_image_is_for_editors_only(client):
    draft = article(
        "Kladde med billede",
        published=False,
        hero_image=upload(image_file()),
        hero_alt="Et blåt felt",
    )
    url = f"/viden/billede/{draft.pk}/480/"
    assert client.get(url).status_code == 404
    editor = ensure_verified_user(
        "redaktoer@example.org", "x-pass-123456", is_staff=True, groups=[roles.EDITORS]
    )
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_editor_uploads_an_image_in_the_admin(client):
    editor = ensure_verified_user(
        "redaktoer@example.org", "x-pass-123456", is_staff=True, groups=[roles.EDITORS]
    )
    client.force_login(editor)
    data = {
        "title": "Ny vejledning",
        "slug": "ny-vejledning",
        "language": "da",
        "type": "guide",
        "summary": "Kort manchet.",
        "body": "Tekst.",
        "themes": [theme().pk],
        "audiences": [Audience.objects.first().pk],
        "hero_alt": "Et blåt felt",
        "publish_at_0": "",
        "publish_at_1": "",
    }
    no_alt = upload(image_file())
    response = client.post(
        "/admin/portal/article/add/", {**data, "hero_image": no_alt, "hero_alt": ""}
    )
    assert "Skriv en alternativ tekst" in response.content.decode()

    fake = SimpleUploadedFile("billede.png", b"<svg onload=alert(1)>")
    response = client.post("/admin/portal/article/add/", {**data, "hero_image": fake})
    assert (
        "Filen er ikke et gyldigt billede. Brug JPEG, PNG eller WebP." in response.content.decode()
    )
    assert not Article.objects.exists()

    real = upload(image_file(kind="WEBP"), name="foto.webp")
    response = client.post("/admin/portal/article/add/", {**data, "hero_image": real})
    assert response.status_code == 302
    created = Article.objects.get()
    assert created.hero_image.name.endswith(".webp")
    assert [r["width"] for r in created.hero_renditions] == [480, 960, 1440]
