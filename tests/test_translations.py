"""Every Danish text has its English translation, and none is a fuzzy guess."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGUES = [
    BASE / "locale/en/LC_MESSAGES/django.po",
    *sorted(BASE.glob("*/locale/en/LC_MESSAGES/django.po")),
]
MSGFMT = shutil.which("msgfmt") or "msgfmt"  # GNU gettext, which compilemessages needs too


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.parent.parent.parent))
def test_english_catalogue_is_complete(catalogue):
    result = subprocess.run(
        [MSGFMT, "--check-format", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics
