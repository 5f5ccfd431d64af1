"""The main pages are valid HTML, as the Nu HTML Checker (npm vnu-jar, on Java) reads them.

Every public page of the demo, in Danish and English, and the pages behind the login are rendered
with the test client and checked in one run of the checker (a JVM starts slowly).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from registry.demo import DEMO_APPLICANT
from registry.models import Application
from tests.test_browser_foundation import public_paths

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist"

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the whole demo, then Java


def signed_in_paths() -> list[str]:
    case = Application.objects.filter(enterprise__representatives__email=DEMO_APPLICANT).first()
    return [
        reverse("accounts:overview"),
        reverse("registry:my_cases"),
        reverse("registry:case", args=[case.case_number]),
        reverse("guidance:mine"),
        reverse("network:mine"),
    ]


def save_pages(client, paths: list[str], folder: Path, prefix: str) -> dict[str, str]:
    """Each page's HTML in a file of its own; the file names mapped to the paths."""
    saved = {}
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        file = folder / f"{prefix}{number}.html"
        file.write_bytes(response.content)
        saved[file.name] = path
    return saved


def vnu_errors(folder: Path) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: run `make java` (Debian package 'default-jre-headless').")
    result = subprocess.run(
        [
            *(java, "-jar", str(VNU / "vnu.jar"), "--errors-only", "--format", "json", "--stdout"),
            *sorted(str(file) for file in folder.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stdout)["messages"]


def test_the_main_pages_are_valid_html(client, tmp_path, demo):
    saved = {}
    # The English pages activate English in this thread; later tests expect it back as it was.
    with translation.override("da"):
        for language in ("da", "en"):
            saved |= save_pages(client, public_paths(language), tmp_path, language)
        client.force_login(get_user_model().objects.get(email=DEMO_APPLICANT))
        saved |= save_pages(client, signed_in_paths(), tmp_path, "signed-in")

    errors = vnu_errors(tmp_path)

    assert len(saved) >= 50
    assert not errors, "The Nu HTML Checker found errors:\n" + "\n".join(
        f"{saved[Path(e['url']).name]} line {e.get('lastLine')}: {e['message']}" for e in errors
    )
