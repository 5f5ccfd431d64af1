"""Our DKFDS build (assets/dkfds-portal.scss) styles every DKFDS class the templates use.

The build leaves out the components no page uses; a template that starts using one must add it
to the build, or its markup would render unstyled.
"""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VENDOR_CSS = BASE_DIR / "static" / "vendor" / "dkfds" / "css"
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"|"class":\s*"([^"]*)"')
CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
SKIPPED = {"node_modules", ".venv", ".tools", "staticfiles", "static", ".pgdata"}


def classes_in_sources() -> set[str]:
    found = set()
    for file in BASE_DIR.rglob("*"):
        if file.suffix not in {".html", ".py"} or SKIPPED & set(file.relative_to(BASE_DIR).parts):
            continue
        for match in CLASS_ATTRIBUTE.finditer(file.read_text(encoding="utf-8")):
            words = (match.group(1) or match.group(2)).split()
            # A name built by a template tag ("alert-{% if %}error…") is not a class as written.
            found.update(word for word in words if not set(word) & set("{}%'"))
    return found


def classes_in(stylesheet: Path) -> set[str]:
    css = re.sub(r"url\([^)]*\)", "", stylesheet.read_text(encoding="utf-8"))
    return set(CLASS_SELECTOR.findall(css))


def test_every_dkfds_class_the_pages_use_is_in_our_build():
    used = classes_in_sources()
    in_dkfds = classes_in(VENDOR_CSS / "dkfds.min.css")
    in_our_build = classes_in(VENDOR_CSS / "dkfds-portal.min.css")

    assert {"button-primary", "form-input", "pagination", "card"} <= used & in_dkfds
    assert not (used & in_dkfds) - in_our_build
    assert len(in_our_build) < len(in_dkfds)
