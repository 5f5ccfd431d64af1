"""The running API against its own OpenAPI schema, with every schemathesis check on.

Generated requests (valid and invalid, from the examples, coverage and fuzzing phases) go to the
live test server; each answer must match the schema (status code documented, content type, body
shape, headers), never a 5xx, invalid input refused with a 4xx, valid input accepted, methods the
schema lacks answered 405 with ``Allow``. Bounded and deterministic: a fixed seed and a few
examples per endpoint, the same requests every run.

schemathesis runs as its command-line tool (its pytest loader does not support pytest 9 yet);
the live server runs in this process, with the test's data.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from api.tests.conftest import seed_public_content

pytestmark = [pytest.mark.slow]

ST = Path(sys.executable).with_name("st")


def test_api_matches_its_schema(live_server, settings, transactional_db, tmp_path):
    settings.API_REQUESTS_PER_MINUTE = 100_000
    seed_public_content()
    result = subprocess.run(
        [
            str(ST),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "4",
            "--workers",
            "2",
            "--seed",
            "2026",
            "--generation-deterministic",
            "--no-color",
            "--request-timeout",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-12000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout or "passed" in result.stdout.lower()
