"""A database left at an older revision with rows in it, to test what a migration does."""

from contextlib import contextmanager

import flask_migrate
from sqlalchemy import text

from pilotes import create_app
from pilotes.infra.extensions import db


@contextmanager
def database_at(tmp_path, revision: str):
    """An app context on a fresh SQLite database migrated up to ``revision``."""
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with app.app_context():
        flask_migrate.upgrade(revision=revision)
        try:
            yield
        finally:
            db.session.remove()
            db.engine.dispose()


def insert_service(service_id: int = 1) -> None:
    db.session.execute(
        text(
            "INSERT INTO services (id, slug, name, tagline, problem, description, phase, "
            "status, level, contact_email, retention_days, created_at) VALUES (:id, :slug, "
            "'S', '', '', '', 'beta', 'published', 'departement', 'a@b.fr', 365, '2026-01-01')"
        ),
        {"id": service_id, "slug": f"s{service_id}"},
    )


def insert_demand(demand_id: int, created: str, service_id: int = 1, **moments) -> None:
    """A demand in Rennes; ``moments`` sets confirmed_at, invalidated_at (stored text)."""
    db.session.execute(
        text(
            "INSERT INTO demands (id, service_id, postal_code, commune_code, departement_code, "
            "region_code, created_at, confirmed_at, invalidated_at, notify) VALUES (:id, "
            ":service, '35000', '35238', '35', '53', :created, :confirmed, :invalidated, 0)"
        ),
        {
            "id": demand_id,
            "service": service_id,
            "created": created,
            "confirmed": moments.get("confirmed_at"),
            "invalidated": moments.get("invalidated_at"),
        },
    )
