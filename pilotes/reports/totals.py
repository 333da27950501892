"""Reading the counters (``pilotes.models.counts``): the read half of counting.

The write half (``bump``, ``move``, ``recount``) is ``pilotes.domain.counting``.
"""

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.models import (
    DEMAND_ACCOMPANIED,
    DEMAND_CONFIRMED,
    DEMAND_UNCONFIRMED,
    DailyCount,
    TerritoryCount,
    WeeklyCount,
)


def territory_totals(
    session: Session, service_id: int, level: str, codes: list[str] | None = None
) -> dict[str, dict[str, int]]:
    """{territory code: {metric: count}} at ``level`` (for ``codes``, or all); reads counters."""
    query = (
        select(TerritoryCount.code, TerritoryCount.metric, func.sum(TerritoryCount.n))
        .where(TerritoryCount.service_id == service_id, TerritoryCount.level == level)
        .group_by(TerritoryCount.code, TerritoryCount.metric)
    )
    if codes is not None:
        query = query.where(TerritoryCount.code.in_(codes))
    rows = session.execute(query)
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for code, metric, n in rows:
        if n:
            totals[code][metric] = int(n)
    return {code: dict(metrics) for code, metrics in totals.items()}


def weekly_totals(session: Session, service_id: int) -> dict[date, dict[str, int]]:
    """{week: {metric: count}} nationwide."""
    rows = session.execute(
        select(WeeklyCount.week, WeeklyCount.metric, func.sum(WeeklyCount.n))
        .where(WeeklyCount.service_id == service_id)
        .group_by(WeeklyCount.week, WeeklyCount.metric)
        .order_by(WeeklyCount.week)
    )
    series: dict[date, dict[str, int]] = defaultdict(dict)
    for week, metric, n in rows:
        series[week][metric] = int(n or 0)
    return dict(series)


def daily_demands(session: Session, service_id: int) -> dict[tuple[str, date], int]:
    """{(département, day in Paris): demands counted (confirmed, unconfirmed, accompanied)}."""
    rows = session.execute(
        select(DailyCount.departement_code, DailyCount.day, func.sum(DailyCount.n))
        .where(
            DailyCount.service_id == service_id,
            DailyCount.metric.in_((DEMAND_CONFIRMED, DEMAND_UNCONFIRMED, DEMAND_ACCOMPANIED)),
        )
        .group_by(DailyCount.departement_code, DailyCount.day)
    )
    return {(departement, day): int(n) for departement, day, n in rows if n}
