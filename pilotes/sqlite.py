"""SQLite as a real transactional store: WAL, waits for locks, and real transactions.

pysqlite starts transactions on its own and late, which makes SAVEPOINT commit early
and lets a read-then-write transaction fail with "database is locked" when another
writer got in between. So SQLAlchemy emits BEGIN itself: BEGIN IMMEDIATE (take the write
lock up front, waiting up to busy_timeout) for anything that may write, and a plain
BEGIN for read-only requests (GET and HEAD), which under WAL never wait.
A GET view that writes (an email link) is marked with ``@writes``.
"""

from functools import wraps

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def writes(view):
    """Mark a GET view that writes, so its transaction takes the write lock up front."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.db_writes = True
        return view(*args, **kwargs)

    return wrapper


def _read_only() -> bool:
    return (
        has_request_context()
        and request.method in READ_ONLY_METHODS
        and not g.get("db_writes", False)
    )


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
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


@event.listens_for(Engine, "begin")
def _on_begin(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN" if _read_only() else "BEGIN IMMEDIATE")
