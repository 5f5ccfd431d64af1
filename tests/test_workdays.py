import datetime as dt

from core.collation import danish_sort_key
from core.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_days_between,
)


def test_easter_dates():
    assert easter_sunday(2024) == dt.date(2024, 3, 31)
    assert easter_sunday(2026) == dt.date(2026, 4, 5)
    assert easter_sunday(2027) == dt.date(2027, 3, 28)


def test_danish_public_holidays_2026():
    holidays = public_holidays(2026)
    for day in ["2026-04-02", "2026-04-03", "2026-04-06", "2026-05-14", "2026-05-25", "2026-12-25"]:
        assert dt.date.fromisoformat(day) in holidays
    assert dt.date(2026, 5, 1) not in holidays  # Store Bededag abolished from 2024
    assert dt.date(2023, 5, 5) in public_holidays(2023)  # ... but was a holiday in 2023


def test_working_days_skip_weekends_and_holidays():
    assert not is_working_day(dt.date(2026, 11, 28))  # Saturday
    # Wednesday 1 April 2026 + 5 working days skips Easter (2, 3 and 6 April): Monday 13 April.
    assert add_working_days(dt.date(2026, 4, 1), 5) == dt.date(2026, 4, 13)
    assert working_days_between(dt.date(2026, 4, 1), dt.date(2026, 4, 13)) == 5
    assert working_days_between(dt.date(2026, 4, 13), dt.date(2026, 4, 1)) == -5


def test_danish_sort_key_matches_danish_order():
    names = ["Aarhus", "Ærø", "Odense", "Østerbro", "Zealand", "Åbyhøj"]
    assert sorted(names, key=danish_sort_key) == [
        "Odense",
        "Zealand",
        "Ærø",
        "Østerbro",
        "Åbyhøj",
        "Aarhus",
    ]
