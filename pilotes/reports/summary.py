"""The figures a beta page shows, read from the counters."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.models import LEVEL_LABELS, Partner, PartnerTerritory, Service, ServiceTerritory
from pilotes.reports.counters import (
    DEMAND_CONFIRMED,
    DEMAND_UNCONFIRMED,
    VOLUNTEERS,
    territory_totals,
)
from pilotes.territories.names import territory_names


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


@dataclass(frozen=True)
class TerritoryFigures:
    code: str
    name: str
    level: str
    confirmed: int
    unconfirmed: int
    volunteers: int
    partners: int  # partners covering it, not declined
    goal: int | None
    is_open: bool

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def territory_figures(session: Session, service: Service, code: str) -> TerritoryFigures | None:
    """The public figures of one territory at the service's level, or None if unknown."""
    name = territory_names(session, service.level, [code]).get(code)
    if name is None:
        return None
    metrics = territory_totals(session, service.id, service.level, codes=[code]).get(code, {})
    territory = session.scalar(
        select(ServiceTerritory).where(
            ServiceTerritory.service_id == service.id, ServiceTerritory.code == code
        )
    )
    partners = session.scalar(
        select(func.count(func.distinct(Partner.id)))
        .join(PartnerTerritory, PartnerTerritory.partner_id == Partner.id)
        .where(
            Partner.service_id == service.id,
            PartnerTerritory.code == code,
            Partner.confirmed_at.is_not(None),
            Partner.status != "declined",
        )
    )
    return TerritoryFigures(
        code=code,
        name=name,
        level=service.level,
        confirmed=metrics.get(DEMAND_CONFIRMED, 0),
        unconfirmed=metrics.get(DEMAND_UNCONFIRMED, 0),
        volunteers=metrics.get(VOLUNTEERS, 0),
        partners=partners or 0,
        goal=territory.goal if territory else None,
        is_open=bool(territory and territory.is_open),
    )
