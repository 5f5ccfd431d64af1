"""Fictional CVR numbers for demo and benchmark data.

Real CVR numbers are issued upwards from 10000000 and have not reached the 99xxxxxx range, so
numbers there with a valid modulus-11 check digit belong to no real company.
"""

from collections.abc import Iterator

WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
FICTIONAL_BASE = 9_900_000


def with_check_digit(first_seven: int) -> str | None:
    digits = [int(d) for d in f"{first_seven:07d}"]
    check = -sum(w * d for w, d in zip(WEIGHTS, digits, strict=True)) % 11
    return None if check == 10 else f"{first_seven:07d}{check}"


def fictional_cvrs(start: int = 0) -> Iterator[str]:
    """Valid, fictional CVR numbers in a stable order (the same start gives the same numbers)."""
    base = FICTIONAL_BASE + start
    while base <= 9_999_999:
        number = with_check_digit(base)
        if number:
            yield number
        base += 1
