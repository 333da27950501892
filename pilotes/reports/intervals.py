"""Exact (Garwood) confidence intervals for a count of demands over a population.

A territory's demands are a count of events among its inhabitants: the Poisson model
fits (each person asks or not, the chance is small, the population large), and its exact
interval, Garwood's (1936), is the one official statistics use for such rates: it never
covers less than its stated confidence, even for 0 or 3 demands, where the normal
approximation or Wilson's (made for a proportion of a sample) give bounds that are too
narrow or below zero. Garwood's bounds are chi-square quantiles::

    lower = χ²(α/2; 2k) / 2        upper = χ²(1 − α/2; 2k + 2) / 2

and a chi-square of even degrees is a Poisson tail: χ²(p; 2k)/2 is the mean μ at which
P(X ≥ k | μ) = p. So the bounds are found here by solving that Poisson tail, written as
the regularised incomplete gamma function, with Newton's method kept inside a bracket:
no SciPy at run time (tests check these against ``scipy.stats.chi2``).
"""

import math
from functools import lru_cache
from statistics import NormalDist

CONFIDENCE = 0.95
_EPSILON = 1e-15
_ITERATIONS = 10_000


def _lower_gamma_series(a: float, x: float) -> float:
    """P(a, x) by its series (converges fast for x < a + 1)."""
    term = total = 1.0 / a
    n = a
    for _ in range(_ITERATIONS):
        n += 1.0
        term *= x / n
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _upper_gamma_fraction(a: float, x: float) -> float:
    """Q(a, x) by its continued fraction (modified Lentz; for x >= a + 1)."""
    tiny = 1e-300
    b = x + 1.0 - a
    c, d = 1.0 / tiny, 1.0 / b
    h = d
    for i in range(1, _ITERATIONS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPSILON:
            break
    return h * math.exp(-x + a * math.log(x) - math.lgamma(a))


def lower_gamma(a: float, x: float) -> float:
    """The regularised lower incomplete gamma P(a, x) = P(X >= a | μ = x) for whole a."""
    if x <= 0:
        return 0.0
    if x < a + 1.0:
        return _lower_gamma_series(a, x)
    return 1.0 - _upper_gamma_fraction(a, x)


def _density(a: float, x: float) -> float:
    """d/dx P(a, x): the gamma density."""
    return math.exp((a - 1.0) * math.log(x) - x - math.lgamma(a))


def _solve(a: float, target: float) -> float:
    """The x > 0 where P(a, x) = target (P rises with x), Newton inside a bracket."""
    z = NormalDist().inv_cdf(target)
    # Wilson-Hilferty's start: a chi-square of 2a degrees, halved.
    x = max(a * (1.0 - 1.0 / (9.0 * a) + z / (3.0 * math.sqrt(a))) ** 3, 1e-8)
    low, high = 0.0, math.inf
    for _ in range(200):
        gap = lower_gamma(a, x) - target
        if gap > 0:
            high = x
        else:
            low = x
        step = gap / _density(a, x)
        proposal = x - step
        if not low < proposal < high:  # Newton left the bracket: bisect (or double)
            proposal = (low + high) / 2.0 if high < math.inf else 2.0 * x
        if abs(proposal - x) <= 1e-13 * x:
            return proposal
        x = proposal
    return x


@lru_cache(maxsize=4096)
def poisson_interval(count: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Garwood's exact interval for the mean of a Poisson variable observed at ``count``."""
    if count < 0:
        raise ValueError(f"a count is never negative, not {count}")
    alpha = 1.0 - confidence
    lower = 0.0 if count == 0 else _solve(float(count), alpha / 2.0)
    upper = _solve(float(count + 1), 1.0 - alpha / 2.0)
    return lower, upper


def rate_interval(
    low_count: int, high_count: int, population: int, confidence: float = CONFIDENCE
) -> tuple[float, float] | None:
    """Per 100,000 inhabitants, the interval that holds the rate for every count between
    ``low_count`` and ``high_count`` (equal for an exact count; a published count that
    was rounded leaves a range), rounded outwards to a tenth. None without a population."""
    if not population:
        return None
    lower = poisson_interval(low_count, confidence)[0] * 100_000 / population
    upper = poisson_interval(high_count, confidence)[1] * 100_000 / population
    return math.floor(lower * 10 + 1e-9) / 10, math.ceil(upper * 10 - 1e-9) / 10
