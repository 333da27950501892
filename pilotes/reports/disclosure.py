"""Disclosure control over everything a service publishes, solved as one linked problem.

Every published count is a *cell* ``(metric, table, code)``: a territory at one of the
three levels, the nation, or an ISO week. Cells are tied by *equations* (a parent is the
sum of its children, the nation the sum of the régions and of the weeks, demands are
confirmed plus unconfirmed). The method (docs/methodology.md):

1. Rounding with a secret offset: a count ``x`` is published as ``base * ⌊(x + s)/base⌋``
   where ``s`` in [0, base) is a keyed secret of the cell. Someone who adds their own
   demands one by one sees the figure change only when ``x + s`` crosses a multiple of
   ``base``, so learns ``x + s``, never ``x``.
2. Primary suppression: a rounded count under ``bound`` (the first multiple of ``base``
   such that every count under the owner's threshold falls below it) is not published
   and reads « moins de {bound} », which is always true.
3. Secondary suppression, audit and repair, as τ-Argus protects linked tables: what an
   attacker knows of each cell (an interval) is propagated through the equations; any
   hidden cell pinned to one value gets one more cell of its equation hidden (« masqué »),
   and the audit runs again until nothing is pinned.

A territory that covers exactly the same people as another (a région with one
département, a département with one commune) is one figure printed twice: both share one
offset and one hide-or-publish decision (``Rule.same``), or two roundings of the same count
would narrow it and one could read « moins de 15 » while the other reads 15.
"""

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

BASE = 5
PRIMARY = "small"
SECONDARY = "secondary"
UNPUBLISHED = "unpublished"  # a quantity the equations need but nothing prints
INFINITY = 10**12

Key = tuple[str, str, str]  # (metric, table, code); table: a level, "nation" or "week"
Equation = tuple[Key, tuple[Key, ...]]  # total, parts


@dataclass(frozen=True)
class Rule:
    """How a service's counts are protected."""

    threshold: int
    secret: bytes
    base: int = BASE
    secondary: bool = True  # off only to show in tests what an attacker would then find
    # (table, code) -> (table, code) of the territory it is the same as (module docstring)
    same: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict, compare=False)

    @property
    def bound(self) -> int:
        """Hidden counts are all below it: the N of « moins de N »."""
        blocks = -(-(self.threshold + self.base - 1) // self.base)
        return blocks * self.base

    def canonical(self, key: Key) -> Key:
        metric, table, code = key
        return (metric, *self.same.get((table, code), (table, code)))

    def offset(self, key: Key) -> int:
        if self.base == 1:
            return 0
        key = self.canonical(key)
        digest = hmac.new(self.secret, "|".join(key).encode(), hashlib.sha256).digest()
        return int.from_bytes(digest[:8], "big") % self.base

    def rounded(self, key: Key, count: int) -> int:
        return self.base * ((count + self.offset(key)) // self.base)

    def reached(self, cell: "Cell", goal: int) -> bool | None:
        """A goal's status that says no more than the published cell: None when unsure."""
        if cell.status == SECONDARY:
            return None  # « masqué » can be any count large enough to be published
        if cell.value is None:
            return False if goal >= self.bound else None
        if cell.value - self.base + 1 >= goal:
            return True
        return False if cell.value + self.base - 1 < goal else None


@dataclass(frozen=True)
class Cell:
    value: int | None  # the published (rounded) count; None when hidden
    status: str | None = None  # None: published; PRIMARY, SECONDARY or UNPUBLISHED


def knowledge(cell: Cell, rule: Rule) -> tuple[int, int]:
    """What anyone reading the published figures knows of a cell's true count."""
    if cell.status is None:
        return max(0, cell.value - rule.base + 1), cell.value + rule.base - 1
    if cell.status == PRIMARY:
        return 0, rule.bound - 1
    if cell.status == SECONDARY:
        return rule.bound - rule.base + 1, INFINITY
    return 0, INFINITY


def propagate(bounds: dict[Key, list[int]], equations: list[Equation], passes: int = 60) -> None:
    """Narrow every interval through the equations until nothing moves (in place)."""
    for _ in range(passes):
        moved = False
        for total, parts in equations:
            low = sum(bounds[p][0] for p in parts)
            high = sum(bounds[p][1] for p in parts)
            t = bounds[total]
            if low > t[0] or high < t[1]:
                t[0], t[1] = max(t[0], low), min(t[1], high)
                moved = True
            for part in parts:
                b = bounds[part]
                new_low = max(b[0], t[0] - (high - b[1]))
                new_high = min(b[1], t[1] - (low - b[0]))
                if (new_low, new_high) != (b[0], b[1]):
                    b[0], b[1] = new_low, new_high
                    moved = True
        if not moved:
            return


def pinned(cells: dict[Key, Cell], equations: list[Equation], rule: Rule) -> list[Key]:
    """Hidden non-zero-able cells whose value the published figures give exactly."""
    bounds = {key: list(knowledge(cell, rule)) for key, cell in cells.items()}
    propagate(bounds, equations)
    return sorted(
        key
        for key, cell in cells.items()
        if cell.status in (PRIMARY, SECONDARY) and bounds[key][0] == bounds[key][1] > 0
    )


def protect(
    counts: dict[Key, int],
    equations: list[Equation],
    rule: Rule,
    unpublished: frozenset[Key] = frozenset(),
) -> dict[Key, Cell]:
    """The published cell of every count: rounded, primary and secondary suppression."""
    cells = {}
    for key, count in counts.items():
        if key in unpublished:
            cells[key] = Cell(None, UNPUBLISHED)
            continue
        value = rule.rounded(key, count)
        cells[key] = Cell(None, PRIMARY) if value < rule.bound else Cell(value)
    if not rule.secondary:
        return cells
    members = defaultdict(list)
    for total, parts in equations:
        for key in (total, *parts):
            members[key].append((total, parts))
    while leaks := pinned(cells, equations, rule):
        if not sum(_hide_a_neighbour(key, cells, counts, members[key]) for key in leaks):
            break  # nothing left to hide: the attacker in the tests would say so
        _hide_the_same(cells, rule)
    return cells


def _hide_the_same(cells: dict[Key, Cell], rule: Rule) -> None:
    """A cell hidden as « masqué » hides every cell that is the same figure."""
    hidden = {rule.canonical(k) for k, cell in cells.items() if cell.status == SECONDARY}
    for key, cell in cells.items():
        if cell.status is None and rule.canonical(key) in hidden:
            cells[key] = Cell(None, SECONDARY)


def _hide_a_neighbour(key: Key, cells: dict, counts: dict, equations: list[Equation]) -> bool:
    """Hide the smallest published cell sharing an equation with ``key`` (children first)."""
    for total, parts in equations:
        for group in (parts, (total,)):
            shown = [k for k in group if k != key and cells[k].status is None]
            if shown:
                neighbour = min(shown, key=lambda k: (counts[k], k))
                cells[neighbour] = Cell(None, SECONDARY)
                return True
    return False


def label(status: str | None, bound: int) -> str | None:
    """The French text shown instead of a hidden count (``bound``: « moins de {bound} »)."""
    if status == PRIMARY:
        return f"moins de {bound}"
    if status == SECONDARY:
        return "masqué"
    return None
