"""SQLite as a real transactional store: WAL, waits for locks, and real transactions.

pysqlite starts transactions on its own and late, which makes SAVEPOINT commit early
and lets a read-then-write transaction fail with "database is locked" when another
writer got in between. So SQLAlchemy emits BEGIN itself: BEGIN IMMEDIATE (take the write
lock up front, waiting up to busy_timeout) for anything that may write, and a plain
BEGIN when the caller's ``read_only`` says so (the web layer: GET and HEAD requests),
which under WAL never waits. ``install`` is called by ``create_app`` on the app's engines.

``unit_of_work`` is the one transaction boundary: domain functions never commit; the
edges (views, commands, the demo) run them inside one unit of work, which commits when
the block ends and rolls everything back when it raises.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from pilotes.infra.extensions import db


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


def _on_connect(dbapi_connection, connection_record):
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def install_on(engine: Engine, read_only: Callable[[], bool] = lambda: False) -> None:
    """Give ``engine`` the SQLite policy above (nothing changes on PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return

    def on_begin(connection):
        immediate = not read_only()
        connection.info["write_lock"] = immediate  # see ``write_aside``
        # Straight to the driver: one statement per request, no need for a cursor result.
        connection.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")

    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", on_begin)


def install(app: Flask, read_only: Callable[[], bool]) -> None:
    """Install the policy on every engine of ``app`` (``read_only``: may this BEGIN wait?)."""
    with app.app_context():
        for engine in db.engines.values():
            install_on(engine, read_only)


@contextmanager
def unit_of_work() -> Iterator:
    """One transaction on ``db.session``: commit at the end, roll back on any exception.

    Nested inside another unit of work it is a SAVEPOINT: a failure undoes only its own
    block (so a view may catch a domain error and still answer), success waits for the
    outer commit. Usable as a decorator too (``@unit_of_work()``).
    """
    session = db.session
    if session.info.get("unit_of_work"):
        with session.begin_nested():
            yield session
        return
    session.info["unit_of_work"] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop("unit_of_work", None)


def write_aside(session: Session, statements: list, then):
    """Run ``statements``, then the query ``then`` (its scalar returned), in a transaction
    of their own committed at once, beside the session's: a reader may store what it
    computed (the day's published figures) and read back what is stored.

    On SQLite a session that holds the write lock (BEGIN IMMEDIATE) would wait for itself:
    its own transaction runs them then, and commits them with the rest.
    """
    if session.connection().info.get("write_lock"):
        for statement in statements:
            session.execute(statement)
        return session.scalar(then)
    with session.get_bind().begin() as connection:
        for statement in statements:
            connection.execute(statement)
        return connection.scalar(then)
