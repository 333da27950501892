"""``/healthz`` for the host's probe: 200 only when the database answers."""

import contextlib
import logging

from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from pilotes.infra.extensions import db

log = logging.getLogger(__name__)
NO_STORE = {"Cache-Control": "no-store"}


def healthz():
    """A PaaS restarts, or stops routing to, a process that answers 503 here."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("health check: database unreachable (%s)", type(error).__name__)
        return {"status": "error", "database": "unreachable"}, 503, NO_STORE
    finally:
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
    return {"status": "ok", "database": "ok"}, 200, NO_STORE


def register(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", healthz)
