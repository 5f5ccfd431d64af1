"""Hero images for the demo articles, drawn here so the demo needs no photo files or licences.

Each is an information graphic whose alt text says what it shows.
"""

import io

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900
BLUE, DARK, LIGHT, WHITE = "#0059b3", "#1a1a1a", "#e6eef7", "#ffffff"


# The design system's typeface (npm dkfds, installed by the set-up); Pillow's own font lacks æøå.
PLEX = settings.BASE_DIR / "node_modules/dkfds/src/fonts/IBMPlexSans/complete/ttf"


def _font(size: int, weight: str = "Regular"):
    try:
        return ImageFont.truetype(str(PLEX / f"IBMPlexSans-{weight}.ttf"), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _numbered_steps(title: str, steps: list[str]) -> bytes:
    """A title and a row of numbered boxes, one per step or criterion."""
    image = Image.new("RGB", (WIDTH, HEIGHT), LIGHT)
    draw = ImageDraw.Draw(image)
    draw.text((80, 90), title, fill=DARK, font=_font(64, "SemiBold"))
    gap, top = 30, 300
    width = (WIDTH - 160 - gap * (len(steps) - 1)) // len(steps)
    for index, text in enumerate(steps):
        left = 80 + index * (width + gap)
        draw.rectangle((left, top, left + width, HEIGHT - 120), fill=WHITE, outline=BLUE, width=6)
        draw.text((left + 30, top + 30), str(index + 1), fill=BLUE, font=_font(96, "SemiBold"))
        for line_number, line in enumerate(text.split("\n")):
            draw.text((left + 30, top + 190 + line_number * 44), line, fill=DARK, font=_font(34))
    return _png(image)


DEMO_IMAGES = {
    "saadan-registrerer-du-virksomheden": (
        lambda: _numbered_steps(
            "De fem kriterier for registrering",
            [
                "Socialt\nformål",
                "Væsentlig\nerhvervs-\nmæssig\naktivitet",
                "Uafhængig\naf det\noffentlige",
                "Inddragende\nog ansvarlig\nledelse",
                "Social\nhåndtering\naf overskud",
            ],
        ),
        "Grafik med de fem kriterier for registrering: socialt formål, væsentlig "
        "erhvervsmæssig aktivitet, uafhængighed af det offentlige, inddragende og ansvarlig "
        "ledelse og social håndtering af overskud.",
    ),
    "vaekstcentrets-historie": (
        lambda: _numbered_steps(
            "Vækstcentret 2014-2015",
            [
                "4. sept. 2014\nCentret åbner",
                "1. jan. 2015\nRegistrering\nmulig",
                "28. juni 2015\nFlytter til\nerhvervs-\nområdet",
                "Udgangen\naf 2015\nCentret lukker",
            ],
        ),
        "Tidslinje over Vækstcentret: åbnet 4. september 2014, registrering mulig fra 1. januar "
        "2015, flyttet til erhvervsområdet 28. juni 2015 og lukket ved udgangen af 2015.",
    ),
}
