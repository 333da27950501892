"""An attacker who sees only what Pilotes publishes, and the public map of territories.

It reads the JSON of the three levels (each with the national totals and the weeks), the
goals and their status, and what the beta page says; it knows the method (rounding base,
« moins de N », that « masqué » hides a count that would have been published) and the
sums that tie the cells. For every hidden cell it solves two linear programmes (lowest and
highest value consistent with everything published, HiGHS re-solved from its
last basis) and reports the cells
whose integer range is a single non-zero value.
"""

import math
from dataclasses import dataclass, field

import highspy
import numpy as np
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Commune, Departement

METRICS = ("demands", "confirmed", "unconfirmed", "volunteers", "accompanied")
# Demands = confirmed + unconfirmed (online) + accompanied (recorded by a mediator).
SPLIT = ("demands", "confirmed", "unconfirmed", "accompanied")
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
    hidden: dict = field(default_factory=dict)  # cell -> "small" / "secondary" / "unlisted"
    unlisted: dict = field(default_factory=dict)  # cell -> the communes it stands for

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

    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        low, high = np.array(self.low, dtype=float), np.array(self.high, dtype=float)
        for cell, goal in self.at_least:
            low[self.index[cell]] = max(low[self.index[cell]], goal)
        for cell, most in self.at_most:
            high[self.index[cell]] = min(high[self.index[cell]], most)
        return low, high

    def _solver(self) -> highspy.Highs:
        """One HiGHS model, re-solved from its last basis for each objective."""
        solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        low, high = self._bounds()
        solver.addVars(len(low), low, high)
        starts, indices, values = [], [], []
        for total, parts in self.equations:
            starts.append(len(indices))
            for cell, coef in [(total, 1.0), *((p, -1.0) for p in parts)]:
                indices.append(self.index[cell]), values.append(coef)
        zeros = np.zeros(len(starts))
        solver.addRows(
            len(starts),
            zeros,
            zeros,
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values, dtype=float),
        )
        return solver

    @staticmethod
    def _optimum(solver: highspy.Highs, costs: dict[int, float], before: dict) -> np.ndarray:
        """Minimise ``costs`` (changing only the costs that differ from ``before``)."""
        changed = {i: 0.0 for i in before if i not in costs} | {
            i: c for i, c in costs.items() if before.get(i) != c
        }
        if changed:
            order = np.array(sorted(changed), dtype=np.int32)
            solver.changeColsCost(len(order), order, np.array([changed[i] for i in order]))
        before.clear()
        before.update(costs)
        solver.run()
        assert solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
        return np.array(solver.getSolution().col_value)

    def solve(self) -> dict:
        """{hidden cell: (lowest, highest)} integer values consistent with everything.

        Vertices that push every cell not yet seen to move down, then up, show most cells
        taking two integer values (then they are not pinned, and their range holds at
        least those); cells that share a budget move a few per vertex, so the rounds go on
        while some move. The cells that never move get their own two linear programmes:
        their exact range."""
        solver, costs = self._solver(), {}
        still = {self.index[cell] for cell in self.hidden}
        seen_low = dict.fromkeys(still, math.inf)
        seen_high = dict.fromkeys(still, -math.inf)
        before = len(still)
        for round_ in range(200):
            sign = 1.0 if round_ % 2 == 0 else -1.0
            point = self._optimum(solver, dict.fromkeys(still, sign), costs)
            for i in list(still):
                seen_low[i], seen_high[i] = min(seen_low[i], point[i]), max(seen_high[i], point[i])
                if math.floor(seen_high[i] + 1e-6) > math.ceil(seen_low[i] - 1e-6):
                    still.discard(i)
            if round_ % 2 == 1:  # after each down-and-up pair
                if before - len(still) < max(5, before // 100):
                    break
                before = len(still)
        self.exact = len(still)
        for i in still:
            seen_low[i] = self._optimum(solver, {i: 1.0}, costs)[i]
            seen_high[i] = self._optimum(solver, {i: -1.0}, costs)[i]
        return {
            cell: (math.ceil(seen_low[i] - 1e-6), math.floor(seen_high[i] + 1e-6))
            for cell, i in ((cell, self.index[cell]) for cell in self.hidden)
        }

    def assert_consistent_with(self, truth) -> None:
        """The true counts satisfy everything the attacker believes: its model, and every
        label it read, are true."""
        truth = truth.copy()
        for cell, communes in self.unlisted.items():
            truth[cell] = sum(truth[commune] for commune in communes)
        low, high = self._bounds()
        for cell, i in self.index.items():
            assert low[i] <= truth[cell] <= high[i], (cell, truth[cell], low[i], high[i])
        for total, parts in self.equations:
            assert truth[total] == sum(truth[p] for p in parts), (total, parts)

    def pinned(self) -> dict:
        """{hidden cell: its value} for each hidden cell the published figures give exactly."""
        return {cell: lo for cell, (lo, hi) in self.solve().items() if lo == hi > 0}


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
            a.var(("unconfirmed", "week", week["week"]))  # in the sums, printed nowhere
            a.var(("accompanied", "week", week["week"]))
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


def _unlisted(a: Attack, metric: str, children: dict, listed: set[str]) -> None:
    """Each département's communes that the commune level does not list: one unknown of
    its own when there is a single one (it could be pinned), else their sum (any one of
    them can then be 0, so none is pinned)."""
    every = db.session.execute(select(Commune.code, Commune.departement_code)).all()
    by_departement: dict[str, list[str]] = {}
    for code, departement in every:
        if code not in listed:
            by_departement.setdefault(departement, []).append(code)
    for departement, codes in by_departement.items():
        total = (metric, "departement", departement)
        if len(codes) == 1:
            cell = (metric, "commune", codes[0])
            a.hidden[cell] = "unlisted"
        else:
            cell = (metric, "unlisted", departement)
        a.var(cell)
        a.unlisted[cell] = [(metric, "commune", code) for code in codes]
        children.setdefault(total, []).append(cell)


def _sums(a: Attack, levels: dict[str, dict]) -> None:
    """The public sums: hierarchy (with the communes not listed), weeks, confirmed split."""
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
        if "commune" in levels:
            _unlisted(a, metric, children, set(communes))
        for total, parts in children.items():
            if total in a.index:
                a.equations.append((total, parts))
    for cell in list(a.index):
        if cell[0] == "demands":
            a.equations.append((cell, [(metric, *cell[1:]) for metric in SPLIT[1:]]))
    weeks = [cell for cell in a.index if cell[1] == "week"]
    if weeks:
        for metric in SPLIT:
            parts = [cell for cell in weeks if cell[0] == metric]
            a.equations.append(((metric, "nation", "FR"), parts))
