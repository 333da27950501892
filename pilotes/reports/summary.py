"""What the public pages show of a service, taken from the published payload.

The beta page and a territory's page read the same (suppressed) figures as the
statistics page and the API, so that no page shows a count that another one hides.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pilotes.models import LEVEL_LABELS, Service
from pilotes.reports.disclosure import label
from pilotes.reports.edition import published_payload
from pilotes.reports.published import Published, TerritoryFigures
from pilotes.reports.rates import goal_percent
from pilotes.territories.names import french_order


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
    accompanied: Count = Count(None)

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
    rows: dict[str, TerritoryFigures]
    threshold: int  # every hidden count is below it

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    def territory(self, code: str) -> TerritoryView | None:
        row = self.rows.get(code)
        if row is None:
            return None
        return TerritoryView(
            code=code,
            name=row.name,
            level=self.level,
            confirmed=_count(row, "confirmed", self.threshold),
            unconfirmed=_count(row, "unconfirmed", self.threshold),
            accompanied=_count(row, "accompanied", self.threshold),
            partners=row.partners,
            goal=row.goal,
            goal_reached=row.goal_reached,
            is_open=row.open,
        )


def _count(figures, key: str, bound: int) -> Count:
    """A published count, or its true label: ``figures`` is a territory or the totals."""
    reason = figures.status(key)
    return Count(None, label(reason, bound)) if reason else Count(getattr(figures, key))


def public_view(session: Session, service: Service) -> PublicView:
    published: Published = published_payload(session, service, service.level)
    bound = published.hidden_below
    rows = {row.code: row for row in published.territories}
    goals = sorted(
        (
            GoalView(
                row.code,
                row.name,
                row.goal,
                _count(row, "confirmed", bound),
                bool(row.goal_reached),
            )
            for row in rows.values()
            if row.goal and not row.open
        ),
        key=lambda g: (-(g.percent or 0), french_order(g.name), g.code),
    )
    return PublicView(
        total=_count(published.totals, "demands", bound),
        confirmed=_count(published.totals, "confirmed", bound),
        territories=published.totals.territories_with_demand,
        level=service.level,
        goals=goals,
        rows=rows,
        threshold=bound,
    )
