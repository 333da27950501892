"""The exact Poisson (Garwood) intervals, computed without SciPy, against ``scipy.stats``."""

import math

import pytest
from scipy.stats import chi2, poisson

from pilotes.reports.intervals import lower_gamma, poisson_interval, rate_interval

COUNTS = [*range(0, 400), 512, 999, 1_000, 4_321, 10_000, 65_537, 100_000, 1_000_000]


def scipy_garwood(k: int, confidence: float = 0.95) -> tuple[float, float]:
    """Garwood's bounds as chi-square quantiles, by SciPy."""
    alpha = 1 - confidence
    lower = chi2.ppf(alpha / 2, 2 * k) / 2 if k else 0.0
    return lower, chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2


@pytest.mark.parametrize("confidence", [0.95, 0.9, 0.99])
def test_the_bounds_are_scipys_chi_square_quantiles(confidence):
    for k in COUNTS:
        ours, theirs = poisson_interval(k, confidence), scipy_garwood(k, confidence)
        assert ours == pytest.approx(theirs, rel=1e-10, abs=1e-12), k


def test_each_bound_leaves_two_and_a_half_percent_in_its_tail():
    """What the bounds mean: at the lower bound, seeing k or more has 2.5 % chance; at the
    upper bound, seeing k or fewer has 2.5 % chance (scipy.stats.poisson)."""
    for k in [1, 2, 3, 10, 57, 1_000]:
        lower, upper = poisson_interval(k)
        assert poisson.sf(k - 1, lower) == pytest.approx(0.025, rel=1e-8)
        assert poisson.cdf(k, upper) == pytest.approx(0.025, rel=1e-8)
    assert poisson.cdf(0, poisson_interval(0)[1]) == pytest.approx(0.025, rel=1e-8)


def test_the_incomplete_gamma_agrees_with_scipy_on_both_sides_of_its_switch():
    from scipy.special import gammainc

    for a in [1, 2, 5, 30, 1_000]:
        for x in [0.1, a / 2, a, a + 0.5, a + 1, a + 1.5, 2 * a, 3 * a + 10]:
            assert lower_gamma(a, x) == pytest.approx(gammainc(a, x), rel=1e-11, abs=1e-300)


def test_a_rate_interval_is_rounded_outwards_and_holds_every_count_of_a_range():
    population = 1_234_567
    for k in [0, 1, 7, 15, 300]:
        low, high = rate_interval(k, k, population)
        exact_low, exact_high = (b * 100_000 / population for b in scipy_garwood(k))
        assert low <= exact_low < low + 0.1 + 1e-9
        assert high - 0.1 - 1e-9 < exact_high <= high
    # A published 20 stands for 16 to 24: the interval covers each of their intervals.
    low, high = rate_interval(16, 24, population)
    for k in range(16, 25):
        exact_low, exact_high = (b * 100_000 / population for b in scipy_garwood(k))
        assert low <= exact_low and exact_high <= high
    assert rate_interval(3, 3, 0) is None


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        poisson_interval(-1)
    assert math.isclose(poisson_interval(0)[1], -math.log(0.025))
