"""What a page costs the server in CPU, one request at a time in this process.

The wrk figures of ``benchmarks/scenarios/pages.py`` move with whatever else the machine runs;
CPU time spent per request does not (much). Each row is served here through Django's WSGI
handler, as gunicorn would call it (production settings, DEBUG off, cached template loader),
and costed as this process's CPU time plus the CPU time of its PostgreSQL backend (read from
/proc), per request, over ``--rounds`` interleaved rounds (see ``measure``). The rows are those
of the pages scenario: the bare view, the cached pages, and the uncached ones (a page never
asked for before on every request). Uses the data already in the database (``make bench`` seeds it):

    python benchmarks/pages_in_process.py --requests 50 --rounds 20
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import BARE, HOST, clear_caches, production_environment

TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    """CPU seconds a PostgreSQL backend has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def wsgi_get(handler, path: str) -> int:
    """One GET through the WSGI handler, the body read as a server would; the status code."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "REMOTE_ADDR": HOST,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    body = handler(environ, lambda code, headers, exc_info=None: status.append(code))
    for _chunk in body:
        pass
    body.close()
    return int(status[0].split()[0])


def cost(handler, backend: int, paths: list[str]) -> tuple[float, float]:
    """(this process's, the database backend's) CPU milliseconds per request of ``paths``."""
    database, own = backend_cpu(backend), time.process_time()
    for path in paths:
        status = wsgi_get(handler, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    own, database = time.process_time() - own, backend_cpu(backend) - database
    return own * 1000 / len(paths), database * 1000 / len(paths)


def rows(requests: int, rounds: int, only: str) -> list[tuple[str, object]]:
    """(label, paths of one round) per row: a fixed path, or a function of the round's number
    that gives fresh paths. ``only``: just the bare view and the rows whose label has it."""
    from benchmarks.scenarios import pages

    result = [(BARE[0], BARE[1]), *pages.cached_paths()]
    for label, fresh in pages.fresh_paths():
        if len(fresh) < requests * (rounds + 1):
            raise SystemExit(f"{label}: {len(fresh)} fresh paths, too few; seed more")
        part = lambda number, f=fresh: f[number * requests : (number + 1) * requests]  # noqa: E731
        result.append((label, part))
    return [row for row in result if row[0] == BARE[0] or only in row[0]]


def measure(requests: int, rounds: int, only: str = "") -> dict[str, tuple[float, float]]:
    """Per row, (own, database) CPU ms per request: this process's the lowest of the rounds
    (the round least disturbed by other work on the machine: timeit's rule), the database's
    the mean over all rounds (its clock ticks are too coarse for one round)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    handler = WSGIHandler()
    clear_caches()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [backend] = cursor.fetchone()
    measured = rows(requests, rounds, only)
    spent: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in measured}
    for number in range(rounds + 1):  # round 0 warms up and is not counted
        for label, paths in measured:
            batch = paths(number) if callable(paths) else [paths] * requests
            result = cost(handler, backend, batch)
            if number:
                spent[label].append(result)
    return {
        label: (min(o for o, _ in values), statistics.mean(d for _, d in values))
        for label, values in spent.items()
    }


def report(results: dict[str, tuple[float, float]]) -> None:
    bare = sum(results[BARE[0]])
    print(f"{'page':<28} {'Python ms':>9} {'SQL ms':>7} {'CPU ms':>7} {'% of bare':>9}")
    for label, (own, database) in results.items():
        total = own + database
        print(
            f"{label:<28} {own:>9.3f} {database:>7.3f} {total:>7.3f} {bare / total * 100:>8.0f} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per row and round")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--only", default="", help="only the rows whose label contains this")
    args = parser.parse_args()
    os.environ.update(production_environment())
    if not os.environ.get("DATABASE_URL"):
        from vaekstcenter import embedded_db

        embedded_db.start()
    import django

    django.setup()
    report(measure(args.requests, args.rounds, args.only))


if __name__ == "__main__":
    main()
