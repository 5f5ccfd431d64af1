"""Lighthouse (mobile) performance and accessibility scores of the main pages.

Not a test: a Lighthouse run takes many seconds and its score moves with the machine's load
(its simulated throttling evens out some of that). Serves the site as in production (DEBUG off,
collected static files, gunicorn on loopback) with the content already in the database (``make
lighthouse`` loads the demo first), or measures a server already running with ``--base-url``.

    python benchmarks/lighthouse.py [--runs 3] [--base-url http://127.0.0.1:8000]
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.run import HOST, environment, serving, use_the_site_database  # noqa: E402

LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "/",
    "article": "/viden/saadan-registrerer-du-virksomheden/",
    "search": "/soeg/?q=virksomhed",
    "register": "/registrering/register/",
    "request form": "/raadgivning/henvendelse/",
    "events": "/arrangementer/",
}
CATEGORIES = ("performance", "accessibility")
AUDITS = ("first-contentful-paint", "largest-contentful-paint", "cumulative-layout-shift")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def lighthouse(url: str) -> dict:
    """One Lighthouse run; the scores (0-100) and the paint figures of one page."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(  # noqa: S603 - fixed arguments, our own node_modules
            [
                str(LIGHTHOUSE),
                url,
                f"--only-categories={','.join(CATEGORIES)}",
                "--form-factor=mobile",
                f"--chrome-flags={CHROME_FLAGS}",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
            ],
            cwd=BASE_DIR,
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
            check=True,
        )
        result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores.update({name: result["audits"][name]["numericValue"] for name in AUDITS})
    return scores


def measure(base_url: str, runs: int) -> None:
    print(f"Lighthouse, mobile, median of up to {runs} run(s) per page, {base_url}")
    print(f"{'page':<14}{'perf':>6}{'a11y':>6}{'FCP ms':>9}{'LCP ms':>9}{'CLS':>7}")
    for label, path in PAGES.items():
        results = []
        for _ in range(runs):
            # Lighthouse now and then loses a page's trace; the other runs count.
            with contextlib.suppress(subprocess.CalledProcessError):
                results.append(lighthouse(base_url + path))
        if not results:
            print(f"{label:<14}Lighthouse failed; see its messages above.", flush=True)
            continue
        median = {key: statistics.median(r[key] for r in results) for key in results[0]}
        print(
            f"{label:<14}{median['performance']:>6.0f}{median['accessibility']:>6.0f}"
            f"{median['first-contentful-paint']:>9.0f}{median['largest-contentful-paint']:>9.0f}"
            f"{median['cumulative-layout-shift']:>7.3f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--base-url", help="measure this running server instead of starting one")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: npm ci installs it.")
    runs = max(1, min(args.runs, 9))
    if args.base_url:
        measure(args.base_url.rstrip("/"), runs)
        return

    env = environment(args.port)
    use_the_site_database(env)
    with serving(env, args.port):
        measure(f"http://{HOST}:{args.port}", runs)


if __name__ == "__main__":
    main()
