"""Small SQL helpers that read the same on SQLite and PostgreSQL."""

from sqlalchemy import Table
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
