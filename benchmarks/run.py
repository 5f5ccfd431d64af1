"""Benchmark the site under gunicorn on this machine, loopback only, with the standard library.

Every module in ``benchmarks/scenarios/`` defines ``seed(count)`` and ``paths()``. The harness
seeds the data, starts gunicorn (production settings, DEBUG off) on 127.0.0.1, fires a bounded
number of requests per path from a few threads, reports p50/p95 latency and throughput per path,
and compares each scenario's article-like page with a bare Django view served by the same
gunicorn. It stops gunicorn itself when done.

A scenario that defines ``run(port, args, server)`` instead of ``paths()`` (``mixed``: one
stream of mixed traffic, ``--requests`` in all) drives the running gunicorn itself; it runs only
when named, and alone.

    python benchmarks/run.py --count 100000 --requests 400 --threads 4
    python benchmarks/run.py --scenario mixed --requests 3000 --threads 4
"""

import argparse
import http.client
import importlib
import os
import pkgutil
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
HOST = "127.0.0.1"  # never anything but loopback
BARE = ("bare Django view", "/__bench__/bare/")


def production_environment(**overrides: str) -> dict:
    """This process's environment with production settings for a gunicorn on loopback http."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DEBUG="0",
        TESTING="0",
        SECRET_KEY=env.get("SECRET_KEY") or "local-benchmark-only-" + "k" * 40,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS=HOST,
        GUNICORN_ACCESS_LOG=os.devnull,
        LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


def environment(port: int) -> dict:
    return production_environment(
        GUNICORN_BIND=f"{HOST}:{port}",
        # One client downloads hundreds of times a minute here; the limit would answer 429.
        REGISTRY_EXPORTS_PER_MINUTE="1000000",
        API_REQUESTS_PER_MINUTE="1000000",
    )


def load_scenarios(names: list[str] | None) -> dict:
    import benchmarks.scenarios as package

    found = [m.name for m in pkgutil.iter_modules(package.__path__)]
    unknown = set(names or ()) - set(found)
    if unknown:
        sys.exit(f"Unknown scenarios: {', '.join(sorted(unknown))} (have: {', '.join(found)})")
    modules = {
        name: importlib.import_module(f"benchmarks.scenarios.{name}") for name in names or found
    }
    own_runs = [name for name, module in modules.items() if hasattr(module, "run")]
    if not names:  # by default, every per-path scenario
        return {name: module for name, module in modules.items() if name not in own_runs}
    if own_runs and len(modules) > 1:
        sys.exit(f"Scenario {own_runs[0]} runs alone.")
    return modules


def seed(scenarios: dict, count: int) -> None:
    for name, module in scenarios.items():
        started = time.perf_counter()
        module.seed(count)
        print(f"seeded {name} ({count}) in {time.perf_counter() - started:.1f} s", flush=True)


def clear_caches() -> None:
    """Every cache alias (pages have their own), so no page comes from an earlier run."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()


def settle_database() -> None:
    """Measure a steady state: statistics fresh, GIN pending lists merged, no autovacuum racing.

    The caches start empty, so an "uncached" path is never served from an earlier run.
    """
    from django.db import connection

    clear_caches()

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s", flush=True)


GUNICORN = [
    str(BASE_DIR / ".venv" / "bin" / "gunicorn"),
    "-c",
    str(BASE_DIR / "gunicorn.conf.py"),
    "vaekstcenter.wsgi",
]


def use_the_site_database(env: dict) -> None:
    """Set Django up in this process as the served site: its environment, the embedded
    PostgreSQL unless DATABASE_URL names another."""
    os.environ.update({k: v for k, v in env.items() if not k.startswith("GUNICORN")})
    if not os.environ.get("DATABASE_URL"):
        from vaekstcenter import embedded_db

        embedded_db.start()
    import django

    django.setup()


def start_gunicorn(env: dict, port: int, log=None) -> subprocess.Popen:
    """gunicorn (bound by GUNICORN_BIND in env), once it answers /healthz on the port; its
    messages go to the log file, or to our stderr."""
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own virtualenv
        GUNICORN, cwd=BASE_DIR, env=env, stdout=log or subprocess.DEVNULL, stderr=log
    )
    deadline = time.monotonic() + 120  # five workers start slowly on a busy shared machine
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn stopped while starting; see its output above or its log.")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("gunicorn did not answer /healthz within 120 s.")


@contextmanager
def serving(env: dict, port: int, log=None):
    """The site as in production (collected static files, gunicorn) while the block runs."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    server = start_gunicorn(env, port, log)
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def expand(path, number: int) -> str:
    """A path is a string where ``{n}`` counts the requests, or a function of that number."""
    return path(number) if callable(path) else path.replace("{n}", str(number))


def fire(port: int, path, requests: int, threads: int, first: int = 1) -> dict:
    """Send ``requests`` GETs from ``threads`` keep-alive connections; collect latencies."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            url = quote(expand(path, number + first), safe="/?=&+%")
            started = time.perf_counter()
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
        connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "throughput": len(latencies) / wall,
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", action="append", help="scenario module (default: all)")
    parser.add_argument("--count", type=int, default=100_000, help="rows each scenario seeds")
    parser.add_argument("--requests", type=int, default=300, help="requests per path")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-seed", action="store_true", help="use the data already there")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py)")
    args = parser.parse_args()
    args.requests = max(20, min(args.requests, 5000))  # bounded: the run always ends
    args.threads = max(1, min(args.threads, 16))

    env = environment(args.port)
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    use_the_site_database(env)
    scenarios = load_scenarios(args.scenario)
    for module in scenarios.values():  # what a scenario asks of gunicorn (pages: see there)
        env.update(getattr(module, "SERVER_ENVIRONMENT", {}))
    if not args.no_seed:
        seed(scenarios, args.count)
    settle_database()
    with serving(env, args.port) as server:
        [only] = scenarios.values() if len(scenarios) == 1 else [None]
        if hasattr(only, "run"):
            only.run(args.port, args, server)
        else:
            run_all(scenarios, args)


def run_all(scenarios: dict, args) -> None:
    print(
        f"\n{args.requests} requests per path, {args.threads} threads, gunicorn on {HOST}, "
        f"{args.count} rows per scenario\n"
    )
    print(f"{'path':<34} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}  statuses")
    fire(args.port, BARE[1], 50, args.threads)  # warm every worker
    bare = fire(args.port, BARE[1], args.requests, args.threads)
    report(BARE[0], bare)
    articles = []
    for name, module in scenarios.items():
        for label, path in module.paths():
            fire(args.port, path, 20, args.threads, first=100_000)  # warm-up
            result = fire(args.port, path, args.requests, args.threads)
            report(f"{name}: {label}", result)
            if label.startswith("article"):
                articles.append((f"{name}: {label}", result["throughput"]))
    # The machine may be busy with other work: measure the bare view again and use the mean.
    again = fire(args.port, BARE[1], args.requests, args.threads)
    report(BARE[0] + " (again)", again)
    reference = (bare["throughput"] + again["throughput"]) / 2
    for label, throughput in articles:
        print(f"{label}: {throughput / reference * 100:.0f} % of the bare view's throughput")


def report(label: str, result: dict) -> None:
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(result["statuses"].items()))
    print(
        f"{label:<34} {result['p50']:>8.1f} {result['p95']:>8.1f} "
        f"{result['throughput']:>8.0f}  {statuses}",
        flush=True,
    )


if __name__ == "__main__":
    main()
