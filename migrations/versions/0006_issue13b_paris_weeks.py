"""weekly counters bucketed by ISO week in Europe/Paris, rebuilt from the raw rows

Weekly counters used to be keyed by the UTC date, so a demand made on Monday 00:30 in
Paris counted in the week before. This rebuilds every weekly counter from the demands
and volunteers themselves, with the week taken in Europe/Paris. The code is copied here
on purpose: a migration must keep doing what it did when the application changes.

Revision ID: 0006_issue13b_paris_weeks
Revises: 0006_issue18_integrations
Create Date: 2026-11-24 22:00:00

"""

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0006_issue13b_paris_weeks"
down_revision = "0006_issue18_integrations"
branch_labels = None
depends_on = None

PARIS = ZoneInfo("Europe/Paris")


def _moment(value) -> datetime:
    """A created_at as stored (SQLite gives text or naive UTC; PostgreSQL aware)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _week(value, zone):
    day = _moment(value).astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def _demand_metric(confirmed_at, flagged_at, invalidated_at):
    if invalidated_at is not None:
        return None
    if flagged_at is not None:
        return "demand_flagged"
    return "demand_confirmed" if confirmed_at is not None else "demand_unconfirmed"


def _rebuild(zone) -> None:
    """Every weekly counter, recomputed from the raw rows with weeks taken in ``zone``."""
    connection = op.get_bind()
    counts: dict[tuple, int] = defaultdict(int)
    demands = connection.execute(
        sa.text(
            "SELECT service_id, departement_code, created_at, confirmed_at, flagged_at, "
            "invalidated_at FROM demands"
        )
    )
    for service_id, departement, created_at, confirmed, flagged, invalidated in demands:
        metric = _demand_metric(confirmed, flagged, invalidated)
        if metric:
            counts[(service_id, departement, _week(created_at, zone), metric)] += 1
    volunteers = connection.execute(
        sa.text(
            "SELECT service_id, departement_code, created_at FROM volunteers "
            "WHERE confirmed_at IS NOT NULL"
        )
    )
    for service_id, departement, created_at in volunteers:
        counts[(service_id, departement, _week(created_at, zone), "volunteers")] += 1
    weekly = sa.table(
        "weekly_counts",
        sa.column("service_id", sa.Integer),
        sa.column("departement_code", sa.String),
        sa.column("week", sa.Date),
        sa.column("metric", sa.String),
        sa.column("slot", sa.SmallInteger),
        sa.column("n", sa.Integer),
    )
    connection.execute(weekly.delete())
    rows = [
        {
            "service_id": service_id,
            "departement_code": departement,
            "week": week,
            "metric": metric,
            "slot": 0,
            "n": n,
        }
        for (service_id, departement, week, metric), n in counts.items()
    ]
    if rows:
        connection.execute(weekly.insert(), rows)


def upgrade():
    _rebuild(PARIS)


def downgrade():
    _rebuild(UTC)
