"""What the public pages show of a service, taken from the published payload.

The beta page and a territory's page read the same (suppressed) figures as the
statistics page and the API, so that no page shows a count that another one hides.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pilotes.models import LEVEL_LABELS, Service
from pilotes.reports.payload import published_payload
from pilotes.reports.rates import goal_percent
from pilotes.reports.suppression import label


@dataclass(frozen=True)
class Count:
    """A published count: the number, or the French label that stands for it."""

    value: int | None
    hidden: str | None = None  # the label when the count is hidden

    def __str__(self) -> str:
        return self.hidden or f"{self.value:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class GoalView:
    code: str
    name: str
    goal: int
    confirmed: Count
    reached: bool

    @property
    def percent(self) -> int | None:
        if self.confirmed.value is None:
            return None
        return goal_percent(self.confirmed.value, self.goal)


@dataclass(frozen=True)
class TerritoryView:
    code: str
    name: str
    level: str
    confirmed: Count
    unconfirmed: Count
    partners: int
    goal: int | None
    goal_reached: bool | None
    is_open: bool

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


@dataclass(frozen=True)
class PublicView:
    total: Count
    confirmed: Count
    territories: int  # with at least one demand, at the service's level
    level: str
    goals: list[GoalView]
    rows: dict[str, dict]
    threshold: int  # counts below it are hidden

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    def territory(self, code: str) -> TerritoryView | None:
        row = self.rows.get(code)
        if row is None:
            return None
        return TerritoryView(
            code=code,
            name=row["name"],
            level=self.level,
            confirmed=_count(row, "confirmed", self.threshold),
            unconfirmed=_count(row, "unconfirmed", self.threshold),
            partners=row["partners"],
            goal=row["goal"],
            goal_reached=row["goal_reached"],
            is_open=row["open"],
        )


def _count(row: dict, key: str, threshold: int) -> Count:
    reason = row["suppressed"].get(key)
    return Count(None, label(reason, threshold)) if reason else Count(row[key])


def public_view(session: Session, service: Service) -> PublicView:
    payload = published_payload(session, service, service.level)
    threshold = payload["suppression_threshold"]
    totals = payload["totals"]
    rows = {row["code"]: row for row in payload["territories"]}
    goals = sorted(
        (
            GoalView(
                row["code"],
                row["name"],
                row["goal"],
                _count(row, "confirmed", threshold),
                bool(row["goal_reached"]),
            )
            for row in rows.values()
            if row["goal"] and not row["open"]
        ),
        key=lambda g: (-(g.percent or 0), g.name),
    )
    return PublicView(
        total=Count(totals["demands"])
        if totals["demands"] is not None
        else Count(None, f"moins de {threshold}"),
        confirmed=Count(totals["confirmed"])
        if totals["confirmed"] is not None
        else Count(None, "masqué"),
        territories=totals["territories_with_demand"],
        level=service.level,
        goals=goals,
        rows=rows,
        threshold=threshold,
    )
