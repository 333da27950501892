"""Hot statements run straight on the driver write and fail as SQLAlchemy would."""

from datetime import timedelta

import pytest
from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError

from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.infra.sql import run_on_driver, with_defaults
from pilotes.models import OutboxMessage, SpentFormToken, utcnow

OUTBOX = OutboxMessage.__table__


def test_values_go_through_the_columns_conversions(app):
    due = utcnow() + timedelta(hours=2)
    row = {
        "kind": "demand_confirm",
        "to_address": "jeanne@exemple.fr",
        "subject": "Confirmez",
        "context": {"service": {"name": "Mon service", "slug": "mon-service"}},
        "signup": ["demand", 7],
        "next_attempt_at": due,
    }
    with unit_of_work():
        (new_id,) = run_on_driver(
            db.session, insert(OUTBOX).returning(OUTBOX.c.id), with_defaults(OUTBOX, row)
        )
    message = db.session.get(OutboxMessage, new_id)
    assert message.context == row["context"] and message.signup == ["demand", 7]
    assert message.headers == {} and message.attempts == 0
    assert message.next_attempt_at == due  # a UTC datetime, back as one


def test_many_rows_and_a_statements_own_values(app):
    tokens = SpentFormToken.__table__
    rows = [{"nonce": f"n{i}", "spent_at": utcnow()} for i in range(3)]
    count = select(tokens.c.nonce).where(tokens.c.nonce > bindparam("after")).limit(2).subquery()
    with unit_of_work():
        assert run_on_driver(db.session, insert(tokens), rows) is None
        assert run_on_driver(
            db.session, select(func.count()).select_from(count), {"after": ""}
        ) == (2,)


def test_a_driver_error_comes_out_as_sqlalchemys_and_undoes_the_unit(app):
    tokens = SpentFormToken.__table__
    row = {"nonce": "deux-fois", "spent_at": utcnow()}
    with pytest.raises(IntegrityError), unit_of_work():
        run_on_driver(db.session, insert(tokens), row)
        run_on_driver(db.session, insert(tokens), row)
    assert db.session.scalars(select(tokens.c.nonce)).all() == []


def test_an_insert_missing_a_default_is_refused_not_left_null(app):
    row = {"kind": "k", "to_address": "a@exemple.fr", "subject": "s"}  # no created_at, …
    with pytest.raises(ValueError, match="every value"), unit_of_work():
        run_on_driver(db.session, insert(OUTBOX), row)
