"""Issue 14 at volume: /tal/, the municipality pages and the open API with 50,000 registered
enterprises and three years of their approved social accounts.

``seed`` adds the accounts the register generator does not make, then times the figures'
computation itself in this process (the cost of the first /tal/ after a register change,
which the per-path rows do not show, since the figures are cached until the register changes).
"""

import random
import statistics
import time

ENTERPRISES = 50_000
ACCOUNT_YEARS = (2022, 2023, 2024)


def seed(count: int) -> None:
    from registry.demo.enterprises import generate

    generate(max(ENTERPRISES, count // 2))
    _approved_accounts()
    _time_the_figures()


def _approved_accounts(batch_size: int = 5000) -> None:
    import datetime as dt

    from django.utils import timezone

    from registry.models import AccountStatus, Enterprise, SocialAccount
    from registry.page_cache import register_changed

    rng = random.Random(14)
    reviewed = timezone.now()
    without = Enterprise.objects.registered().filter(social_accounts__isnull=True)
    ids = list(without.values_list("id", "registered_on"))
    rows = []
    for pk, registered_on in ids:
        for year in ACCOUNT_YEARS:
            if registered_on.year > year:
                continue
            employees = rng.choice([0, 1, 2, 3, 5, 8, 12, 20, 35, 60])
            profit = rng.randint(-200_000, 900_000)
            dividend = rng.choice([0, 0, 0, int(max(profit, 0) * rng.uniform(0, 0.4))])
            rows.append(
                SocialAccount(
                    enterprise_id=pk,
                    financial_year=year,
                    deadline=dt.date(year + 1, 5, 31),
                    status=AccountStatus.APPROVED,
                    turnover=rng.choice([0, 1]) * rng.randint(0, 40_000_000),
                    employees=employees,
                    target_group_employees=rng.randint(0, employees),
                    volunteers=rng.choice([0, 0, 2, 5, 15]),
                    profit_after_tax=profit,
                    dividend_paid=dividend,
                    paid_in_capital=rng.choice([40_000, 50_000, 400_000]),
                    submitted_at=reviewed,
                    reviewed_at=reviewed,
                )
            )
    for start in range(0, len(rows), batch_size):
        SocialAccount.objects.bulk_create(rows[start : start + batch_size], ignore_conflicts=True)
    register_changed()
    print(f"sector: {len(rows)} approved social accounts added", flush=True)


def _time_the_figures(rounds: int = 5) -> None:
    """The figures computed afresh (what the first /tal/ after a register change costs)."""
    from django.utils import timezone, translation

    from registry.numbers import _SectorFigures

    today = timezone.localdate()
    with translation.override("da"):
        for year, region in [(None, None), (2024, "1084")]:
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                _SectorFigures(year, region, today).compute()
                times.append((time.perf_counter() - started) * 1000)
            print(
                f"sector: /tal/ figures computed afresh (year={year}, region={region}): "
                f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms",
                flush=True,
            )


def paths() -> list[tuple[str, str]]:
    from registry.models import Enterprise

    enterprise = Enterprise.objects.registered().order_by("id").first()
    result = [
        ("/tal/", "/tal/"),
        ("/tal/ year and region", "/tal/?year=2024&region=1084"),
        ("/tal/ CSV", "/tal/kommuner.csv"),
        ("/kommuner/", "/kommuner/"),
        ("/kommuner/aarhus/ (not page-cached)", "/kommuner/aarhus/"),
        ("/kommuner/aarhus/ page 3", "/kommuner/aarhus/?side=3"),
        ("api numbers", "/api/v1/numbers"),
        ("api register", "/api/v1/register/enterprises"),
        ("api register search", "/api/v1/register/enterprises?q=genbrug&region=1082"),
        ("api register a new page", "/api/v1/register/enterprises?page={n}"),
        ("api articles", "/api/v1/articles"),
        ("api events", "/api/v1/events"),
    ]
    if enterprise:
        result.append(("api enterprise", f"/api/v1/register/enterprises/{enterprise.cvr}"))
    return result
