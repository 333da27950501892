"""Small SQL helpers that read the same on SQLite and PostgreSQL."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Table, bindparam, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Compiled
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


def upsert_insert(session: Session, table: Table):
    """An INSERT with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` for this database."""
    return dialect_insert(session.get_bind().dialect.name, table)


def dialect_insert(dialect: str, table: Table):
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"Pilotes runs on PostgreSQL or SQLite, not {dialect}.")


def insert_from_parameters(
    table: Table,
    columns: tuple[str, ...],
    count: int,
    prefix: str,
    *,
    source=None,
    where=None,
    expressions: dict | None = None,
):
    """PostgreSQL: ``INSERT INTO table (columns) SELECT …`` of ``count`` rows of bound
    parameters (named as ``parameters(prefix, rows)`` names them) or ``expressions``
    ({column: expression}), one for each row of ``source`` when given (so none when it is
    empty), and only if ``where`` holds. What lets writing CTEs chain inserts, each one
    only if the one before wrote its row."""
    expressions = expressions or {}

    def value(i: int, column: str):
        if column in expressions:
            return expressions[column]
        return bindparam(f"{prefix}{i}_{column}", type_=table.c[column].type)

    rows = []
    for i in range(count):
        row = select(*(value(i, column) for column in columns))
        if source is not None:
            row = row.select_from(source)
        if where is not None:
            row = row.where(where)
        rows.append(row)
    query = union_all(*rows) if count > 1 else rows[0]
    # Every column the rows hold is given: no default added for the others.
    return postgresql.insert(table).from_select(columns, query, include_defaults=False)


def parameters(prefix: str, rows: list[dict]) -> dict:
    """The values of ``rows`` as ``insert_from_parameters(…, prefix)`` binds them."""
    return {
        f"{prefix}{i}_{column}": value
        for i, row in enumerate(rows)
        for column, value in row.items()
    }


def column_default(column):
    """The value an INSERT gives ``column`` when it is not given (its Python default)."""
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def with_defaults(table: Table, row: dict) -> dict:
    """``row`` and the default of every other column that has one, as an INSERT … VALUES
    adds them (``insert_from_parameters`` adds none)."""
    defaults = {
        column.key: column_default(column)
        for column in table.columns
        if column.key not in row and column.default is not None
    }
    return row | defaults


# ---------------------------------------------------------------- hot statements


@dataclass(frozen=True)
class _DriverStatement:
    """A statement compiled once for a database: its SQL, and how to bind a row to it."""

    compiled: Compiled
    sql: str
    processors: dict[str, Callable]  # the column types' conversions (datetimes, JSON, …)

    def arguments(self, row: dict) -> tuple | dict:
        values = self.compiled.construct_params(row)  # and the statement's own (a LIMIT)
        for name, process in self.processors.items():
            values[name] = process(values[name])
        if self.compiled.positiontup is not None:  # SQLite: ?, in the statement's order
            return tuple(values[name] for name in self.compiled.positiontup)
        return values  # PostgreSQL: %(name)s


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
    return _DriverStatement(compiled, sql, processors)


def run_on_driver(session: Session, statement, rows: dict | list[dict]) -> tuple | None:
    """Run ``statement`` (built once, a hot path) in the session's transaction, straight on
    the database driver; its first row, or None. Every value must be given: an INSERT gets
    no default (``with_defaults``), and the answer no conversion (ids, counts, strings).

    SQLAlchemy's ``execute`` costs about 55 µs of CPU per statement on top of SQLite's 15
    (the cache key, the execution context, the result): a demand runs seven. It is
    compiled here once per database and shape instead; its values go through the
    columns' own conversions, and the driver's errors come out as SQLAlchemy's
    (``OperationalError`` and the others). Statement events do not fire for it.
    """
    connection = session.connection()
    dialect = connection.dialect
    many = isinstance(rows, list)
    prepared = _driver_statement(statement, dialect, tuple(rows[0] if many else rows))
    arguments = [prepared.arguments(row) for row in rows] if many else prepared.arguments(rows)
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


def _as_sqlalchemy_error(connection, error: Exception, sql: str, arguments) -> DBAPIError:
    """The driver's ``error`` as SQLAlchemy raises it (``OperationalError``, …), the
    connection invalidated if it was lost, as SQLAlchemy would: the pool forgets it."""
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, None)
    if lost:
        connection.invalidate(error)
    return DBAPIError.instance(
        sql, arguments, error, dialect.loaded_dbapi.Error, connection_invalidated=lost
    )
