"""Mixed traffic at realistic volumes: mostly anonymous reads, some searches, signed-in users.

``seed(count)`` fills the database at the issue's volumes (scaled by ``count`` / 100,000):
100,000 articles and 50,000 enterprises with the portal and registry scenarios' seeders, and
100,000 advisory requests (each with its question as a message) and 1,000 events in bulk.
``run(port, args, server)`` sends one stream of requests drawn from ``MIX`` by a few concurrent
visitors, then prints per page p50/p95/p99, throughput and errors, a static file from the same
gunicorn as the ceiling, and the RSS of gunicorn's processes. Run alone:

    python benchmarks/run.py --scenario mixed --requests 3000 --threads 4
"""

import datetime as dt
import http.client
import math
import random
import threading
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.scenarios import portal, registry
from benchmarks.visitor import Visitor, csrf_token, guidance_question

VOLUMES = {"articles": 100_000, "enterprises": 50_000, "requests": 100_000, "events": 1_000}
BENCH_DOMAIN = "bench.example"  # seeded requests and benchmark users; never a real address
USERS = 8
PASSWORD = "Bench-Kodeord-2026"  # noqa: S105 - local benchmark users only
BATCH = 5000
WORDS = ["virksomheder", "klausuler", "jobcentret", "regnskab", "fonde", "genbrug", "ledelse"]
NAMES = ["Solsikke", "Genbrug", "Café", "Værksted", "Grøn", "Cykel"]

# (page, weight, kind): kind is "read" (anonymous), "search" or "signed in".
MIX = [
    ("home", 12, "read"),
    ("article list", 8, "read"),
    ("article", 18, "read"),
    ("register list", 6, "read"),
    ("enterprise", 10, "read"),
    ("events list", 6, "read"),
    ("event", 6, "read"),
    ("guidance index", 4, "read"),
    ("portal search", 8, "search"),
    ("register search", 5, "search"),
    ("account overview", 3, "signed in"),
    ("my requests", 3, "signed in"),
    ("guidance form + draft POST", 4, "signed in"),
]


def scaled(count: int) -> dict:
    return {name: max(10, volume * count // 100_000) for name, volume in VOLUMES.items()}


# --- Seeding ----------------------------------------------------------------------------------


def seed(count: int) -> None:
    volumes = scaled(count)
    for name, seeder in (
        ("articles", portal.seed),
        ("enterprises", registry.seed),
        ("requests", seed_requests),
        ("events", seed_events),
    ):
        started = time.perf_counter()
        seeder(volumes[name])
        print(f"  {name}: {volumes[name]} in {time.perf_counter() - started:.1f} s", flush=True)
    seed_users()


def seed_requests(count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from geography.models import Municipality
    from guidance.models import Enquiry, EnquiryStatus, Message, MessageKind, RequesterType, Topic

    existing = Enquiry.objects.filter(email__endswith="@" + BENCH_DOMAIN).count()
    rng = random.Random(existing)
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    statuses = [s for s in EnquiryStatus.values if s != EnquiryStatus.UNCONFIRMED]
    now = timezone.now()
    for start in range(existing, count, BATCH):
        with transaction.atomic():
            rows = []
            for number in range(start, min(count, start + BATCH)):
                created = now - dt.timedelta(minutes=rng.randint(60, 60 * 24 * 730))
                rows.append(
                    Enquiry(
                        reference=f"RB-{number:08d}",
                        requester_type=rng.choice(RequesterType.values),
                        name=f"Spørger {number}",
                        municipality_id=rng.choice(municipalities),
                        email=f"spoerger-{number}@{BENCH_DOMAIN}",
                        topics=rng.sample(Topic.values, rng.randint(1, 2)),
                        question="Hvordan kommer vi i gang med sociale klausuler?",
                        consent=True,
                        status=rng.choice(statuses),
                        created_at=created,
                        email_confirmed_at=created,
                        received_at=created,
                        due_date=(created + dt.timedelta(days=7)).date(),
                    )
                )
            Enquiry.objects.bulk_create(rows)
            Message.objects.bulk_create(
                Message(
                    request=row,
                    kind=MessageKind.REQUESTER,
                    body=row.question,
                    created_at=row.created_at,
                )
                for row in rows
            )


def seed_events(count: int) -> None:
    from django.utils import timezone

    from events.models import Event

    existing = Event.objects.filter(slug__startswith="bench-").count()
    rng = random.Random(existing)
    now = timezone.now()
    rows = []
    for number in range(existing, count):
        starts = now + dt.timedelta(days=rng.randint(-700, 400), hours=rng.randint(8, 16))
        rows.append(
            Event(
                title=f"Netværksmøde om socialøkonomi {number}",
                slug=f"bench-{number}",
                summary="Mød andre socialøkonomiske virksomheder og kommuner.",
                description="Oplæg, erfaringer og god tid til at tale sammen.",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                signup_deadline=starts - dt.timedelta(days=2),
                place="Vækstcenterets lokaler, Langelinie Allé 17, København",
                capacity=rng.choice([None, 40, 80]),
                is_published=True,
                published_at=now,  # bulk_create skips Event.save, which stamps it
            )
        )
    Event.objects.bulk_create(rows, batch_size=BATCH)


def seed_users() -> None:
    """Signed-in visitors, each with a dozen of the seeded requests as their own."""
    from accounts.services import ensure_verified_user
    from guidance.models import Enquiry

    for number in range(USERS):
        user = ensure_verified_user(f"bruger-{number}@{BENCH_DOMAIN}", PASSWORD)
        first = number * 12
        references = [f"RB-{n:08d}" for n in range(first, first + 12)]
        Enquiry.objects.filter(reference__in=references).update(user=user, email=user.email)


# --- Traffic ----------------------------------------------------------------------------------


class Targets:
    """What the visitors ask for, sampled once from the database (not timed)."""

    def __init__(self):
        from django.contrib.staticfiles.storage import staticfiles_storage

        from events.models import Event
        from geography.models import Municipality
        from portal.models import Article
        from registry.models import Enterprise

        self.articles = list(
            Article.objects.published().order_by("?").values_list("slug", "language")[:5000]
        )
        self.enterprises = list(
            Enterprise.objects.registered().order_by("?").values_list("cvr", flat=True)[:5000]
        )
        self.events = list(Event.objects.published().values_list("slug", flat=True))
        self.municipality = Municipality.objects.get(name="Odense").pk
        self.static = staticfiles_storage.url("css/site.css")

    def path(self, page: str, rng: random.Random) -> str:
        if page == "article":
            slug, language = rng.choice(self.articles)
            return ("/en" if language == "en" else "") + f"/viden/{slug}/"
        if page == "enterprise":
            return f"/registrering/register/{rng.choice(self.enterprises)}/"
        if page == "event":
            return f"/arrangementer/{rng.choice(self.events)}/"
        if page == "portal search":
            return f"/soeg/?q={rng.choice(WORDS)}"
        if page == "register search":
            return f"/registrering/register/?q={rng.choice(NAMES)}"
        return {
            "home": "/",
            "article list": "/viden/",
            "register list": "/registrering/register/",
            "events list": "/arrangementer/",
            "guidance index": "/raadgivning/",
            "account overview": "/konto/",
            "my requests": "/raadgivning/mine/",
        }[page]

    def draft(self, number: int) -> dict:
        return guidance_question(
            self.municipality, f"bruger-{number}@{BENCH_DOMAIN}", name=f"Bruger {number}"
        )


class Timings:
    def __init__(self):
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, page: str, answer, expected: int = 200) -> None:
        with self.lock:
            self.seconds[page].append(answer.seconds)
            self.statuses[page][answer.status] += 1
            if answer.status != expected:
                self.errors[page] += 1

    def fail(self, page: str) -> None:
        with self.lock:
            self.errors[page] += 1


def run(port: int, args, server) -> None:
    base = f"http://127.0.0.1:{port}"
    targets = Targets()
    signed_in = [Visitor(base) for _ in range(USERS)]
    in_use = [threading.Lock() for _ in range(USERS)]  # one tab per user at a time
    for number, visitor in enumerate(signed_in):
        visitor.log_in(f"bruger-{number}@{BENCH_DOMAIN}", PASSWORD)
    warm(base, targets)

    pages = [page for page, _, _ in MIX]
    weights = [weight for _, weight, _ in MIX]
    plan = random.Random(2026).choices(pages, weights, k=args.requests)
    timings = Timings()
    counter = iter(range(len(plan)))
    lock = threading.Lock()

    def visit_page(page: str, user: int, reader: Visitor, rng: random.Random) -> None:
        if page == "guidance form + draft POST":
            with in_use[user]:
                form = signed_in[user].get("/raadgivning/henvendelse/")
                answer = signed_in[user].post(
                    "/raadgivning/henvendelse/", targets.draft(user), token=csrf_token(form)
                )
            timings.add("guidance form (signed in)", form)
            timings.add("guidance draft POST", answer, expected=302)
        elif page in ("account overview", "my requests"):
            with in_use[user]:
                answer = signed_in[user].get(targets.path(page, rng))
            timings.add(page, answer)
        else:
            timings.add(page, reader.get(targets.path(page, rng)))

    def visit(thread: int) -> None:
        rng = random.Random(thread)
        reader = Visitor(base)
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            page = plan[number]
            try:
                visit_page(page, number % USERS, reader, rng)
            except (OSError, RuntimeError, http.client.HTTPException):
                timings.fail(page)  # a refused connection or a broken answer is an error too
        reader.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=visit, args=(n,)) for n in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    static = static_ceiling(base, targets.static, args)
    report(timings, wall, static, args)
    print_rss(server.pid)


def warm(base: str, targets: Targets) -> None:
    """Every gunicorn worker imports and connects once before the clock starts."""
    visitor = Visitor(base)
    for _ in range(20):
        visitor.get("/")
        visitor.get(targets.static)
    visitor.close()


def static_ceiling(base: str, path: str, args) -> Timings:
    timings = Timings()
    count = max(200, args.requests // 3)
    counter = iter(range(count))
    lock = threading.Lock()

    def fetch() -> None:
        visitor = Visitor(base)
        while True:
            with lock:
                if next(counter, None) is None:
                    break
            timings.add("static file (ceiling)", visitor.get(path))
        visitor.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=fetch) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.wall = time.perf_counter() - started
    return timings


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000


def report(timings: Timings, wall: float, static: Timings, args) -> None:
    total = sum(len(values) for values in timings.seconds.values())
    print(
        f"\nmixed traffic: {total} requests from {args.threads} concurrent visitors in "
        f"{wall:.1f} s = {total / wall:.0f} req/s overall\n"
    )
    print(f"{'page':<30} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} errors")
    print("(req/s: each page's share of the mixed stream)")
    kinds = {page: kind for page, _, kind in MIX}
    kinds.update({"guidance form (signed in)": "signed in", "guidance draft POST": "signed in"})
    for page in sorted(
        {*timings.seconds, *timings.errors},
        key=lambda p: list(kinds).index(p) if p in kinds else 99,
    ):
        row(page, timings.seconds[page], wall, timings.errors[page])
    print()
    values = static.seconds["static file (ceiling)"]
    row("static file (ceiling)", values, static.wall, static.errors["static file (ceiling)"])
    errors = sum(timings.errors.values()) + sum(static.errors.values())
    print(f"\nerrors: {errors}" + ("" if not errors else f" {dict(timings.statuses)}"))


def row(page: str, values: list[float], wall: float, errors: int) -> None:
    ordered = sorted(values)
    if not ordered:
        print(f"{page:<30} {0:>5} {'-':>8} {'-':>8} {'-':>8} {0:>7} {errors}")
        return
    print(
        f"{page:<30} {len(ordered):>5} {percentile(ordered, 0.5):>8.1f} "
        f"{percentile(ordered, 0.95):>8.1f} {percentile(ordered, 0.99):>8.1f} "
        f"{len(ordered) / wall:>7.1f} {errors}"
    )


def print_rss(master: int) -> None:
    """gunicorn's master and its sync workers (each a forked Python running Django)."""
    print("\nRSS after the run (gunicorn master and sync workers, VmRSS):")
    for pid in [master, *children(master)]:
        role = "master" if pid == master else "worker"
        print(f"  {role} {pid}: {rss_mib(pid):.1f} MiB")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
