"""Every figure issue 16 asks for, from one run: pages against the bare view, and the search
at volume.

wrk (``make wrk``) with 16 connections against the running gunicorn (``--workers 2`` for the
issue's figures), each row for ``DURATION`` seconds, the median of ``ROUNDS`` rounds, the rows
interleaved so a busy machine weighs on all of them alike. An "uncached" row asks for a page
never asked for before on every request (a different article; a different query or page number
of the site search; a different name and municipality in the register). Without wrk the
harness's own threads load the site instead.

Before measuring, the page cache is filled as an outside crawl fills it (``FILL_ENTRIES``
stored pages of a real page's size, about 125 MB), so a hit's cost is measured with a full
cache, not an empty one. Then the site search is timed one uncached request at a time per
query kind (``benchmarks/search_in_process.py``). Both tables are printed at the end and
written to ``benchmarks/results/`` (not in git). Run alone (``make bench``; docs/performance.md):

    python benchmarks/run.py --scenario pages --workers 2 --count 100000

``BENCH_DURATION`` (seconds per row), ``BENCH_ROUNDS`` and ``BENCH_SEARCH_REQUESTS`` shorten
a trial run.
"""

import hashlib
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

from benchmarks import search_in_process
from benchmarks.run import BARE, HOST, fire
from benchmarks.scenarios import portal, registry

ARTICLE = portal.ARTICLE
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
SEARCH_REQUESTS = int(os.environ.get("BENCH_SEARCH_REQUESTS", "40"))  # per query kind
RESULTS = Path(__file__).resolve().parent.parent / "results"
CONNECTIONS = 16
# BENCH_CACHE_FILL=0 measures with an empty cache instead, for comparison.
FILL_ENTRIES = int(os.environ.get("BENCH_CACHE_FILL", "19000"))
FILL_BYTES = 6_600  # a deflated article page as stored, about
FRESH_PATHS = 60_000
# Workers are not replaced every 2,000 requests (gunicorn.conf.py's max_requests) while
# measured: at a thousand requests a second a new worker's start-up, a second or more of CPU
# on this machine, would be counted against whichever row it fell in.
SERVER_ENVIRONMENT = {"GUNICORN_MAX_REQUESTS": "0"}

# wrk's Lua: every request the next line of a file of paths, none asked for twice.
FRESH_LUA = """
local paths = {}
local next_path = 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  next_path = tonumber(args[2])
end
function request()
  next_path = next_path + 1
  return wrk.format("GET", paths[(next_path % #paths) + 1])
end
"""


def seed(count: int) -> None:
    portal.seed(count)
    registry.seed(max(1000, count // 2))


def cached_paths() -> list[tuple[str, str]]:
    from django.templatetags.static import static
    from django.urls import reverse

    from registry.models import Enterprise

    enterprise = Enterprise.objects.registered().order_by("id").first()
    return [
        ("static file (site.css)", static("css/site.css")),
        ("home", "/"),
        ("article", ARTICLE),
        ("search", "/soeg/?q=virksomheder"),
        ("register", reverse("registry:register")),
        ("enterprise page", enterprise.get_absolute_url()),
    ]


def fresh_paths() -> list[tuple[str, list[str]]]:
    """Uncached rows: a list of paths each, never repeated within a run."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from geography.models import Municipality
    from portal.models import Article, ArticleStatus
    from registry.demo.enterprises import FIRST, SECOND

    articles = list(
        Article.objects.filter(
            slug__startswith="genereret-", language="da", status=ArticleStatus.PUBLISHED
        ).values_list("slug", flat=True)[:FRESH_PATHS]
    )
    register = reverse("registry:register")
    codes = list(Municipality.objects.values_list("pk", flat=True))
    names = [f"{first} {second}" for first in FIRST for second in SECOND]
    searches = [
        f"{register}?{urlencode({'q': name, 'municipality': code})}"
        for code in codes
        for name in names
    ]
    return [
        ("article uncached", [f"/viden/{slug}/" for slug in articles]),
        ("search uncached", fresh_searches()),
        ("register search uncached", searches[:FRESH_PATHS]),
    ]


def fresh_searches() -> list[str]:
    """The search scenario's queries in turn, each request a new page of the cache: every kind
    is shown on the first page whatever the page number (``side``), which is in the key."""
    from benchmarks.scenarios.search import QUERIES

    queries = [quote_plus(words) for _label, words, rest in QUERIES if words and not rest]
    return [f"/soeg/?q={queries[n % len(queries)]}&side={n}" for n in range(1, FRESH_PATHS)]


def fill_page_cache() -> None:
    """FILL_ENTRIES stored pages under keys like the real ones, as a crawl leaves the cache."""
    from core.page_cache import page_cache
    from core.release import release_key

    filler = os.urandom(FILL_BYTES)  # deflated pages do not compress further
    for number in range(FILL_ENTRIES):
        digest = hashlib.sha256(str(number).encode()).hexdigest()[:32]
        key = f"portal:html:{release_key()}:crawl:da:{digest}"
        page_cache.set(key, {"deflated": filler, "headers": {}}, 3600)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), pg_size_pretty(pg_total_relation_size('django_page_cache')) "
            "FROM django_page_cache"
        )
        entries, size = cursor.fetchone()
    print(f"page cache filled: {entries} entries, {size}", flush=True)
    with connection.cursor() as cursor:  # as autovacuum would after the crawl
        cursor.execute("VACUUM ANALYZE django_page_cache")


def wrk_load(port: int, path: str, lua: Path | None = None, extra=()) -> tuple[float, int]:
    """Requests per second and requests answered in one wrk run."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s"]
    if lua:
        command += ["-s", str(lua)]
    command.append(f"http://{HOST}:{port}{path}")
    if extra:
        command += ["--", *extra]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    if "Non-2xx or 3xx responses" in output:
        raise SystemExit(f"{path}: wrk saw errors\n{output}")
    rate = next(line for line in output.splitlines() if line.startswith("Requests/sec:"))
    done = next(line for line in output.splitlines() if " requests in " in line)
    return float(rate.split()[1]), int(done.split()[0])


def server_cpu(server_pid: int) -> dict[int, float]:
    """CPU seconds so far of every gunicorn worker and PostgreSQL process serving the site.

    On a machine shared with other work, requests per second move with everyone else's load;
    the CPU a request costs the server does not, so each row is also given per request.
    """
    from vaekstcenter.embedded_db import PGDATA

    postmaster = int((PGDATA / "postmaster.pid").read_text().split()[0])
    parents = {server_pid, postmaster}
    seconds = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        if int(fields[1]) in parents or pid == postmaster:
            seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def measure(server, load) -> tuple[float, float]:
    """(requests per second, server CPU milliseconds per request) of one row."""
    before = server_cpu(server.pid)
    rate, done = load()
    after = server_cpu(server.pid)
    spent = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    return rate, spent * 1000 / max(done, 1)


def run(port: int, args, server) -> None:
    fill_page_cache()
    cached = [(BARE[0], BARE[1]), *cached_paths()]
    fresh = fresh_paths()
    use_wrk = shutil.which("wrk") is not None
    print(
        f"\n{'wrk' if use_wrk else 'harness threads'}, {CONNECTIONS} connections, "
        f"{DURATION} s per row, median of {ROUNDS} rounds\n"
    )
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    lua = folder / "fresh.lua"
    lua.write_text(FRESH_LUA)
    lists = {}
    for label, paths in fresh:
        lists[label] = folder / f"{len(lists)}.txt"
        lists[label].write_text("\n".join(paths) + "\n")

    def harness(path, threads=CONNECTIONS, first=1):
        result = fire(port, path, args.requests, threads, first)
        return result["throughput"], args.requests

    for _, path in cached:  # every worker stores the page and keeps its own copy
        fire(port, path, 40, CONNECTIONS)
    results: dict[str, list[tuple[float, float]]] = {}
    used = 0
    for _ in range(ROUNDS):
        for label, path in cached:
            load = (lambda p=path: wrk_load(port, p)) if use_wrk else (lambda p=path: harness(p))
            results.setdefault(label, []).append(measure(server, load))
        for label, paths in fresh:
            if use_wrk:
                extra = (str(lists[label]), str(used))
                load = lambda p=paths[0], e=extra: wrk_load(port, p, lua, e)  # noqa: E731
            else:
                load = lambda p=paths, u=used: harness(lambda n: p[n % len(p)], 4, u)  # noqa: E731
            rate, cpu = measure(server, load)
            used += int(rate * DURATION) + 100 if use_wrk else args.requests
            results.setdefault(label, []).append((rate, cpu))
    shutil.rmtree(folder, ignore_errors=True)
    pages = report(results)
    print(f"\nThe site search, uncached, one request at a time, {SEARCH_REQUESTS} per kind\n")
    search = search_in_process.lines(search_in_process.measure(SEARCH_REQUESTS))
    print("\n".join(search), flush=True)
    write_results(pages, search, args, use_wrk)


def report(results: dict[str, list[tuple[float, float]]]) -> list[str]:
    """The pages table, printed as each row is done; its lines."""
    bare_rate = statistics.median(rate for rate, _ in results[BARE[0]])
    bare_cpu = statistics.median(cpu for _, cpu in results[BARE[0]])
    lines = [
        f"{'page':<28} {'req/s':>7} {'% of bare':>9}   {'CPU ms/req':>10} {'% of bare':>9}"
        "   req/s per round"
    ]
    for label, rows in results.items():
        rate = statistics.median(rate for rate, _ in rows)
        cpu = statistics.median(cpu for _, cpu in rows)
        rounds = " ".join(f"{rate:.0f}" for rate, _ in rows)
        lines.append(
            f"{label:<28} {rate:>7.0f} {rate / bare_rate * 100:>8.0f} %   {cpu:>10.2f} "
            f"{bare_cpu / cpu * 100:>8.0f} %   {rounds}"
        )
    print("\n".join(lines), flush=True)
    return lines


def write_results(pages: list[str], search: list[str], args, use_wrk: bool) -> None:
    """Both tables with what they were measured with, in benchmarks/results/ (gitignored)."""
    from django.db import connection

    from portal.models import Article
    from registry.models import Enterprise

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        [postgres] = cursor.fetchone()
    started = time.strftime("%Y-%m-%dT%H%M%SZ", time.gmtime())
    context = [
        f"issue 16 benchmark, {started}, {os.cpu_count()} CPUs, load average "
        + " ".join(f"{load:.1f}" for load in os.getloadavg()),
        f"gunicorn {args.workers or 'default'} workers, "
        f"{'wrk' if use_wrk else 'harness threads'} {CONNECTIONS} connections, "
        f"{DURATION} s per row, median of {ROUNDS} rounds; PostgreSQL {postgres}; "
        f"{Article.objects.count()} articles, {Enterprise.objects.count()} enterprises",
    ]
    text = "\n".join([*context, "", *pages, "", *search]) + "\n"
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"bench-{started}.txt"
    path.write_text(text)
    print(f"\nwritten to {path.relative_to(RESULTS.parent.parent)}")
