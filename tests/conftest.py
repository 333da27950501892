"""Fixtures: a real database built by the migrations (SQLite, or PostgreSQL with
TEST_DATABASE_URL), real territories, a real SMTP server on loopback."""

import functools
import hashlib
import logging
import os
import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import flask_migrate
import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from config import normalize_database_url
from pilotes import create_app
from pilotes.infra.extensions import db, mail
from pilotes.models import Commune, Departement, PostalCode, Region
from pilotes.territories.loader import data_dir, load, read_rows
from tests.client_request import ClientRequest
from tests.email_links import email_link as read_email_link
from tests.needs import required
from tests.request_client import RequestClient
from tests.smtp import SMTPServer

REFERENCE_TABLES = {t.__table__.name for t in (Region, Departement, Commune, PostalCode)}


def _postgres_database(base_url: str, worker: str):
    """A database of our own next to the one TEST_DATABASE_URL names, which stays untouched."""
    parts = urlsplit(base_url)
    # Two checkouts testing at once on one server must not drop each other's databases.
    checkout = hashlib.sha1(str(Path(__file__).resolve().parent).encode()).hexdigest()[:6]
    name = f"{parts.path.lstrip('/') or 'test'}_pilotes_{checkout}_{worker}".replace("-", "_")
    admin = create_engine(normalize_database_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalize_database_url(urlunsplit(parts._replace(path=f"/{name}")))
    return url, admin, name


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'pilotes.sqlite3'}"
        return
    url, admin, name = _postgres_database(base, worker_id)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def territory_rows():
    return read_rows(data_dir(create_app("test").config["NODE_MODULES_DIR"]))


@pytest.fixture(scope="session")
def migrated_database(database_url, request):
    """The schema made by the migrations, with the real territories loaded once.

    With PILOTES_TEST_DB_TEMPLATE (``make mutate``, which runs pytest once per mutant), a
    SQLite database is built once into that file and copied for every later session."""
    template = os.environ.get("PILOTES_TEST_DB_TEMPLATE")
    if template:  # one template per state of the migrations: a new one is never missed
        versions = sorted((Path(__file__).parents[1] / "migrations" / "versions").glob("*.py"))
        digest = hashlib.sha1(b"".join(v.read_bytes() for v in versions)).hexdigest()[:8]
        template = f"{template}.{digest}"
    path = database_url.removeprefix("sqlite:///") if template else None
    if path and database_url.startswith("sqlite:///") and Path(template).exists():
        _copy_sqlite(template, path)
        return database_url
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        flask_migrate.upgrade()
        load(db.session, request.getfixturevalue("territory_rows"))
        db.session.commit()
        db.engine.dispose()
    if path and database_url.startswith("sqlite:///"):
        _copy_sqlite(path, f"{template}.part")
        os.replace(f"{template}.part", template)
    return database_url


def _copy_sqlite(source: str, target: str) -> None:
    """A consistent copy through SQLite's backup API (a file copy could miss the WAL)."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


def _empty_signup_tables():
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(migrated_database):
    """The app, with an app context for the test's own code (factories, queries).

    Its requests never share that context: ``RequestClient`` runs each one in its own.
    """
    app = create_app("test", SQLALCHEMY_DATABASE_URI=migrated_database)
    with app.app_context():
        yield app
        db.session().invalidate()  # a test may have had its connections killed
        db.engine.dispose()
        _empty_signup_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on loopback that the app sends to; ``.messages`` holds what came."""
    server = SMTPServer()
    server.start()
    app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port)
    mail.init_app(app)  # Flask-Mail reads its settings when bound
    yield server
    server.stop()


@pytest.fixture
def client_request(app, client):
    """Pages by endpoint name, status asserted, checked, parsed (``tests/client_request.py``)."""
    return ClientRequest(app, client)


@pytest.fixture
def email_link(smtp_server, runner):
    """``email_link(to, kind)``: send the outbox, read the last ``kind`` link sent to ``to``."""
    return functools.partial(read_email_link, smtp_server, runner)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are left out on SQLite (not skipped: CI runs both databases)."""
    if os.environ.get("TEST_DATABASE_URL"):
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With PILOTES_REQUIRE_ALL=1 (CI) a skipped test is a failed one, whatever skipped it."""
    report = yield
    if required() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but CI requires every test to run: {report.longrepr}"
    return report


@pytest.fixture(autouse=True)
def _statements_built_afresh():
    """Each test builds the statements and keys the domain and infra cache per process, as
    if first: mutmut runs a mutant's tests in a fork of a process that ran the suite, where
    a statement cached before the fork would hide every mutant of what built it, and it runs
    for such a mutant only the tests it saw build that statement (the first one)."""
    for name, module in list(sys.modules.items()):
        if name.startswith(("pilotes.domain.", "pilotes.infra.")):
            for value in vars(module).values():
                if getattr(value, "__module__", None) == name and hasattr(value, "cache_clear"):
                    value.cache_clear()


@pytest.fixture(autouse=True)
def _requests_in_contexts_of_their_own(monkeypatch):
    """Every app a test makes serves each request in a context of its own, as a server does
    (``tests/request_client.py``): nothing a request leaves in ``g`` reaches the next one."""
    monkeypatch.setattr(Flask, "test_client_class", RequestClient)


@pytest.fixture(autouse=True)
def _logging_left_as_found():
    """An app built for production logs JSON to stderr from the root logger: undo it after."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "pilotes", False)]:
        root.removeHandler(handler)
        root.setLevel(logging.WARNING)
