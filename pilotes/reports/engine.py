"""The counting engine: figures per territory for a service, read from the counters.

Everything here reads ``territory_counts`` and ``weekly_counts`` (bounded by the number
of territories and weeks, never by the number of signups) plus the partners, who are
few. The dashboard, the public statistics, the API and every export use these rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.models import (
    DEMAND_ACCOMPANIED,
    DEMAND_CONFIRMED,
    DEMAND_FLAGGED,
    DEMAND_UNCONFIRMED,
    LEVELS,
    PARTNER_STATUSES,
    VOLUNTEERS,
    Commune,
    Departement,
    Partner,
    PartnerTerritory,
    Region,
    Service,
    ServiceTerritory,
)
from pilotes.reports import rates
from pilotes.reports.totals import territory_totals, weekly_totals

# Partners who count as "engaged" in a territory (for « demande sans partenaire »).
ENGAGED = ("engaged", "active_pilot")
# Partners the team has reviewed and kept: those the published figures count.
REVIEWED = ("contacted", *ENGAGED)
LEVEL_MODELS = {"region": Region, "departement": Departement, "commune": Commune}


@dataclass
class TerritoryRow:
    code: str
    name: str
    population: int
    confirmed: int = 0
    unconfirmed: int = 0
    flagged: int = 0  # looks automated: out of the public counts, shown to the team
    volunteers: int = 0
    partners: dict[str, int] = field(default_factory=dict)  # status -> count
    goal: int | None = None
    goal_per_100k: int | None = None  # the goal as the team set it, per 100,000 inhabitants
    is_open: bool = False
    accompanied: int = 0  # recorded by a mediator for someone without email

    @property
    def online(self) -> int:
        return self.confirmed + self.unconfirmed

    @property
    def demands(self) -> int:
        return self.online + self.accompanied

    @property
    def per_100k(self) -> float | None:
        """Demands per 100,000 inhabitants."""
        return rates.per_100k(self.demands, self.population)

    @property
    def engaged_partners(self) -> int:
        return sum(self.partners.get(status, 0) for status in ENGAGED)

    @property
    def partners_engaged(self) -> int:
        """The same, under the published figures' name."""
        return self.engaged_partners

    @property
    def active_partners(self) -> int:
        """Partners not declined."""
        return sum(n for status, n in self.partners.items() if status != "declined")

    @property
    def reviewed_partners(self) -> int:
        """Partners whose candidacy the team has looked at and kept: the published count.
        Anyone may send a candidacy and confirm its address; it is no partner of a territory
        for the public until the team has contacted it."""
        return sum(self.partners.get(status, 0) for status in REVIEWED)

    @property
    def goal_percent(self) -> int | None:
        return rates.goal_percent(self.confirmed, self.goal) if self.goal else None


def _ancestors(
    session: Session, level: str, ancestor_level: str, codes: set[str] | None
) -> dict[str, str]:
    """{code at ``level``: the territory holding it at the coarser ``ancestor_level``}."""
    model = LEVEL_MODELS[level]
    if level == ancestor_level:
        column = model.code
    elif ancestor_level == "region":
        column = model.region_code
    else:
        column = Commune.departement_code
    query = select(model.code, column)
    if codes is not None:
        query = query.where(model.code.in_(codes))
    return dict(session.execute(query).all())


def _named(session: Session, service: Service) -> dict[str, set[tuple[int, str]]]:
    """{territory code at the service's level: {(partner id, status)}}, confirmed partners."""
    covered: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for code, partner_id, status in session.execute(
        select(PartnerTerritory.code, Partner.id, Partner.status)
        .join(Partner, Partner.id == PartnerTerritory.partner_id)
        .where(Partner.service_id == service.id, Partner.confirmed_at.is_not(None))
    ):
        covered[code].add((partner_id, status))
    return covered


def _partner_counts(
    session: Session,
    service: Service,
    level: str,
    covered: dict[str, set[tuple[int, str]]],
    codes: set[str] | None = None,
) -> dict[str, dict[str, int]]:
    """{code at ``level``: {status: partners}}, each partner counted once per territory.

    A partner covers the territories it named at the service's level, the territories
    above them and every territory inside them (the communes of a covered département),
    so « demande sans partenaire » is true at every level. ``codes`` bounds the communes.
    """
    if not covered:
        return {}
    placed: dict[str, set[tuple[int, str]]] = defaultdict(set)
    if LEVELS.index(level) < LEVELS.index(service.level):  # above: fold upwards
        for code, parent in _ancestors(session, service.level, level, set(covered)).items():
            placed[parent] |= covered[code]
    else:  # the service's level or below: inherit from the territory holding it
        for code, holder in _ancestors(session, level, service.level, codes).items():
            if holder in covered:
                placed[code] |= covered[holder]
    counts: dict[str, dict[str, int]] = {}
    for code, partners in placed.items():
        by_status: dict[str, int] = defaultdict(int)
        for _, status in partners:
            by_status[status] += 1
        counts[code] = dict(by_status)
    return counts


def _open_codes(
    session: Session, service: Service, level: str, opened: set[str], codes: set[str] | None
) -> set:
    """The territories at ``level`` where the service is open, from those ``opened`` at its
    level: below it, every territory inside an open one (the communes of an open
    département); above it, a territory whose every part at the service's level is open (a
    région whose départements all are, as La Réunion with its one)."""
    if level == service.level or not opened:
        return opened
    if LEVELS.index(level) > LEVELS.index(service.level):  # below: inside an open one
        held = _ancestors(session, level, service.level, codes)
        return {code for code, holder in held.items() if holder in opened}
    holders = set(_ancestors(session, service.level, level, opened).values())
    model = LEVEL_MODELS[service.level]
    holder = model.region_code if level == "region" else Commune.departement_code
    parts = select(model.code, holder).where(holder.in_(holders))
    if service.level == "commune":  # an arrondissement is part of its commune, not beside it
        parts = parts.where(Commune.parent_code.is_(None))
    closed = {held_by for code, held_by in session.execute(parts) if code not in opened}
    return holders - closed


def territory_rows(session: Session, service: Service, level: str) -> list[TerritoryRow]:
    """One row per territory at ``level``: every région or département, and for communes
    those with anything to show. Sorted by code."""
    totals = territory_totals(session, service.id, level)
    own = session.scalars(
        select(ServiceTerritory).where(ServiceTerritory.service_id == service.id)
    ).all()
    territories = {t.code: t for t in own} if level == service.level else {}
    model = LEVEL_MODELS[level]
    query = select(model.code, model.name, model.population)
    covered = _named(session, service)
    wanted = None
    if level == "commune":
        # Communes with anything of their own; those of a covered département inherit it.
        named = set(covered) if service.level == "commune" else set()
        wanted = set(totals) | named | set(territories)
        if not wanted:
            return []
        query = query.where(model.code.in_(wanted))
    partners = _partner_counts(session, service, level, covered, wanted)
    opened = {t.code for t in own if t.is_open}
    open_codes = _open_codes(session, service, level, opened, wanted)
    rows = []
    for code, name, population in session.execute(query.order_by(model.code)):
        metrics = totals.get(code, {})
        territory = territories.get(code)
        rows.append(
            TerritoryRow(
                code=code,
                name=name,
                population=population,
                confirmed=metrics.get(DEMAND_CONFIRMED, 0),
                unconfirmed=metrics.get(DEMAND_UNCONFIRMED, 0),
                flagged=metrics.get(DEMAND_FLAGGED, 0),
                volunteers=metrics.get(VOLUNTEERS, 0),
                accompanied=metrics.get(DEMAND_ACCOMPANIED, 0),
                partners=dict(partners.get(code, {})),
                goal=territory.goal if territory else None,
                goal_per_100k=territory.goal_per_100k if territory else None,
                is_open=code in open_codes,
            )
        )
    return rows


@dataclass(frozen=True)
class KeyFigures:
    confirmed: int
    unconfirmed: int
    volunteers: int
    partners: dict[str, int]  # status -> count (confirmed partners)
    flagged: int
    territories_with_demand: int
    open_territories: int
    accompanied: int = 0

    @property
    def demands(self) -> int:
        return self.confirmed + self.unconfirmed + self.accompanied


def key_figures(
    session: Session, service: Service, rows: list[TerritoryRow] | None = None
) -> KeyFigures:
    rows = rows if rows is not None else territory_rows(session, service, service.level)
    partners = dict.fromkeys(PARTNER_STATUSES, 0)
    for status, n in session.execute(
        select(Partner.status, func.count())
        .where(Partner.service_id == service.id, Partner.confirmed_at.is_not(None))
        .group_by(Partner.status)
    ):
        partners[status] = n
    return KeyFigures(
        confirmed=sum(r.confirmed for r in rows),
        unconfirmed=sum(r.unconfirmed for r in rows),
        volunteers=sum(r.volunteers for r in rows),
        partners=partners,
        flagged=sum(r.flagged for r in rows),
        territories_with_demand=sum(1 for r in rows if r.demands),
        open_territories=sum(1 for r in rows if r.is_open),
        accompanied=sum(r.accompanied for r in rows),
    )


def weekly_series(session: Session, service: Service) -> list[tuple[date, int, int, int]]:
    """(week, confirmed, unconfirmed, accompanied) nationwide, every week from the first to
    the last."""
    series = weekly_totals(session, service.id)
    if not series:
        return []
    weeks, week, last = [], min(series), max(series)
    while week <= last:
        metrics = series.get(week, {})
        weeks.append(
            (
                week,
                metrics.get(DEMAND_CONFIRMED, 0),
                metrics.get(DEMAND_UNCONFIRMED, 0),
                metrics.get(DEMAND_ACCOMPANIED, 0),
            )
        )
        week += timedelta(days=7)
    return weeks


def demand_without_partner(rows: list[TerritoryRow]) -> list[TerritoryRow]:
    """Territories with demand, no engaged partner and not open, by code (pages rank them
    with ``next_open.by_evidence``, as « Où ouvrir ensuite »)."""
    return [r for r in rows if r.demands and not r.engaged_partners and not r.is_open]


def partner_without_demand(rows: list[TerritoryRow]) -> list[TerritoryRow]:
    """Territories with a partner (not declined) and no demand yet."""
    return [r for r in rows if r.active_partners and not r.demands]
