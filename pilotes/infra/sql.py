"""Small SQL helpers that read the same on SQLite and PostgreSQL."""

from sqlalchemy import Table, bindparam, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
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
