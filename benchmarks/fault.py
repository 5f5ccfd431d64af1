"""Stop PostgreSQL under load and start it again: what do visitors get, and how soon is it over?

Starts gunicorn with production settings (DEBUG off) on 127.0.0.1 against the embedded
PostgreSQL with the demo content, sends a steady load from a few threads to a few pages (home,
an article, the register, a form, /healthz), stops the embedded server in the middle, starts it
again after ``--down`` seconds, and prints:

- errors during the outage: anything but a friendly 503 page with Retry-After (or a 200);
- how long answers took while the database was down (p50/p95/max);
- the seconds from the server being back to the first 200;
- errors after recovery (must be 0: the first request after the restart already succeeds).

Loopback only; every phase is bounded and the script stops gunicorn itself (and starts the
database again should anything fail).

    python benchmarks/fault.py --threads 4 --before 5 --down 10 --after 10
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.run import HOST, environment, serving  # noqa: E402

FRIENDLY = "midlertidigt utilgængelig"  # the 503 page's heading (Danish; English under /en/)
FRIENDLY_EN = "temporarily unavailable"
RESULTS = BASE_DIR / "benchmarks" / "results"
PAGES = ["/", None, "/registrering/register/", "/raadgivning/henvendelse/", "/healthz", "/en/"]


@dataclass
class Answer:
    path: str
    started: float
    seconds: float
    status: int  # 0: no HTTP answer at all
    friendly: bool  # a 503 with Retry-After and the outage page (or the healthz JSON)


def ask(port: int, path: str) -> Answer:
    started = time.monotonic()
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=15)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        connection.close()
    except OSError:
        return Answer(path, started, time.monotonic() - started, 0, False)
    friendly = (
        response.status == 503
        and response.getheader("Retry-After") is not None
        and (FRIENDLY in body or FRIENDLY_EN in body or '"database": "down"' in body)
    )
    return Answer(path, started, time.monotonic() - started, response.status, friendly)


def an_article(port: int) -> str:
    """An article linked from the home page (the demo content's first one)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=15)
    connection.request("GET", "/viden/")
    html = connection.getresponse().read().decode()
    found = re.search(r'href="(/viden/(?!tema/|billede/)[a-z0-9-]+/)"', html)
    if not found:
        sys.exit("No article on /viden/: load the demo content first (make demo).")
    return found.group(1)


def embedded_db(command: str) -> None:
    subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "vaekstcenter.embedded_db", command],
        cwd=BASE_DIR,
        check=True,
        capture_output=True,
    )


def load(port: int, paths: list[str], threads: int, stop: threading.Event) -> list[Answer]:
    answers: list[Answer] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        number = offset
        while not stop.is_set():
            answer = ask(port, paths[number % len(paths)])
            number += 1
            with lock:
                answers.append(answer)

    pool = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    return answers, pool


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


def report(answers: list[Answer], stopped_at: float, down_at: float, restart_at: float, up_at):
    before = [a for a in answers if a.started < stopped_at]
    during = [a for a in answers if stopped_at <= a.started < up_at]
    after = [a for a in answers if a.started >= up_at]
    down = [a for a in during if down_at <= a.started and a.started + a.seconds <= restart_at]

    def errors(group: list[Answer]) -> list[Answer]:
        return [a for a in group if a.status != 200 and not a.friendly]

    def statuses(group: list[Answer]) -> str:
        counts: dict[int, int] = {}
        for answer in group:
            counts[answer.status] = counts.get(answer.status, 0) + 1
        return ", ".join(f"{code or 'no answer'}: {n}" for code, n in sorted(counts.items()))

    print(f"\nbefore the stop   {len(before):>5} requests  errors {len(errors(before))}")
    print(f"  statuses: {statuses(before)}")
    print(f"during the outage {len(during):>5} requests  errors {len(errors(during))}")
    print(f"  statuses: {statuses(during)}")
    for error in errors(during)[:10]:
        print(f"  error: {error.path} -> {error.status or 'no answer'} in {error.seconds:.2f} s")
    if down:
        times = [a.seconds for a in down]
        print(
            f"  answer time while down ({len(down)} answers): p50 {statistics.median(times):.3f} s"
            f"  p95 {percentile(times, 0.95):.3f} s  max {max(times):.3f} s"
        )
    first_ok = min((a.started + a.seconds for a in after if a.status == 200), default=None)
    print(f"after the restart {len(after):>5} requests  errors {len(errors(after))}")
    print(f"  statuses: {statuses(after)}")
    for error in errors(after)[:10]:
        print(f"  error: {error.path} -> {error.status or 'no answer'}")
    print(f"  (server log: {RESULTS / 'fault-gunicorn.log'})")
    print(f"  restart command took {up_at - restart_at:.2f} s (pg_ctl start -w, until ready)")
    if first_ok is not None:
        print(f"  first 200 {first_ok - up_at:.3f} s after the server was back")
    else:
        print("  no 200 after the restart")
    return len(errors(after)) == 0 and not errors(during) and first_ok is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18601)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--before", type=float, default=5, help="seconds of load before the stop")
    parser.add_argument("--down", type=float, default=10, help="seconds the database stays down")
    parser.add_argument("--after", type=float, default=10, help="seconds of load after restart")
    args = parser.parse_args()
    args.threads = max(1, min(args.threads, 16))
    for name in ("before", "down", "after"):  # bounded: the run always ends
        setattr(args, name, max(1.0, min(getattr(args, name), 120.0)))
    if os.environ.get("DATABASE_URL"):
        sys.exit("The fault run stops the embedded PostgreSQL; unset DATABASE_URL.")

    env = environment(args.port)
    embedded_db("start")
    RESULTS.mkdir(exist_ok=True)
    with open(RESULTS / "fault-gunicorn.log", "w") as log, serving(env, args.port, log):
        paths = [path or an_article(args.port) for path in PAGES]
        for path in paths:  # warm every page once
            ask(args.port, path)
        print(f"gunicorn on {HOST}:{args.port}, {args.threads} client threads, pages: {paths}")
        stop = threading.Event()
        answers, threads = load(args.port, paths, args.threads, stop)
        try:
            time.sleep(args.before)
            stopped_at = time.monotonic()
            embedded_db("stop")
            down_at = time.monotonic()
            print(f"PostgreSQL stopped (took {down_at - stopped_at:.2f} s)", flush=True)
            time.sleep(args.down)
            restart_at = time.monotonic()
            embedded_db("start")
            up_at = time.monotonic()
            print(f"PostgreSQL started again (took {up_at - restart_at:.2f} s)", flush=True)
            time.sleep(args.after)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
            embedded_db("start")
        ok = report(answers, stopped_at, down_at, restart_at, up_at)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
