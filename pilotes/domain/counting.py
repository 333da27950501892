"""Keeping the counters (``pilotes.models.counts``): the write half of counting.

Every change to a counted row goes through ``bump`` in the same transaction, and
``recount`` rebuilds every counter from the raw rows and says what drifted.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pilotes.infra.driver import run_on_driver
from pilotes.infra.sql import dialect_insert
from pilotes.models import (
    COUNTER_SLOTS,
    DEMAND_ACCOMPANIED,
    DEMAND_CONFIRMED,
    DEMAND_FLAGGED,
    DEMAND_UNCONFIRMED,
    VOLUNTEERS,
    DailyCount,
    Demand,
    TerritoryCount,
    Volunteer,
    WeeklyCount,
)


def demand_metric(row) -> str | None:
    """The counter a demand counts under (None: counted nowhere)."""
    if row.invalidated_at is not None:
        return None
    if row.flagged_at is not None:
        return DEMAND_FLAGGED
    if row.accompanied:
        return DEMAND_ACCOMPANIED  # no email: never confirmed, counted apart
    return DEMAND_CONFIRMED if row.confirmed_at is not None else DEMAND_UNCONFIRMED


# Weeks are ISO weeks as people in France live them: Monday 00:30 in Paris is Monday.
PARIS = ZoneInfo("Europe/Paris")


def paris_day(moment: datetime | date) -> date:
    """The day of ``moment`` in Europe/Paris (a naive datetime is UTC)."""
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return aware.astimezone(PARIS).date()
    return moment


def week_start(moment: datetime | date) -> date:
    """The Monday of the ISO week of ``moment`` in Europe/Paris (a naive datetime is UTC)."""
    day = paris_day(moment)
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class CountedPlace:
    """Where a counted row belongs, at every level, and the day it was made (in Paris)."""

    region_code: str
    departement_code: str
    commune_code: str
    day: date

    @property
    def week(self) -> date:
        return week_start(self.day)

    @classmethod
    def of(cls, row) -> "CountedPlace":
        """The place of a demand or a volunteer (anything with PlaceMixin columns)."""
        return cls(
            row.region_code, row.departement_code, row.commune_code, paris_day(row.created_at)
        )

    def territory_keys(self) -> list[tuple[str, str]]:
        return [
            ("region", self.region_code),
            ("departement", self.departement_code),
            ("commune", self.commune_code),
        ]


def counter_rows(service_id: int, place: CountedPlace, deltas: dict[str, int]) -> list[tuple]:
    """[(counter table, its rows)]: what adding ``deltas`` ({metric: +n or -n}) to the
    counters of ``place`` writes, in one slot drawn at random (no hot row)."""
    deltas = {metric: delta for metric, delta in deltas.items() if delta}
    if not deltas:
        return []
    key = {"service_id": service_id, "slot": random.randrange(COUNTER_SLOTS)}
    tables = [
        (
            TerritoryCount.__table__,
            [
                {**key, "level": level, "code": code, "metric": metric, "n": delta}
                for level, code in place.territory_keys()
                for metric, delta in deltas.items()
            ],
        )
    ]
    for model, period in TIMED:
        where = {"departement_code": place.departement_code, period: getattr(place, period)}
        rows = [{**key, **where, "metric": metric, "n": delta} for metric, delta in deltas.items()]
        tables.append((model.__table__, rows))
    return tables


def bump(session: Session, service_id: int, place: CountedPlace, deltas: dict[str, int]) -> None:
    """Add ``deltas`` ({metric: +n or -n}) to the counters of ``place``; no commit."""
    dialect = session.get_bind().dialect.name
    for table, rows in counter_rows(service_id, place, deltas):
        # Core: counters depend on no pending ORM change
        run_on_driver(session, _increment(dialect, table.name), rows)


# The counters per département and period: ISO weeks, and days (both in Europe/Paris).
TIMED = ((WeeklyCount, "week"), (DailyCount, "day"))


@lru_cache
def _increment(dialect: str, table_name: str):
    """INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n, built once (a hot path)."""
    return adding_to_counters(dialect_insert(dialect, COUNTER_TABLES[table_name]))


def adding_to_counters(statement):
    """``statement``, an INSERT into a counter table, adding to the rows already there."""
    table = statement.table
    return statement.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key.columns],
        set_={"n": table.c.n + statement.excluded.n},
    )


COUNTER_TABLES = {
    model.__tablename__: model.__table__ for model in (TerritoryCount, WeeklyCount, DailyCount)
}


# ---------------------------------------------------------------------------- recount


def volunteer_metric(row) -> str | None:
    """A pilot volunteer counts once their address is confirmed, until they withdraw (the
    unsubscribe or erase link): the figure says how many people are ready to test."""
    return VOLUNTEERS if row.confirmed_at is not None and row.withdrawn_at is None else None


# What is counted: each kind of row, the columns its metric depends on, and the metric.
COUNTED = (
    (Demand, ("confirmed_at", "flagged_at", "invalidated_at", "accompanied"), demand_metric),
    (Volunteer, ("confirmed_at", "withdrawn_at"), volunteer_metric),
)


def _expected_counts(session: Session, service_id: int):
    """The counters as they should be, computed from the raw rows."""
    territory: dict[tuple, int] = defaultdict(int)
    timed: dict[str, dict[tuple, int]] = {period: defaultdict(int) for _, period in TIMED}
    for model, columns, metric_of in COUNTED:
        rows = session.execute(
            select(
                model.region_code,
                model.departement_code,
                model.commune_code,
                model.created_at,
                *(getattr(model, column) for column in columns),
            ).where(model.service_id == service_id)
        )
        for row in rows:
            metric = metric_of(row)
            if metric is None:
                continue
            place = CountedPlace.of(row)
            for level, code in place.territory_keys():
                territory[(level, code, metric)] += 1
            for period, counts in timed.items():
                counts[(row.departement_code, getattr(place, period), metric)] += 1
    return {"territory": territory, **timed}


def _summed(session: Session, service_id: int, model, *columns) -> dict[tuple, int]:
    """{columns: n} of a counter table, its slots added up; rows summing to 0 left out."""
    query = (
        select(*columns, func.sum(model.n)).where(model.service_id == service_id).group_by(*columns)
    )
    return {tuple(row[:-1]): int(row[-1]) for row in session.execute(query) if row[-1]}


def _stored_counts(session: Session, service_id: int) -> dict[str, dict[tuple, int]]:
    stored = {
        "territory": _summed(
            session,
            service_id,
            TerritoryCount,
            TerritoryCount.level,
            TerritoryCount.code,
            TerritoryCount.metric,
        )
    }
    for model, period in TIMED:
        columns = (model.departement_code, getattr(model, period), model.metric)
        stored[period] = _summed(session, service_id, model, *columns)
    return stored


# Each counter table and the names of its key columns, in the order of the keys above.
KEYS = {
    "territory": (TerritoryCount, ("level", "code", "metric")),
    "week": (WeeklyCount, ("departement_code", "week", "metric")),
    "day": (DailyCount, ("departement_code", "day", "metric")),
}


@dataclass(frozen=True)
class Drift:
    key: tuple
    stored: int
    expected: int

    def __str__(self) -> str:
        where = " ".join(str(part) for part in self.key)
        return f"{where}: {self.stored} comptés, {self.expected} attendus"


def _drift(stored: dict, expected: dict) -> list[Drift]:
    return [
        Drift(key, stored.get(key, 0), expected.get(key, 0))
        for key in sorted(set(stored) | set(expected))  # weeks and days in time order
        if stored.get(key, 0) != expected.get(key, 0)
    ]


def recount(session: Session, service_id: int, fix: bool = True) -> list[Drift]:
    """Compare every counter with the raw rows; rewrite them when ``fix``."""
    expected = _expected_counts(session, service_id)
    stored = _stored_counts(session, service_id)
    drift = [d for name in KEYS for d in _drift(stored[name], expected[name])]
    if fix and drift:
        for model, _ in KEYS.values():
            session.execute(delete(model).where(model.service_id == service_id))
        for name, (model, columns) in KEYS.items():
            rows = [
                {
                    "service_id": service_id,
                    **dict(zip(columns, key, strict=True)),
                    "slot": 0,
                    "n": n,
                }
                for key, n in expected[name].items()
            ]
            if rows:
                session.execute(model.__table__.insert(), rows)
    return drift


def move(session: Session, row, before: str | None, after: str | None) -> None:
    """A row's metric changed from ``before`` to ``after``: move it between counters."""
    if before == after:
        return
    deltas = {}
    if before:
        deltas[before] = -1
    if after:
        deltas[after] = deltas.get(after, 0) + 1
    bump(session, row.service_id, CountedPlace.of(row), deltas)
