"""Counters kept up to date with every signup, so reading statistics never scans signups.

Each counter is split over ``COUNTER_SLOTS`` rows picked at random on write, so that
concurrent signups from one busy territory do not all wait on the same row lock.
A read sums the slots. ``pilotes.domain.counting.recount`` rebuilds them from raw rows.
"""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from pilotes.models.base import Base

COUNTER_SLOTS = 8

# The metrics counted (the ``metric`` column).
DEMAND_CONFIRMED = "demand_confirmed"
DEMAND_UNCONFIRMED = "demand_unconfirmed"
DEMAND_ACCOMPANIED = "demand_accompanied"  # recorded by a mediator, no email to confirm
DEMAND_FLAGGED = "demand_flagged"  # looks automated: out of the public counts
VOLUNTEERS = "volunteers"  # confirmed pilot volunteers


class _Counter:
    """The columns every counter shares: the service first, then the counter's own key
    (its place and period), then the metric, the slot and the count."""

    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id"), primary_key=True, sort_order=-1
    )
    metric: Mapped[str] = mapped_column(String(30), primary_key=True, sort_order=1)
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True, sort_order=1)
    n: Mapped[int] = mapped_column(Integer, default=0, sort_order=1)


class TerritoryCount(_Counter, Base):
    """All-time count of one metric for one territory (région, département, commune)."""

    __tablename__ = "territory_counts"

    level: Mapped[str] = mapped_column(String(12), primary_key=True)
    code: Mapped[str] = mapped_column(String(5), primary_key=True)


class WeeklyCount(_Counter, Base):
    """Count of one metric for one département over one ISO week (starting Monday)."""

    __tablename__ = "weekly_counts"

    departement_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)


class DailyCount(_Counter, Base):
    """Count of one metric for one département over one day (in Europe/Paris): the open
    data's daily series, read without scanning signups."""

    __tablename__ = "daily_counts"

    departement_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
