"""The site search's own cost, one request at a time in this process: wall and CPU time per
uncached request, and the part of the wall time spent waiting for SQL.

The benchmark's figures under load depend on what else the machine runs; these do much less
(CPU time not at all on waiting). Same production settings and queries as
``benchmarks/scenarios/search.py``, on the data already in the database (``make bench`` seeds
100,000 articles and 50,000 enterprises and prints this table at the end of its run):

    python benchmarks/search_in_process.py --requests 30
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import clear_caches, production_environment

HEADER = (
    f"{'query':<20} {'wall p50':>8} {'p95':>6} {'CPU p50':>7} {'p95':>6} "
    f"{'SQL p50':>7} {'p95':>6} {'cache SQL':>9}"
)


def measure(requests: int) -> list[tuple[str, list[float], list[float]]]:
    """Per query kind: (label, p50s, p95s) of wall, CPU, search SQL and page cache SQL ms."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from benchmarks.pages_in_process import wsgi_get
    from benchmarks.scenarios.search import QUERIES, _uncached

    clear_caches()  # the "uncached" addresses repeat after 500
    handler = WSGIHandler()
    sql = {"search": 0.0, "page cache": 0.0}

    def timed(execute, statement, *rest):
        started = time.perf_counter()
        try:
            return execute(statement, *rest)
        finally:
            part = "page cache" if "django_page_cache" in statement else "search"
            sql[part] += time.perf_counter() - started

    results = []
    for label, words, rest in QUERIES:
        path = _uncached(words, rest)
        wsgi_get(handler, path(1))
        walls, cpus, sqls, cache_sqls = [], [], [], []
        for number in range(2, 2 + requests):
            sql.update({"search": 0.0, "page cache": 0.0})
            cpu, wall = time.process_time(), time.perf_counter()
            with connection.execute_wrapper(timed):
                assert wsgi_get(handler, path(number)) == 200
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            sqls.append(sql["search"])
            cache_sqls.append(sql["page cache"])
        ms = [[value * 1000 for value in values] for values in (walls, cpus, sqls, cache_sqls)]
        p95 = [statistics.quantiles(values, n=20)[-1] for values in ms]
        p50 = [statistics.median(values) for values in ms]
        results.append((label, p50, p95))
    return results


def lines(results) -> list[str]:
    rows = [HEADER]
    for label, p50, p95 in results:
        rows.append(
            f"{label:<20} {p50[0]:>8.1f} {p95[0]:>6.1f} {p50[1]:>7.1f} {p95[1]:>6.1f} "
            f"{p50[2]:>7.1f} {p95[2]:>6.1f} {p50[3]:>9.1f}"
        )
    worst = max(p95[0] for _label, _p50, p95 in results)
    rows.append(f"{'highest wall p95':<20} {'':>8} {worst:>6.1f}  (issue 16: at most 50 ms)")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="uncached requests per query")
    args = parser.parse_args()
    os.environ.update(production_environment())
    if not os.environ.get("DATABASE_URL"):
        from vaekstcenter import embedded_db

        embedded_db.start()
    import django

    django.setup()
    print("\n".join(lines(measure(args.requests))))


if __name__ == "__main__":
    main()
