"""Rates as published: rounded half up (156.25 → 156.3), never to the nearest even digit.

Python's ``round`` rounds ties to even and works on binary floats, so 156.25 became 156.2
and a reader redoing the division by hand found another figure. These work on integers.
"""

from decimal import ROUND_HALF_UP, Decimal

RATES_ROUNDING = "half-up, one decimal"  # as the API states it
ROUNDING_RULE = (
    "Les taux sont arrondis au dixième le plus proche, les demi-dixièmes vers le haut "
    "(156,25 donne 156,3) ; les pourcentages d'objectif à l'unité, de la même façon."
)


def half_up(numerator: int, denominator: int, places: int = 1) -> float:
    """``numerator / denominator`` rounded half up to ``places`` decimals, exactly."""
    exact = Decimal(numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def per_100k(count: int, population: int) -> float | None:
    """Count per 100,000 inhabitants, to one decimal (None without a population)."""
    return half_up(count * 100_000, population) if population else None


def goal_percent(confirmed: int, goal: int) -> int:
    """How far a goal is reached, in whole percent, at most 100."""
    return min(100, int(half_up(100 * confirmed, goal, 0)))
