"""A demand and its confirmation email are committed together, or not at all.

Watched from a second connection, as another process would see the database: before
every statement the application sends (so just after any commit it made) and at the
end, every demand with an address has its email in the outbox. The demand's statements
go straight to the driver (``run_on_driver``): on SQLite, the driver's own trace sees them.
"""

import sqlite3
from contextlib import contextmanager

from sqlalchemy import create_engine, event

from pilotes.infra.extensions import db
from tests.factories import make_service
from tests.pages import get_page, submit

FORM = "/services/mon-service/demande?code_postal=35000"
COMMITTED = (
    "SELECT (SELECT count(*) FROM demands WHERE email IS NOT NULL),"
    " (SELECT count(*) FROM outbox_messages WHERE kind = 'demand_confirm')"
)


@contextmanager
def watched_from_outside():
    """Yield the list of (statement, (demands with an address, confirmation emails))
    another connection saw committed before each statement the application sent."""
    outside = create_engine(db.engine.url)
    seen: list[tuple[str, tuple[int, int]]] = []
    traced = []

    def look(statement: str):
        raw = outside.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(COMMITTED)
            seen.append((statement, tuple(cursor.fetchone())))
            raw.rollback()
        finally:
            raw.close()

    def before_statement(connection, cursor, statement, *_):
        look(statement)

    def trace(dbapi_connection, *_):
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(look)
            traced.append(dbapi_connection)

    event.listen(db.engine, "before_cursor_execute", before_statement)
    event.listen(db.engine, "checkout", trace)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before_statement)
        event.remove(db.engine, "checkout", trace)
        for dbapi_connection in traced:
            dbapi_connection.set_trace_callback(None)
        look("(the end)")
        outside.dispose()


def test_a_demand_and_its_email_are_never_committed_apart(client):
    make_service()
    page = get_page(client, FORM)
    data = {"email": "jeanne@exemple.fr", "consent": "y"}
    with watched_from_outside() as seen:
        submit(client, page, data, FORM, selector="main form[method=post]", status=303)
    statements = [statement for statement, _ in seen]
    assert any("INSERT INTO demands" in statement for statement in statements), statements
    assert any("INSERT INTO outbox_messages" in statement for statement in statements)
    assert seen[-1][1] == (1, 1)
    assert all(demands == emails for _, (demands, emails) in seen), seen
