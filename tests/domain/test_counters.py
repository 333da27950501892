"""The counters' write half, rule by rule: which counter a row is in, moves, recount's reach."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

from sqlalchemy import func, select, update

from pilotes.domain.counting import demand_metric, move, paris_day, recount, week_start
from pilotes.infra.extensions import db
from pilotes.models import (
    DEMAND_ACCOMPANIED,
    DEMAND_CONFIRMED,
    DEMAND_FLAGGED,
    DEMAND_UNCONFIRMED,
    TerritoryCount,
    WeeklyCount,
)
from pilotes.reports.totals import territory_totals, weekly_totals
from tests.factories import add_volunteer, make_demand, make_service

NOW = datetime(2026, 11, 20, 12, 0)


def _demand(**moments):
    return SimpleNamespace(
        **{
            "invalidated_at": None,
            "flagged_at": None,
            "confirmed_at": None,
            "accompanied": False,
            **moments,
        }
    )


def test_a_demand_counts_under_one_metric_and_an_invalidated_one_under_none():
    assert demand_metric(_demand()) == DEMAND_UNCONFIRMED
    assert demand_metric(_demand(confirmed_at=NOW)) == DEMAND_CONFIRMED
    assert demand_metric(_demand(flagged_at=NOW, confirmed_at=NOW)) == DEMAND_FLAGGED
    assert demand_metric(_demand(accompanied=True)) == DEMAND_ACCOMPANIED
    assert demand_metric(_demand(accompanied=True, flagged_at=NOW)) == DEMAND_FLAGGED
    assert demand_metric(_demand(invalidated_at=NOW, flagged_at=NOW)) is None
    assert demand_metric(_demand(invalidated_at=NOW, confirmed_at=NOW)) is None


def test_a_day_belongs_to_the_week_of_its_monday():
    assert week_start(date(2026, 11, 25)) == date(2026, 11, 23)
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)
    assert week_start(date(2026, 11, 22)) == date(2026, 11, 16)  # a Sunday


def test_moving_a_demand_moves_one_count_at_every_level_and_week(app):
    service = make_service()
    demand = make_demand(service, "35000").row
    week = week_start(demand.created_at)
    move(db.session, demand, DEMAND_UNCONFIRMED, DEMAND_FLAGGED)
    move(db.session, demand, DEMAND_FLAGGED, DEMAND_FLAGGED)  # no change: nothing moves
    for level, code in (("region", "53"), ("departement", "35"), ("commune", "35238")):
        assert territory_totals(db.session, service.id, level) == {
            code: {DEMAND_FLAGGED: 1}  # a sum of zero is no count
        }
    assert weekly_totals(db.session, service.id) == {
        week: {DEMAND_UNCONFIRMED: 0, DEMAND_FLAGGED: 1}
    }
    move(db.session, demand, DEMAND_FLAGGED, None)  # invalidated: out of every count
    assert territory_totals(db.session, service.id, "departement") == {}
    assert weekly_totals(db.session, service.id)[week][DEMAND_FLAGGED] == 0


def test_recount_counts_confirmed_volunteers_only_and_repairs_weeks_too(app):
    service = make_service()
    add_volunteer(service, email="v1@exemple.fr")
    add_volunteer(service, email="v2@exemple.fr")
    add_volunteer(service, email="v3@exemple.fr", confirmed=False)
    make_demand(service, "35000")
    drift = recount(db.session, service.id)  # volunteers added as stored: not counted yet
    assert [str(d) for d in drift] == [
        "commune 35238 volunteers: 0 comptés, 2 attendus",
        "departement 35 volunteers: 0 comptés, 2 attendus",
        "region 53 volunteers: 0 comptés, 2 attendus",
        f"35 {week_start(NOW.today())} volunteers: 0 comptés, 2 attendus",
        f"35 {paris_day(datetime.now(UTC))} volunteers: 0 comptés, 2 attendus",  # its day
    ]
    assert territory_totals(db.session, service.id, "departement")["35"] == {
        DEMAND_UNCONFIRMED: 1,
        "volunteers": 2,
    }
    db.session.execute(update(WeeklyCount).values(n=WeeklyCount.n + 2))
    assert len(recount(db.session, service.id, fix=False)) == 2
    assert len(recount(db.session, service.id, fix=False)) == 2  # only looked
    assert len(recount(db.session, service.id)) == 2
    assert recount(db.session, service.id) == []


def test_recount_rewrites_only_its_own_services_counters(app):
    ours, theirs = make_service(), make_service(slug="autre", name="Autre")
    make_demand(ours, "35000")
    make_demand(theirs, "75011")
    make_demand(theirs, "75011")
    db.session.execute(update(TerritoryCount).values(n=TerritoryCount.n + 5))
    db.session.execute(update(WeeklyCount).values(n=WeeklyCount.n + 5))
    theirs_before = (
        territory_totals(db.session, theirs.id, "departement"),
        weekly_totals(db.session, theirs.id),
    )
    assert len(recount(db.session, ours.id)) == 4
    assert recount(db.session, ours.id) == []
    assert territory_totals(db.session, ours.id, "departement") == {"35": {DEMAND_UNCONFIRMED: 1}}
    # Their drift is theirs to repair: untouched by ours.
    assert (
        territory_totals(db.session, theirs.id, "departement"),
        weekly_totals(db.session, theirs.id),
    ) == theirs_before
    assert theirs_before[0]["75"][DEMAND_UNCONFIRMED] > 2
    rows = db.session.scalar(
        select(func.count()).select_from(TerritoryCount).where(TerritoryCount.service_id == ours.id)
    )
    assert rows == 3  # one row per level, slots gathered
