"""The published figures of a service, every level at once: disclosure control is one
problem over everything published, so the levels, the nation and the weeks are protected
together and each format renders the same ``Published`` object."""

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy.orm import Session

from pilotes.infra.urls import external_url
from pilotes.models import LEVELS, PARTNER_STATUSES, Service
from pilotes.reports import engine, next_open
from pilotes.reports.cells import NATION, LinkedTable, linked_table, row_counts
from pilotes.reports.days import DAY_LEVELS, day_key
from pilotes.reports.disclosure import Cell, Key, Rule, protect
from pilotes.reports.protection import service_rule
from pilotes.reports.published import (
    METRICS,
    DayFigures,
    Published,
    ServiceInfo,
    TerritoryFigures,
    Totals,
    WeekFigures,
)
from pilotes.reports.rates import RATES_ROUNDING
from pilotes.reports.rates import per_100k as rate_per_100k
from pilotes.territories.source import population_source


def publish(session: Session, service: Service, rule: Rule | None = None) -> dict[str, Published]:
    """{level: Published}, all protected together."""
    rule = rule or service_rule(service)
    table = linked_table(session, service)
    cells = protect(table.counts, table.equations, rule, table.unpublished)
    key_figures = engine.key_figures(session, service, table.rows[service.level])
    generated_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    return {
        level: _level(service, level, table, cells, rule, key_figures, generated_at)
        for level in LEVELS
    }


def _level(
    service: Service,
    level: str,
    table: LinkedTable,
    cells: dict[Key, Cell],
    rule: Rule,
    key_figures: engine.KeyFigures,
    generated_at: str,
) -> Published:
    territories = [
        figures
        for figures in (_territory(row, level, cells, rule) for row in table.rows[level])
        if level != "commune" or _listed(figures)
    ]
    shown = {t.code for t in territories if t.demands}
    return Published(
        service=ServiceInfo(service.slug, service.name, service.level, service.phase),
        level=level,
        generated_at=generated_at,
        suppression_threshold=rule.threshold,
        hidden_below=rule.bound,
        rounding_base=rule.base,
        methodology_url=external_url("public.methodology"),
        population_source=population_source(current_app.config["NODE_MODULES_DIR"]).as_dict(),
        rates_rounding=RATES_ROUNDING,
        totals=_totals(cells, key_figures, len(shown)),
        territories=territories,
        weekly=[_week(week, cells) for week, *_ in table.weeks],
        demand_without_partner=_demand_without_partner(territories, rule.base),
        # Only where the published demand is hidden (a zero is never published as such),
        # among the listed territories: an unlisted commune must stay unlisted here too.
        partner_without_demand=[t.code for t in territories if t.partners and t.demands is None],
        daily=_days(level, table, cells),
    )


def _days(level: str, table: LinkedTable, cells: dict[Key, Cell]) -> list[DayFigures]:
    if level not in DAY_LEVELS:
        return []
    series = []
    for row in table.rows[level]:
        for day in table.days:
            cell = cells[day_key(level, row.code, day)]
            series.append(DayFigures(row.code, day.isoformat(), cell.value, cell.status))
    return series


def _listed(figures: TerritoryFigures) -> bool:
    """Whether a commune is listed. Listing only communes that have signups would say that
    each listed one has at least one, and that every other has none: a commune is listed
    when one of its counts is published, or for what the team made public (open, a goal),
    never because of a hidden count (its partners are placed only where there are signups)."""
    published = any(getattr(figures, metric) is not None for metric in METRICS)
    return published or figures.open or figures.goal is not None


def _territory(row: engine.TerritoryRow, level: str, cells: dict, rule: Rule) -> TerritoryFigures:
    figures = {metric: cells[(metric, level, row.code)] for metric in row_counts(row)}
    demands = figures["demands"].value
    return TerritoryFigures(
        code=row.code,
        name=row.name,
        population=row.population,
        **{metric: cell.value for metric, cell in figures.items()},
        per_100k=rate_per_100k(demands, row.population) if demands is not None else None,
        suppressed={metric: cell.status for metric, cell in figures.items() if cell.status},
        partners=row.reviewed_partners,
        partners_engaged=row.engaged_partners,
        goal=row.goal,
        goal_per_100k=row.goal_per_100k,
        goal_reached=rule.reached(figures["confirmed"], row.goal) if row.goal else None,
        open=row.is_open,
    )


def _week(week, cells: dict) -> WeekFigures:
    code = week.isoformat()
    demands, confirmed = cells[("demands", "week", code)], cells[("confirmed", "week", code)]
    return WeekFigures(code, demands.value, confirmed.value, demands.status or confirmed.status)


def _totals(cells: dict, figures: engine.KeyFigures, shown: int) -> Totals:
    nation = {metric: cells[(metric, *NATION)] for metric in METRICS}
    return Totals(
        **{metric: cell.value for metric, cell in nation.items()},
        territories_with_demand=shown,
        open_territories=figures.open_territories,
        partners={status: figures.partners.get(status, 0) for status in PARTNER_STATUSES},
        suppressed={metric: cell.status for metric, cell in nation.items() if cell.status},
    )


def _demand_without_partner(territories: list[TerritoryFigures], rounding_base: int) -> list[str]:
    """Territories with published demand, no engaged partner and not open, in the order of
    « Où ouvrir ensuite » (``next_open.by_evidence``): by published figures only. Ordered
    by exact counts, a place in the list told the count its rounding hides (the team's
    dashboard orders exactly)."""
    listed = [t for t in territories if t.demands and not t.partners_engaged and not t.open]
    return [t.code for t in next_open.by_evidence(listed, rounding_base)]
