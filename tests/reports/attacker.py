"""An attacker who sees only what Pilotes publishes, and the public map of territories.

It reads the JSON of the three levels (each with the national totals and the weeks), the
goals and their status, and what the beta page says; it knows the method (rounding base,
« moins de N », that « masqué » hides a count that would have been published) and the
sums that tie the cells. For every hidden cell it solves two linear programmes (lowest and
highest value consistent with everything published, scipy's HiGHS) and reports the cells
whose integer range is a single non-zero value.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Commune, Departement

METRICS = ("demands", "confirmed", "unconfirmed", "volunteers")
SPLIT = ("demands", "confirmed", "unconfirmed")
BIG = 10**7


def public_hierarchy(communes: list[str]) -> dict[str, dict[str, str]]:
    """{table: {code: parent}} from the reference data anyone can download (COG)."""
    return {
        "departement": dict(
            db.session.execute(select(Departement.code, Departement.region_code)).all()
        ),
        "commune": dict(
            db.session.execute(
                select(Commune.code, Commune.departement_code).where(Commune.code.in_(communes))
            ).all()
        ),
    }


@dataclass
class Attack:
    index: dict = field(default_factory=dict)  # cell -> variable number
    low: list = field(default_factory=list)
    high: list = field(default_factory=list)
    equations: list = field(default_factory=list)  # [(total, parts)]
    at_least: list = field(default_factory=list)  # [(cell, n)]: cell >= n
    at_most: list = field(default_factory=list)
    hidden: dict = field(default_factory=dict)  # cell -> "small" / "secondary"

    def var(self, cell) -> int:
        if cell not in self.index:
            self.index[cell] = len(self.low)
            self.low.append(0)
            self.high.append(BIG)
        return self.index[cell]

    def know(self, cell, low: int, high: int) -> None:
        i = self.var(cell)
        self.low[i], self.high[i] = max(self.low[i], low), min(self.high[i], high)

    def read(self, cell, value, status, base: int, bound: int) -> None:
        """What one published cell says of its true count."""
        if status == "small":
            self.know(cell, 0, bound - 1)
        elif status == "secondary":
            self.know(cell, bound - base + 1, BIG)
        elif value is not None:
            self.know(cell, max(0, value - base + 1), value + base - 1)
        else:
            self.var(cell)
        if status:
            self.hidden[cell] = status

    def _problem(self):
        n = len(self.low)
        rows, cols, vals = [], [], []
        for r, (total, parts) in enumerate(self.equations):
            for cell, coef in [(total, 1), *((p, -1) for p in parts)]:
                rows.append(r), cols.append(self.index[cell]), vals.append(coef)
        a_eq = coo_matrix((vals, (rows, cols)), shape=(len(self.equations), n)).tocsr()
        bounds = list(zip(self.low, self.high, strict=True))
        for cell, goal in self.at_least:
            i = self.index[cell]
            bounds[i] = (max(bounds[i][0], goal), bounds[i][1])
        for cell, most in self.at_most:
            i = self.index[cell]
            bounds[i] = (bounds[i][0], min(bounds[i][1], most))
        return a_eq, np.zeros(len(self.equations)), bounds

    def _optimum(self, objective, problem) -> np.ndarray:
        a_eq, b_eq, bounds = problem
        result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert result.status == 0, result.message
        return result.x

    def solve(self) -> dict:
        """{hidden cell: (lowest, highest)} integer values consistent with everything.

        Vertices that push every cell not yet seen to move down, then up, show most cells
        taking two integer values (then they are not pinned, and their range holds at
        least those); cells that share a budget move a few per vertex, so the rounds go on
        while some move. The cells that never move get their own two linear programmes:
        their exact range."""
        problem = self._problem()
        n = len(self.low)
        still = {self.index[cell] for cell in self.hidden}
        seen_low = dict.fromkeys(still, math.inf)
        seen_high = dict.fromkeys(still, -math.inf)
        stalled = 0
        for round_ in range(400):
            if not still or stalled == 2:
                break
            weights = np.zeros(n)
            weights[sorted(still)] = 1.0 if round_ % 2 == 0 else -1.0
            point = self._optimum(weights, problem)
            before = len(still)
            for i in list(still):
                seen_low[i], seen_high[i] = min(seen_low[i], point[i]), max(seen_high[i], point[i])
                if math.floor(seen_high[i] + 1e-6) > math.ceil(seen_low[i] - 1e-6):
                    still.discard(i)
            stalled = stalled + 1 if round_ and len(still) == before else 0
        self.exact = len(still)
        ranges = {}
        for cell in self.hidden:
            i = self.index[cell]
            if i in still:
                c = np.zeros(n)
                c[i] = 1
                seen_low[i] = self._optimum(c, problem)[i]
                seen_high[i] = self._optimum(-c, problem)[i]
            ranges[cell] = (math.ceil(seen_low[i] - 1e-6), math.floor(seen_high[i] + 1e-6))
        return ranges

    def pinned(self) -> dict:
        """{hidden cell: its value} for each hidden cell the published figures give exactly."""
        return {cell: lo for cell, (lo, hi) in self.solve().items() if lo == hi > 0}

    def assert_consistent_with(self, truth) -> None:
        """The true counts satisfy everything the attacker believes: its model, and every
        label it read, are true."""
        _, _, bounds = self._problem()
        for cell, i in self.index.items():
            assert bounds[i][0] <= truth[cell] <= bounds[i][1], (cell, truth[cell], bounds[i])
        for total, parts in self.equations:
            assert truth[total] == sum(truth[p] for p in parts), (total, parts)


def attack(levels: dict[str, dict], beta_page_total: str | None = None) -> Attack:
    """The attacker's model of a service from the JSON of every level."""
    a = Attack()
    any_level = next(iter(levels.values()))
    base, bound = any_level["rounding_base"], any_level["hidden_below"]
    for data in levels.values():
        totals = data["totals"]
        for metric in METRICS:
            status = totals.get("suppressed", {}).get(metric)
            a.read((metric, "nation", "FR"), totals[metric], status, base, bound)
        for week in data["weekly"]:
            for metric in ("demands", "confirmed"):
                status = week["suppressed"] if week[metric] is None else None
                a.read((metric, "week", week["week"]), week[metric], status, base, bound)
            a.var(("unconfirmed", "week", week["week"]))
    for level, data in levels.items():
        for t in data["territories"]:
            for metric in METRICS:
                status = t["suppressed"].get(metric)
                a.read((metric, level, t["code"]), t[metric], status, base, bound)
            if t["goal"] and t["goal_reached"] is True:
                a.at_least.append((("confirmed", level, t["code"]), t["goal"]))
            if t["goal"] and t["goal_reached"] is False:
                a.at_most.append((("confirmed", level, t["code"]), t["goal"] - 1))
    if beta_page_total is not None:
        text = beta_page_total.replace("\u202f", "")
        if text.isdigit():
            a.read(("demands", "nation", "FR"), int(text), None, base, bound)
        else:
            a.read(("demands", "nation", "FR"), None, "small", base, bound)
    _sums(a, levels)
    return a


def _sums(a: Attack, levels: dict[str, dict]) -> None:
    """The public sums: hierarchy (unlisted communes are 0), weeks, confirmed split."""
    communes = [t["code"] for t in levels.get("commune", {"territories": []})["territories"]]
    parents = public_hierarchy(communes)
    upper = {"region": "nation", "departement": "region", "commune": "departement"}
    for metric in METRICS:
        children: dict = {}
        for level, data in levels.items():
            for t in data["territories"]:
                parent = "FR" if level == "region" else parents[level][t["code"]]
                table = upper[level]
                children.setdefault((metric, table, parent), []).append((metric, level, t["code"]))
        for total, parts in children.items():
            if total in a.index:
                a.equations.append((total, parts))
    for cell in list(a.index):
        if cell[0] == "demands":
            a.equations.append((cell, [("confirmed", *cell[1:]), ("unconfirmed", *cell[1:])]))
    weeks = [cell for cell in a.index if cell[1] == "week"]
    if weeks:
        for metric in SPLIT:
            parts = [cell for cell in weeks if cell[0] == metric]
            a.equations.append(((metric, "nation", "FR"), parts))
