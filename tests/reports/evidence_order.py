"""The order « Où ouvrir ensuite » gives published territories, computed apart from the
app: Garwood's lower bound from SciPy, over every count a published one may stand for."""

import math

from scipy.stats import chi2


def at_least(demands: int, population: int, rounding_base: int) -> float:
    """The printed lower bound of the 95 % interval, per 100,000 inhabitants."""
    low = max(0, demands - (rounding_base - 1))
    bound = chi2.ppf(0.025, 2 * low) / 2 if low else 0.0
    return math.floor(bound * 100_000 / population * 10 + 1e-9) / 10


def evidence_key(demands: int, population: int, per_100k, code: str, rounding_base: int):
    """Most evidence first: the lower bound, then the rate, the demands, the code."""
    return (-at_least(demands, population, rounding_base), -(per_100k or 0), -demands, code)
