"""The site search's own cost, one request at a time in this process: wall and CPU time per
uncached request, and the part of the wall time spent waiting for SQL.

The benchmark's figures under load depend on what else the machine runs; these do much less
(CPU time not at all on waiting). Same production settings and queries as
``benchmarks/scenarios/search.py``, on the data already in the database:

    python benchmarks/search_in_process.py --requests 30
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import HOST, clear_caches, production_environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="uncached requests per query")
    args = parser.parse_args()
    os.environ.update(production_environment(ALLOWED_HOSTS=f"{HOST},testserver"))
    if not os.environ.get("DATABASE_URL"):
        from vaekstcenter import embedded_db

        embedded_db.start()
    import django

    django.setup()
    clear_caches()  # the benchmark's "uncached" addresses repeat after 500
    from django.db import connection
    from django.test import Client

    from benchmarks.scenarios.search import QUERIES, _uncached

    sql = {"search": 0.0, "page cache": 0.0}

    def timed(execute, statement, *rest):
        started = time.perf_counter()
        try:
            return execute(statement, *rest)
        finally:
            part = "page cache" if "django_page_cache" in statement else "search"
            sql[part] += time.perf_counter() - started

    client = Client()
    print(
        f"{'query':<20} {'wall p50':>8} {'p95':>6} {'CPU p50':>7} {'p95':>6} "
        f"{'SQL p50':>7} {'cache SQL':>9}"
    )
    for label, words, rest in QUERIES:
        path = _uncached(words, rest)
        first = 1
        client.get(path(first))
        walls, cpus, sqls, cache_sqls = [], [], [], []
        for number in range(first + 1, first + 1 + args.requests):
            sql.update({"search": 0.0, "page cache": 0.0})
            cpu, wall = time.process_time(), time.perf_counter()
            with connection.execute_wrapper(timed):
                assert client.get(path(number)).status_code == 200
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            sqls.append(sql["search"])
            cache_sqls.append(sql["page cache"])
        ms = [[value * 1000 for value in values] for values in (walls, cpus, sqls, cache_sqls)]
        p95 = [statistics.quantiles(values, n=20)[-1] for values in ms]
        p50 = [statistics.median(values) for values in ms]
        print(
            f"{label:<20} {p50[0]:>8.1f} {p95[0]:>6.1f} {p50[1]:>7.1f} {p95[1]:>6.1f} "
            f"{p50[2]:>7.1f} {p50[3]:>9.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
