"""The schema is made by the migrations; the models must say the same thing."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData

from pilotes.infra.extensions import db


def _schema_diff(metadata):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_models_and_migrations_agree(app):
    assert _schema_diff(db.metadata) == []


def test_agreement_check_catches_a_column_added_without_migration(app):
    metadata = MetaData(naming_convention=db.metadata.naming_convention)
    for table in db.metadata.tables.values():
        table.to_metadata(metadata)
    metadata.tables["demands"].append_column(Column("added_without_migration", Integer))
    diff = _schema_diff(metadata)
    assert [(d[0], d[3].name) for d in diff] == [("add_column", "added_without_migration")]
