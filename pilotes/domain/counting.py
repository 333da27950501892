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

from pilotes.infra.sql import dialect_insert
from pilotes.models import (
    COUNTER_SLOTS,
    DEMAND_ACCOMPANIED,
    DEMAND_CONFIRMED,
    DEMAND_FLAGGED,
    DEMAND_UNCONFIRMED,
    VOLUNTEERS,
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


def week_start(moment: datetime | date) -> date:
    """The Monday of the ISO week of ``moment`` in Europe/Paris (a naive datetime is UTC)."""
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        day = aware.astimezone(PARIS).date()
    else:
        day = moment
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class CountedPlace:
    """Where a counted row belongs, at every level, and the week it was made."""

    region_code: str
    departement_code: str
    commune_code: str
    week: date

    @classmethod
    def of(cls, row) -> "CountedPlace":
        """The place of a demand or a volunteer (anything with PlaceMixin columns)."""
        return cls(
            row.region_code, row.departement_code, row.commune_code, week_start(row.created_at)
        )

    def territory_keys(self) -> list[tuple[str, str]]:
        return [
            ("region", self.region_code),
            ("departement", self.departement_code),
            ("commune", self.commune_code),
        ]


def bump(session: Session, service_id: int, place: CountedPlace, deltas: dict[str, int]) -> None:
    """Add ``deltas`` ({metric: +n or -n}) to the counters of ``place``; no commit."""
    slot = random.randrange(COUNTER_SLOTS)
    territory_rows = [
        {
            "service_id": service_id,
            "level": level,
            "code": code,
            "metric": metric,
            "slot": slot,
            "n": delta,
        }
        for level, code in place.territory_keys()
        for metric, delta in deltas.items()
        if delta
    ]
    weekly_rows = [
        {
            "service_id": service_id,
            "departement_code": place.departement_code,
            "week": place.week,
            "metric": metric,
            "slot": slot,
            "n": delta,
        }
        for metric, delta in deltas.items()
        if delta
    ]
    dialect = session.get_bind().dialect.name
    connection = session.connection()  # Core: counters depend on no pending ORM change
    for table, rows in (
        (TerritoryCount.__table__, territory_rows),
        (WeeklyCount.__table__, weekly_rows),
    ):
        if rows:
            connection.execute(_increment(dialect, table.name), rows)


@lru_cache
def _increment(dialect: str, table_name: str):
    """INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n, built once (a hot path)."""
    table = {t.name: t for t in (TerritoryCount.__table__, WeeklyCount.__table__)}[table_name]
    statement = dialect_insert(dialect, table)
    return statement.on_conflict_do_update(
        index_elements=[column.name for column in table.primary_key.columns],
        set_={"n": table.c.n + statement.excluded.n},
    )


# ---------------------------------------------------------------------------- recount


def _volunteer_metric(row) -> str | None:
    return VOLUNTEERS if row.confirmed_at is not None else None


# What is counted: each kind of row, the columns its metric depends on, and the metric.
COUNTED = (
    (Demand, ("confirmed_at", "flagged_at", "invalidated_at", "accompanied"), demand_metric),
    (Volunteer, ("confirmed_at",), _volunteer_metric),
)


def _expected_counts(session: Session, service_id: int):
    """The counters as they should be, computed from the raw rows."""
    territory: dict[tuple, int] = defaultdict(int)
    weekly: dict[tuple, int] = defaultdict(int)
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
            place = CountedPlace(
                row.region_code, row.departement_code, row.commune_code, week_start(row.created_at)
            )
            for level, code in place.territory_keys():
                territory[(level, code, metric)] += 1
            weekly[(row.departement_code, place.week, metric)] += 1
    return territory, weekly


def _summed(session: Session, service_id: int, model, *columns) -> dict[tuple, int]:
    """{columns: n} of a counter table, its slots added up; rows summing to 0 left out."""
    query = (
        select(*columns, func.sum(model.n)).where(model.service_id == service_id).group_by(*columns)
    )
    return {tuple(row[:-1]): int(row[-1]) for row in session.execute(query) if row[-1]}


def _stored_counts(session: Session, service_id: int):
    territory = _summed(
        session,
        service_id,
        TerritoryCount,
        TerritoryCount.level,
        TerritoryCount.code,
        TerritoryCount.metric,
    )
    weekly = _summed(
        session,
        service_id,
        WeeklyCount,
        WeeklyCount.departement_code,
        WeeklyCount.week,
        WeeklyCount.metric,
    )
    return territory, weekly


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
        for key in sorted(set(stored) | set(expected), key=str)
        if stored.get(key, 0) != expected.get(key, 0)
    ]


def recount(session: Session, service_id: int, fix: bool = True) -> list[Drift]:
    """Compare every counter with the raw rows; rewrite them when ``fix``."""
    expected_territory, expected_weekly = _expected_counts(session, service_id)
    stored_territory, stored_weekly = _stored_counts(session, service_id)
    drift = _drift(stored_territory, expected_territory) + _drift(stored_weekly, expected_weekly)
    if fix and drift:
        session.execute(delete(TerritoryCount).where(TerritoryCount.service_id == service_id))
        session.execute(delete(WeeklyCount).where(WeeklyCount.service_id == service_id))
        territory_rows = [
            {
                "service_id": service_id,
                "level": level,
                "code": code,
                "metric": metric,
                "slot": 0,
                "n": n,
            }
            for (level, code, metric), n in expected_territory.items()
        ]
        weekly_rows = [
            {
                "service_id": service_id,
                "departement_code": departement,
                "week": week,
                "metric": metric,
                "slot": 0,
                "n": n,
            }
            for (departement, week, metric), n in expected_weekly.items()
        ]
        for table, rows in (
            (TerritoryCount.__table__, territory_rows),
            (WeeklyCount.__table__, weekly_rows),
        ):
            if rows:
                session.execute(table.insert(), rows)
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
