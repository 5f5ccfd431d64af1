"""The dividend rules for registered enterprises (the profit lock).

At most 35 % of the year's profit after tax may be paid out, and the yearly return on the capital
the owners paid in may not exceed the official discount rate plus 15 percentage points.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

MAX_PAYOUT_SHARE = Decimal("0.35")
RETURN_MARGIN_POINTS = Decimal("15")


def max_return_percent() -> Decimal:
    return Decimal(str(settings.REGISTRY_DISCOUNT_RATE)) + RETURN_MARGIN_POINTS


def breaches(profit_after_tax: int, dividend: int, paid_in_capital: int) -> list[str]:
    """Danish descriptions of every rule the dividend breaks; empty when it keeps them."""
    if not dividend:
        return []
    found = []
    if profit_after_tax <= 0 or Decimal(dividend) > MAX_PAYOUT_SHARE * profit_after_tax:
        found.append(
            _(
                "Udbyttet er mere end 35 %% af årets overskud efter skat "
                "(højst %(limit)s kr. må udbetales)."
            )
            % {"limit": f"{max(0, int(MAX_PAYOUT_SHARE * profit_after_tax)):,}".replace(",", ".")}
        )
    limit = max_return_percent()
    if paid_in_capital <= 0:
        found.append(_("Der kan ikke udbetales udbytte uden indskudt kapital."))
    elif Decimal(dividend) * 100 / paid_in_capital > limit:
        found.append(
            _(
                "Afkastet på den indskudte kapital er %(actual)s %%, men må højst være "
                "diskontoen plus 15 procentpoint, dvs. %(limit)s %%."
            )
            % {
                "actual": f"{Decimal(dividend) * 100 / paid_in_capital:.1f}".replace(".", ","),
                "limit": f"{limit:.1f}".replace(".", ","),
            }
        )
    return found
