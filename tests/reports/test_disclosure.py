"""The rules of disclosure control, one by one (the attacker checks them together)."""

import pytest

from pilotes.reports.disclosure import PRIMARY, SECONDARY, Cell, Rule, protect
from tests.factories import make_service

RULE = Rule(threshold=11, secret=b"test")


def test_every_count_under_the_threshold_is_hidden_and_the_label_bound_holds_them_all():
    for threshold, bound in ((5, 10), (11, 15), (12, 20), (50, 55)):
        rule = Rule(threshold=threshold, secret=b"test")
        assert rule.bound == bound
        for code in ("35", "29", "974"):
            key = ("demands", "departement", code)
            hidden = [x for x in range(80) if rule.rounded(key, x) < rule.bound]
            assert set(range(threshold)) <= set(hidden)  # nothing under the threshold shows
            assert max(hidden) < bound  # « moins de {bound} » is true of every hidden one
    assert Rule(threshold=11, secret=b"test", base=1).bound == 11


def test_rounding_stays_within_four_and_its_offset_is_secret_and_stable():
    offsets = {RULE.offset(("demands", "commune", f"{n:05}")) for n in range(100)}
    assert offsets == {0, 1, 2, 3, 4}
    key = ("demands", "commune", "35238")
    assert RULE.offset(key) == Rule(threshold=11, secret=b"test").offset(key)  # stable
    for x in range(200):
        assert abs(RULE.rounded(key, x) - x) <= 4 and RULE.rounded(key, x) % 5 == 0


def test_a_goal_status_never_says_more_than_the_published_cell():
    assert RULE.reached(Cell(40), 36) is True  # 40 published: at least 36
    assert RULE.reached(Cell(40), 37) is None  # could be 36
    assert RULE.reached(Cell(40), 44) is None  # could be 44
    assert RULE.reached(Cell(40), 45) is False  # at most 44
    assert RULE.reached(Cell(None, PRIMARY), 15) is False  # under 15
    assert RULE.reached(Cell(None, PRIMARY), 4) is None
    assert RULE.reached(Cell(None, SECONDARY), 15) is None  # « masqué » may be any size


def test_a_lone_hidden_cell_in_a_sum_takes_a_neighbour_with_it():
    exact = Rule(threshold=11, secret=b"test", base=1)
    counts = {("d", "t", "all"): 40, ("d", "t", "a"): 3, ("d", "t", "b"): 12, ("d", "t", "c"): 25}
    equations = [(("d", "t", "all"), (("d", "t", "a"), ("d", "t", "b"), ("d", "t", "c")))]
    cells = protect(counts, equations, exact)
    assert cells[("d", "t", "a")].status == PRIMARY
    assert cells[("d", "t", "b")].status == SECONDARY  # the smallest other
    assert cells[("d", "t", "c")] == Cell(25) and cells[("d", "t", "all")] == Cell(40)
    off = protect(counts, equations, Rule(threshold=11, secret=b"test", base=1, secondary=False))
    assert off[("d", "t", "b")] == Cell(12)


def test_a_threshold_out_of_bounds_is_refused_by_the_model(app):
    service = make_service()
    for value in (0, 4, 51):
        with pytest.raises(ValueError, match=r"within 5\.\.50"):
            service.suppression_threshold = value
    service.suppression_threshold = 5
    assert make_service(slug="autre").suppression_threshold == 11
