"""The figures a beta page shows, read from the counters."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pilotes.models import LEVEL_LABELS, Service
from pilotes.reports.counters import DEMAND_CONFIRMED, DEMAND_UNCONFIRMED, territory_totals


@dataclass(frozen=True)
class PublicSummary:
    confirmed: int
    unconfirmed: int
    territories: int  # territories at the service's level with at least one demand
    level: str

    @property
    def total(self) -> int:
        return self.confirmed + self.unconfirmed

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def public_summary(session: Session, service: Service) -> PublicSummary:
    totals = territory_totals(session, service.id, service.level)
    confirmed = sum(metrics.get(DEMAND_CONFIRMED, 0) for metrics in totals.values())
    unconfirmed = sum(metrics.get(DEMAND_UNCONFIRMED, 0) for metrics in totals.values())
    with_demand = sum(
        1
        for metrics in totals.values()
        if metrics.get(DEMAND_CONFIRMED, 0) + metrics.get(DEMAND_UNCONFIRMED, 0) > 0
    )
    return PublicSummary(confirmed, unconfirmed, with_demand, service.level)
