"""Hero images: checked by content when uploaded, resized once when saved, served responsively.

An editor uploads one JPEG, PNG or WebP. Pillow must be able to decode all of it (a renamed
script, a truncated file or a decompression bomb is refused). When the article is saved, a few
JPEG renditions (at most ``RENDITION_WIDTHS`` wide, never upscaled) are written next to the
original and their names and sizes are stored on the article, so a page needs no extra query and
no image work per request. JPEG because every browser and every link preview (OpenGraph) reads it;
the renditions carry no metadata (camera, GPS), unlike some originals, which are never served.
"""

import hashlib
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from PIL import Image

# Pillow is imported only where an image is handled: every web worker loads this module (the
# models use HeroImage), and Pillow would add 8 MiB to each one's memory for nothing.

HERO_MAX_BYTES = 5 * 1024 * 1024
HERO_MAX_PIXELS = 40_000_000  # a 7,000 x 5,700 photo; bigger is refused before decoding
HERO_MIN_WIDTH = 480
RENDITION_WIDTHS = (480, 960, 1440)
DEFAULT_WIDTH = 960  # the ``src`` for browsers without srcset, and the size most screens pick
JPEG_QUALITY = 82
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_FOLDER = "portal/hero/renditions"


def validate_hero_image(upload) -> None:
    """Raise a Danish ``ValidationError`` unless the upload is a whole JPEG, PNG or WebP image.

    On success the upload is renamed to a neutral name with the extension of its real format.
    """
    if upload.size > HERO_MAX_BYTES:
        raise ValidationError(
            _("Billedet fylder %(size)s. Det må højst fylde %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(HERO_MAX_BYTES)},
            code="too_large",
        )
    from PIL import Image, UnidentifiedImageError

    not_an_image = ValidationError(
        _("Filen er ikke et gyldigt billede. Brug JPEG, PNG eller WebP."), code="type"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            if kind not in ACCEPTED_FORMATS:
                raise not_an_image
            if width * height > HERO_MAX_PIXELS:
                raise ValidationError(
                    _("Billedet er for stort (%(width)s × %(height)s pixels). Gør det mindre.")  # noqa: RUF001
                    % {"width": width, "height": height},
                    code="too_many_pixels",
                )
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()  # verify() reads the structure only; decoding finds a truncated file
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    if width < HERO_MIN_WIDTH:
        raise ValidationError(
            _("Billedet er kun %(width)s pixels bredt. Det skal være mindst %(min)s pixels bredt.")
            % {"width": width, "min": HERO_MIN_WIDTH},
            code="too_small",
        )
    upload.name = f"hero.{ACCEPTED_FORMATS[kind]}"


def _rendition_widths(original_width: int) -> list[int]:
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    if original_width <= RENDITION_WIDTHS[-1]:
        widths.append(original_width)  # the full size, never upscaled
    return widths or [RENDITION_WIDTHS[-1]]


def _flattened(image: "Image.Image") -> "Image.Image":
    """Upright and opaque RGB: JPEG has no alpha, so transparency becomes white."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def make_renditions(original_name: str, prefix: str, storage=default_storage) -> list[dict]:
    """Write the resized JPEGs of a stored original; return their names and sizes."""
    from PIL import Image

    with storage.open(original_name, "rb") as file:
        data = file.read()
    version = hashlib.sha256(data).hexdigest()[:12]
    with Image.open(io.BytesIO(data)) as opened:
        image = _flattened(opened)
    renditions = []
    for width in _rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        name = storage.save(
            f"{RENDITION_FOLDER}/{prefix}-{version}-{width}.jpg", ContentFile(buffer.getvalue())
        )
        renditions.append({"width": width, "height": height, "name": name, "version": version})
    return renditions


def delete_renditions(renditions: list[dict], storage=default_storage) -> None:
    for rendition in renditions:
        storage.delete(rendition["name"])


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class HeroImage:
    """What a template needs for ``<img src srcset width height>`` and for OpenGraph."""

    renditions: tuple[Rendition, ...]
    alt: str

    @classmethod
    def of(cls, article) -> "HeroImage | None":
        stored = article.hero_renditions
        if not stored:
            return None
        renditions = tuple(
            Rendition(
                url=reverse("portal:hero_image", args=[article.pk, item["width"]])
                + f"?v={item['version']}",
                width=item["width"],
                height=item["height"],
            )
            for item in sorted(stored, key=lambda item: item["width"])
        )
        return cls(renditions=renditions, alt=article.hero_alt)

    @property
    def default(self) -> Rendition:
        fitting = [r for r in self.renditions if r.width <= DEFAULT_WIDTH]
        return fitting[-1] if fitting else self.renditions[0]

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]

    @property
    def srcset(self) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in self.renditions)
