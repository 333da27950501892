"""issue19c: daily counters (the open data's daily series), filled from the raw rows

Days are taken in Europe/Paris, as weeks are. The code that buckets the rows is copied
here on purpose: a migration must keep doing what it did when the application changes.

Revision ID: 0015_issue19c_daily_counts
Revises: 0014_issue19b_mediators
Create Date: 2026-11-25 01:30:00

"""

from collections import defaultdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0015_issue19c_daily_counts"
down_revision = "0014_issue19b_mediators"
branch_labels = None
depends_on = None

PARIS = ZoneInfo("Europe/Paris")


def _day(value):
    """A created_at as stored (SQLite gives text or naive UTC; PostgreSQL aware)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(PARIS).date()


def _demand_metric(confirmed_at, flagged_at, invalidated_at, accompanied):
    if invalidated_at is not None:
        return None
    if flagged_at is not None:
        return "demand_flagged"
    if accompanied:
        return "demand_accompanied"
    return "demand_confirmed" if confirmed_at is not None else "demand_unconfirmed"


def _fill() -> None:
    connection = op.get_bind()
    counts: dict[tuple, int] = defaultdict(int)
    demands = connection.execute(
        sa.text(
            "SELECT service_id, departement_code, created_at, confirmed_at, flagged_at, "
            "invalidated_at, accompanied FROM demands"
        )
    )
    for service_id, departement, created_at, confirmed, flagged, invalidated, helped in demands:
        metric = _demand_metric(confirmed, flagged, invalidated, helped)
        if metric:
            counts[(service_id, departement, _day(created_at), metric)] += 1
    volunteers = connection.execute(
        sa.text(
            "SELECT service_id, departement_code, created_at FROM volunteers "
            "WHERE confirmed_at IS NOT NULL"
        )
    )
    for service_id, departement, created_at in volunteers:
        counts[(service_id, departement, _day(created_at), "volunteers")] += 1
    daily = sa.table(
        "daily_counts",
        sa.column("service_id", sa.Integer),
        sa.column("departement_code", sa.String),
        sa.column("day", sa.Date),
        sa.column("metric", sa.String),
        sa.column("slot", sa.SmallInteger),
        sa.column("n", sa.Integer),
    )
    rows = [
        {
            "service_id": service_id,
            "departement_code": departement,
            "day": day,
            "metric": metric,
            "slot": 0,
            "n": n,
        }
        for (service_id, departement, day, metric), n in counts.items()
    ]
    if rows:
        connection.execute(daily.insert(), rows)


def upgrade():
    op.create_table(
        "daily_counts",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("departement_code", sa.String(length=3), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=30), nullable=False),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_daily_counts_service_id_services")
        ),
        sa.PrimaryKeyConstraint(
            "service_id", "departement_code", "day", "metric", "slot", name=op.f("pk_daily_counts")
        ),
    )
    _fill()


def downgrade():
    op.drop_table("daily_counts")
