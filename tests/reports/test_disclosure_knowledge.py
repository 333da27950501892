"""What a reader learns from each published cell, and how the audit narrows it (pure, fast)."""

import hashlib
import hmac

from pilotes.reports.disclosure import (
    INFINITY,
    PRIMARY,
    SECONDARY,
    UNPUBLISHED,
    Cell,
    Rule,
    knowledge,
    label,
    pinned,
    propagate,
    protect,
)

RULE = Rule(threshold=11, secret=b"test")  # base 5, bound 15
EXACT = Rule(threshold=11, secret=b"test", base=1)  # bound 11
T, A, B, C, D = (("d", "t", code) for code in ("total", "a", "b", "c", "d"))


def test_each_status_tells_its_interval_and_nothing_more():
    assert knowledge(Cell(40), RULE) == (36, 44)
    assert knowledge(Cell(0), RULE) == (0, 4)  # never below zero
    assert knowledge(Cell(5), RULE) == (1, 9)
    assert knowledge(Cell(None, PRIMARY), RULE) == (0, 14)
    assert knowledge(Cell(None, SECONDARY), RULE) == (11, INFINITY)  # large enough to round up
    assert knowledge(Cell(None, UNPUBLISHED), RULE) == (0, INFINITY)
    assert knowledge(Cell(12), EXACT) == (12, 12)


def test_the_labels_of_hidden_counts():
    assert label(PRIMARY, 15) == "moins de 15"
    assert label(SECONDARY, 15) == "masqué"
    assert label(None, 15) is None and label(UNPUBLISHED, 15) is None


def test_intervals_narrow_through_a_sum_both_ways_until_nothing_moves():
    bounds = {T: [30, 30], A: [0, 10], B: [18, 18], C: [0, INFINITY]}
    propagate(bounds, [(T, (A, B, C))])
    assert bounds[A] == [0, 10] and bounds[C] == [2, 12]
    # The total learns from its parts, and a chain needs more than one pass to settle.
    bounds = {T: [0, INFINITY], A: [3, 3], B: [4, 4], C: [0, INFINITY]}
    propagate(bounds, [(C, (T,)), (T, (A, B))])
    assert bounds[T] == [7, 7] and bounds[C] == [7, 7]
    bounds = {T: [0, INFINITY], A: [3, 3], B: [4, 4], C: [0, INFINITY]}
    propagate(bounds, [(C, (T,)), (T, (A, B))], passes=1)
    assert bounds[C] == [0, INFINITY]  # one pass: the chain was read before its end moved
    # A part learnt from its total is passed on too, in the next pass.
    bounds = {T: [7, 7], A: [3, 3], B: [0, INFINITY], C: [0, INFINITY]}
    propagate(bounds, [(C, (B,)), (T, (A, B))])
    assert bounds[B] == [4, 4] and bounds[C] == [4, 4]
    # A total learns one bound when its parts give only that one.
    bounds = {T: [0, 100], A: [3, 3], B: [4, INFINITY]}
    propagate(bounds, [(T, (A, B))])
    assert bounds[T] == [7, 100]


def test_only_hidden_counts_pinned_above_zero_are_leaks():
    equations = [(T, (A, B))]
    cells = {T: Cell(20), A: Cell(None, PRIMARY), B: Cell(20)}
    assert pinned(cells, equations, EXACT) == []  # A can only be 0: nothing to protect
    cells = {T: Cell(25), A: Cell(None, PRIMARY), B: Cell(20)}
    assert pinned(cells, equations, EXACT) == [A]
    cells = {T: Cell(25), A: Cell(None, UNPUBLISHED), B: Cell(20)}
    assert pinned(cells, equations, EXACT) == []  # nothing prints it: nothing to hide
    cells = {T: Cell(45), A: Cell(None, SECONDARY), B: Cell(20)}
    assert pinned(cells, equations, EXACT) == [A]
    # One person, and a count pinned at the top of what « moins de 11 » allows.
    for total, count in ((21, 1), (30, 10)):
        cells = {T: Cell(total), A: Cell(None, PRIMARY), B: Cell(20)}
        assert pinned(cells, equations, EXACT) == [A], count


def test_protection_rounds_hides_small_counts_and_leaves_unpublished_ones_unprinted():
    counts = {T: 40, A: 3, B: 37}
    cells = protect(counts, [(T, (A, B))], EXACT, unpublished=frozenset({B}))
    assert cells == {T: Cell(40), A: Cell(None, PRIMARY), B: Cell(None, UNPUBLISHED)}
    assert protect({A: 11}, [], EXACT) == {A: Cell(11)}  # the threshold itself shows
    assert protect({A: 10}, [], EXACT) == {A: Cell(None, PRIMARY)}
    key = ("demands", "departement", "35")
    shown = protect({key: 40}, [], RULE)[key]
    assert shown == Cell(RULE.rounded(key, 40)) and shown.value % 5 == 0


def test_a_leak_hides_the_smallest_neighbour_then_the_total_and_stops_when_safe():
    counts = {T: 40, A: 3, B: 20, C: 17}
    cells = protect(counts, [(T, (A, B, C))], EXACT)
    assert cells[A].status == PRIMARY and cells[C].status == SECONDARY  # 17 < 20
    assert cells[B] == Cell(20) and cells[T] == Cell(40)
    # A part whose siblings cannot be hidden (B is not printed, though known through D)
    # takes its total with it.
    counts = {T: 23, A: 3, B: 20, C: 20}
    equations = [(T, (A, B)), (B, (C,))]
    cells = protect(counts, equations, EXACT, unpublished=frozenset({B}))
    assert cells[A].status == PRIMARY and cells[T].status == SECONDARY and cells[C] == Cell(20)
    assert pinned(cells, equations, EXACT) == []


def test_offsets_are_the_documented_keyed_hash_and_use_every_residue():
    # The first 8 bytes of HMAC-SHA256(secret, "metric|table|code"), big-endian, modulo the
    # base. docs/methodology.md: an offset never changes over time (two roundings of one
    # count with two offsets would narrow it down), so a release may not change this either.
    key = ("demands", "commune", "35238")
    digest = hmac.new(b"test", b"demands|commune|35238", hashlib.sha256).digest()
    assert RULE.offset(key) == int.from_bytes(digest[:8], "big") % 5
    for base in (2, 3, 5):
        rule = Rule(threshold=11, secret=b"test", base=base)
        offsets = {rule.offset(("d", "commune", f"{n:05}")) for n in range(60)}
        assert offsets == set(range(base))
    assert {EXACT.offset(("d", "commune", f"{n:05}")) for n in range(20)} == {0}


def test_a_leak_that_nothing_published_can_cover_is_left_for_the_audit_to_name():
    # A = T - C, where T and C are printed nowhere but known through B and D.
    counts = {T: 40, A: 10, B: 40, C: 30, D: 30}
    equations = [(T, (A, C)), (T, (B,)), (C, (D,))]
    cells = protect(counts, equations, EXACT, unpublished=frozenset({T, C}))
    assert cells[A] == Cell(None, PRIMARY) and cells[B] == Cell(40) and cells[D] == Cell(30)
    assert pinned(cells, equations, EXACT) == [A]


def test_the_same_territory_twice_shares_its_offset_and_its_masking():
    # D2 + D3 = R; D3 has one commune, C3 (c30): one figure printed twice (Rule.same).
    R, D2, D3, C2, C3 = (
        ("d", table, code)
        for table, code in (
            ("region", "r"),
            ("departement", "d2"),
            ("departement", "d3"),
            ("commune", "c2"),
            ("commune", "c30"),
        )
    )
    same = {("commune", "c30"): ("departement", "d3")}
    rule = Rule(threshold=11, secret=b"test", base=1, same=same)
    assert rule.canonical(C3) == D3 and rule.canonical(C2) == C2
    plain, rounding = (Rule(threshold=11, secret=b"test", same=s) for s in ({}, same))
    assert plain.offset(C3) != plain.offset(D3)  # their own offsets differ; one serves both
    assert rounding.offset(C3) == rounding.offset(D3) == plain.offset(D3)
    counts = {R: 23, D2: 3, D3: 20, C2: 3, C3: 20}
    equations = [(R, (D2, D3)), (D2, (C2,)), (D3, (C3,))]
    cells = protect(counts, equations, rule)
    assert cells[D3] == cells[C3] == Cell(None, SECONDARY)  # masked together
    assert cells[R] == Cell(23) and cells[D2] == cells[C2] == Cell(None, PRIMARY)
    assert pinned(cells, equations, rule) == []
