"""Counters equal a recount from the raw rows; recount shows and repairs drift."""

import threading

from sqlalchemy import select, update

from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.models import Demand, Service, TerritoryCount
from pilotes.reports.totals import territory_totals, weekly_totals
from tests.factories import confirm_everything, make_demand, make_service


def test_counts_by_level_match_the_demands(app):
    service = make_service()
    make_demand(service, "35000", email="a@exemple.fr")
    make_demand(service, "35000")
    make_demand(service, "75011", email="b@exemple.fr")
    make_demand(service, "20000")
    confirm_everything()
    assert territory_totals(db.session, service.id, "departement") == {
        "35": {"demand_confirmed": 1, "demand_unconfirmed": 1},
        "75": {"demand_confirmed": 1},
        "2A": {"demand_unconfirmed": 1},
    }
    assert territory_totals(db.session, service.id, "region") == {
        "53": {"demand_confirmed": 1, "demand_unconfirmed": 1},
        "11": {"demand_confirmed": 1},
        "94": {"demand_unconfirmed": 1},
    }
    assert territory_totals(db.session, service.id, "commune")["75056"] == {"demand_confirmed": 1}
    (week,) = weekly_totals(db.session, service.id).values()
    assert week == {"demand_confirmed": 2, "demand_unconfirmed": 2}
    assert recount(db.session, service.id) == []


def test_recount_reports_and_repairs_drift(app, runner):
    service = make_service()
    make_demand(service, "35000")
    db.session.execute(update(TerritoryCount).values(n=TerritoryCount.n + 5))
    db.session.commit()
    result = runner.invoke(args=["pilotes", "recount", "mon-service", "--check-only"])
    assert result.exit_code == 1 and "3 écart(s)" in result.output
    assert "departement 35 demand_unconfirmed: 6 comptés, 1 attendus" in result.output
    result = runner.invoke(args=["pilotes", "recount"])
    assert result.exit_code == 0 and "3 écart(s)" in result.output
    result = runner.invoke(args=["pilotes", "recount", "mon-service", "--check-only"])
    assert result.exit_code == 0 and "0 écart(s)" in result.output


def test_no_drift_after_concurrent_signups_and_confirmations(app):
    service = make_service()
    service_id = service.id
    db.session.close()
    errors = []

    def worker(n):
        with app.app_context():
            try:
                service = db.session.get(Service, service_id)
                for i in range(10):
                    email = f"p{n}-{i}@exemple.fr" if i % 2 else None
                    make_demand(service, "35000" if i % 3 else "69001", email=email)
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    confirm_everything()
    assert len(db.session.scalars(select(Demand)).all()) == 40
    assert recount(db.session, service_id, fix=False) == []
