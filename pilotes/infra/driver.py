"""Hot statements run straight on the database driver, in the session's transaction.

SQLAlchemy's ``execute`` costs about 55 µs of CPU per statement on top of SQLite's own 15
(the cache key, the execution context, the result): a demand on SQLite runs seven. Here a
statement is compiled once per database and shape; its values go through the columns' own
conversions (datetimes, JSON, booleans), and the driver's errors come out as SQLAlchemy's.

On PostgreSQL, psycopg parses ``%(name)s`` placeholders again on every execution of a
statement over 4,096 characters or 50 parameters: the demand's one statement has 67, and
parsing it cost 340 µs a demand. Numbered once here (``$1``, ``$2``, …), it goes to
psycopg's raw cursor, which parses nothing.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.engine import Compiled, Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

PYFORMAT = re.compile(r"%\((\w+)\)s|%%")


@dataclass(frozen=True)
class _DriverStatement:
    """A statement compiled once for a database: its SQL, and how to bind a row to it."""

    compiled: Compiled
    sql: str
    order: tuple[str, ...] | None  # the parameters' names, for positional placeholders
    processors: dict[str, Callable]  # the column types' conversions
    raw_cursor: bool  # psycopg: $1, $2, … on a RawCursor

    def arguments(self, row: dict) -> tuple | dict:
        values = self.compiled.construct_params(row)  # and the statement's own (a LIMIT)
        for name, process in self.processors.items():
            values[name] = process(values[name])
        if self.order is None:
            return values
        return tuple(values[name] for name in self.order)


def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with ``%(name)s`` as ``$1``, ``$2``, … (and ``%%`` as ``%``), and the
    names in that order: what psycopg does to each statement it is given."""
    names: dict[str, int] = {}

    def number(match: re.Match) -> str:
        if match.group(1) is None:
            return "%"
        return f"${names.setdefault(match.group(1), len(names) + 1)}"

    return PYFORMAT.sub(number, sql), tuple(names)


@lru_cache(maxsize=256)
def _driver_statement(statement, dialect, keys: tuple[str, ...]) -> _DriverStatement:
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    sql = str(compiled)
    # Defaults computed by SQLAlchemy at execution, or SQL rewritten then: not here.
    if compiled.insert_prefetch or "POSTCOMPILE" in sql or compiled.escaped_bind_names:
        raise ValueError(f"give run_on_driver every value, and no expanding IN: {sql}")
    processors = {}
    for name, bind in compiled.binds.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors[name] = process
    order = compiled.positiontup  # SQLite: ?, in the statement's order
    raw_cursor = dialect.driver == "psycopg"
    if raw_cursor:
        sql, order = _numbered(sql)
    return _DriverStatement(compiled, sql, order, processors, raw_cursor)


def run_on_driver(session: Session, statement, rows: dict | list[dict]) -> tuple | None:
    """Run ``statement`` (built once: a hot path) in the session's transaction, straight on
    the driver; its first row, or None. Every value must be given (an INSERT gets no
    default: ``with_defaults``), and the answer gets no conversion (ids, counts, strings).
    Statement events do not fire for it."""
    connection = session.connection()
    dialect = connection.dialect
    many = isinstance(rows, list)
    prepared = _driver_statement(statement, dialect, tuple(rows[0] if many else rows))
    arguments = [prepared.arguments(row) for row in rows] if many else prepared.arguments(rows)
    if prepared.raw_cursor:
        cursor = dialect.loaded_dbapi.RawCursor(connection.connection.dbapi_connection)
    else:
        cursor = connection.connection.cursor()
    try:
        if many:
            cursor.executemany(prepared.sql, arguments)
        else:
            cursor.execute(prepared.sql, arguments)
        return cursor.fetchone() if cursor.description else None
    except dialect.loaded_dbapi.Error as error:
        failure = error
    finally:
        cursor.close()
    raise _as_sqlalchemy_error(connection, failure, prepared.sql, arguments) from failure


def _as_sqlalchemy_error(
    connection: Connection, error: Exception, sql: str, arguments
) -> DBAPIError:
    """The driver's ``error`` as SQLAlchemy raises it (``OperationalError``, …), the
    connection invalidated if it was lost, as SQLAlchemy would: the pool forgets it."""
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, None)
    if lost:
        connection.invalidate(error)
    return DBAPIError.instance(
        sql, arguments, error, dialect.loaded_dbapi.Error, connection_invalidated=lost
    )
