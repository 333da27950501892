"""Load and faults against a real gunicorn: nothing acknowledged is ever lost.

Bounded in size and time, on loopback only.
"""

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import create_engine, func, select, text

from bench.loadclient import Server, run
from config import normalize_database_url
from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.models import Demand, OutboxMessage
from tests.factories import make_service

TOTAL, CLIENTS = 5000, 32


def stored_emails() -> Counter:
    db.session.rollback()
    return Counter(db.session.scalars(select(Demand.email)))


@pytest.mark.slow
def test_5000_demands_from_32_clients_are_all_stored_once(app, migrated_database):
    service_id = make_service(slug="charge").id
    db.session.commit()  # end the read of the id: on SQLite it would hold the write lock
    server = Server(migrated_database)
    try:
        results = run(server.base, "charge", TOTAL, CLIENTS)
    finally:
        server.stop()
    assert results.errors == []
    assert dict(results.statuses) == {303: TOTAL}
    stored = stored_emails()
    assert len(stored) == TOTAL and set(stored.values()) == {1}
    assert set(stored) == set(results.acknowledged)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == TOTAL
    assert recount(db.session, service_id, fix=False) == []


@pytest.mark.postgresql
def test_the_app_recovers_from_killed_postgresql_connections(app, migrated_database):
    service_id = make_service(slug="panne").id
    db.session.commit()  # end the read of the id: on SQLite it would hold the write lock
    admin = create_engine(normalize_database_url(migrated_database), isolation_level="AUTOCOMMIT")
    server = Server(migrated_database)
    killed = []

    def kill_connections():
        for _ in range(3):
            time.sleep(1.5)
            with admin.connect() as connection:
                killed.append(
                    connection.execute(
                        text(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                    ).scalar()
                )

    killer = threading.Thread(target=kill_connections)
    try:
        killer.start()
        during = run(server.base, "panne", 2000, 16, prefix="pendant")
        killer.join()
        after = run(server.base, "panne", 200, 8, prefix="apres")
    finally:
        server.stop()
        admin.dispose()
    assert sum(killed) > 0
    assert set(during.statuses) <= {303, 503}, during.statuses  # never a 500
    assert dict(after.statuses) == {303: 200}  # recovered by itself
    db.session().invalidate()  # this test's own connection was killed too
    stored = stored_emails()
    assert set(stored.values()) == {1}
    acknowledged = set(during.acknowledged) | set(after.acknowledged)
    assert acknowledged <= set(stored)  # nothing acknowledged is lost
    assert recount(db.session, service_id, fix=False) == []
