"""Weeks are ISO weeks in Europe/Paris, in the counters and in recount alike."""

import time
from datetime import UTC, date, datetime

import flask_migrate
import pytest
from sqlalchemy import select, text, update

from pilotes.domain.counting import PARIS, recount, week_start
from pilotes.infra.extensions import db
from pilotes.models import Demand, WeeklyCount
from pilotes.reports.totals import weekly_totals
from tests.factories import confirm_everything, make_demand, make_service
from tests.old_schema import database_at, insert_demand, insert_service


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "monday"),
    [
        # Monday 00:30 in Paris, winter (UTC+1) and summer (UTC+2): that Monday's week.
        (utc(2026, 1, 11, 23, 30), date(2026, 1, 12)),
        (utc(2026, 7, 12, 22, 30), date(2026, 7, 13)),
        # Sunday 23:30 in Paris, summer: still the week before.
        (utc(2026, 7, 12, 21, 30), date(2026, 7, 6)),
        # The nights the clocks change (last Sundays of March and October 2026).
        (utc(2026, 3, 29, 0, 59), date(2026, 3, 23)),  # 01:59 CET, Sunday
        (utc(2026, 3, 29, 1, 0), date(2026, 3, 23)),  # 03:00 CEST, Sunday
        (utc(2026, 3, 29, 22, 0), date(2026, 3, 30)),  # Monday 00:00 CEST
        (utc(2026, 10, 25, 0, 30), date(2026, 10, 19)),  # 02:30 CEST, Sunday
        (utc(2026, 10, 25, 1, 30), date(2026, 10, 19)),  # 02:30 CET, the hour again
        (utc(2026, 10, 25, 22, 59), date(2026, 10, 19)),  # Sunday 23:59 CET
        (utc(2026, 10, 25, 23, 0), date(2026, 10, 26)),  # Monday 00:00 CET
        # New Year: ISO week 1 of 2027 starts on Monday 4 January.
        (utc(2027, 1, 3, 23, 30), date(2027, 1, 4)),
    ],
)
def test_week_is_the_iso_week_in_paris(moment, monday):
    assert week_start(moment) == monday
    assert week_start(moment).weekday() == 0


def test_a_naive_moment_is_utc_and_an_aware_one_keeps_its_offset_whatever_the_servers_zone(
    monkeypatch,
):
    monkeypatch.setenv("TZ", "Pacific/Auckland")  # a server not set to UTC
    time.tzset()
    try:
        assert week_start(datetime(2026, 1, 11, 23, 30)) == date(2026, 1, 12)  # UTC: Monday
        assert week_start(datetime(2026, 1, 11, 23, 30, tzinfo=PARIS)) == date(2026, 1, 5)
    finally:
        monkeypatch.undo()
        time.tzset()


def _backdate(demand_id: int, moment: datetime) -> None:
    db.session.execute(update(Demand).where(Demand.id == demand_id).values(created_at=moment))
    db.session.commit()


def test_demand_on_monday_half_past_midnight_counts_in_that_monday_week(app):
    service = make_service()
    filed = make_demand(service, "35000", email="lundi@exemple.fr")
    _backdate(filed.row.id, utc(2026, 1, 11, 23, 30))  # Monday 12 January, 00:30 Paris
    assert recount(db.session, service.id)  # the counter of today's week moved back
    confirm_everything()  # the write path moves it from unconfirmed to confirmed
    db.session.commit()
    (week,) = weekly_totals(db.session, service.id).items()
    assert week == (date(2026, 1, 12), {"demand_confirmed": 1, "demand_unconfirmed": 0})
    assert recount(db.session, service.id, fix=False) == []


def test_recount_finds_a_row_bucketed_by_the_utc_date(app):
    service = make_service()
    filed = make_demand(service, "35000")
    _backdate(filed.row.id, utc(2026, 1, 11, 23, 30))
    recount(db.session, service.id)
    # As the old code stored it: the UTC date (Sunday 11) gives the week of Monday 5.
    db.session.execute(update(WeeklyCount).values(week=date(2026, 1, 5)))
    db.session.commit()
    drift = [str(d) for d in recount(db.session, service.id, fix=False)]
    assert drift == [  # in time order (the 5th before the 12th)
        "35 2026-01-05 demand_unconfirmed: 1 comptés, 0 attendus",
        "35 2026-01-12 demand_unconfirmed: 0 comptés, 1 attendus",
    ]


def test_migration_rebuckets_weekly_counters_from_the_raw_rows(tmp_path):
    """A database holding UTC-bucketed counters comes out of the migration in Paris weeks."""
    with database_at(tmp_path, "0005"):
        insert_service()
        insert_demand(1, "2026-01-11 23:30:00")
        insert_demand(2, "2026-01-11 22:30:00", confirmed_at="2026-01-12 08:00:00")
        for metric in ("demand_unconfirmed", "demand_confirmed"):
            db.session.execute(
                text("INSERT INTO weekly_counts VALUES (1, '35', '2026-01-05', :metric, 3, 1)"),
                {"metric": metric},
            )
        db.session.commit()
        flask_migrate.upgrade()
        rows = db.session.execute(
            select(WeeklyCount.week, WeeklyCount.metric, WeeklyCount.n).order_by(WeeklyCount.metric)
        ).all()
    # 23:30 UTC on Sunday is Monday in Paris; 22:30 UTC in winter is still Sunday 23:30.
    assert rows == [
        (date(2026, 1, 5), "demand_confirmed", 1),
        (date(2026, 1, 12), "demand_unconfirmed", 1),
    ]
