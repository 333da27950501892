"""A release a PaaS runs as is: health check, JSON logs with request ids, optional Sentry."""

import gzip
import json
import logging
from pathlib import Path

import brotli
import pytest
import sentry_sdk

from bench.loadclient import free_port
from pilotes import create_app
from pilotes.domain.accounts import get_or_create_user
from pilotes.infra.extensions import db
from tests.client_request import ClientRequest
from tests.http_server import HTTPServer, Reply
from tests.web.team.helpers import sign_in_link

ROOT = Path(__file__).resolve().parents[2]


def test_procfile_runs_web_worker_and_migrations_with_the_gunicorn_settings():
    processes = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert set(processes) == {"web", "worker", "postdeploy"}
    assert "gunicorn --config gunicorn.conf.py" in processes["web"]
    assert "send-mail --loop" in processes["worker"]
    assert "db upgrade" in processes["postdeploy"]
    settings = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), settings)
    assert settings["accesslog"] is None  # the app's own access line has no tokens


def test_healthz_says_ok_when_the_database_answers(client_request):
    response = client_request.response("healthz")
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@127.0.0.1:{port}/nowhere",  # a server that is down
        "sqlite:////nonexistent-directory/pilotes.sqlite3",  # a disk that is not there
    ],
    ids=["server-down", "no-disk"],
)
def test_healthz_answers_503_when_the_database_is_down(url):
    url = url.format(port=free_port())
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    response = ClientRequest.browser(app).response("healthz", 503)
    assert response.json == {"status": "error", "database": "unreachable"}
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def json_app(app, capsys):
    """An app logging JSON lines to the (captured) standard error, as in production."""
    app = create_app(
        "test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], LOG_FORMAT="json"
    )
    yield app  # tests/conftest.py takes the handler away
    with app.app_context():
        db.engine.dispose()


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]


def test_json_logs_carry_the_request_id_and_no_token_nor_address(json_app, capsys):
    get_or_create_user(db.session, "agent@exemple.gouv.fr")
    db.session.commit()
    path = sign_in_link("agent@exemple.gouv.fr")
    browser = ClientRequest.browser(json_app)
    page = browser.get_url(path, _headers={"X-Request-ID": "req-from-the-router-1"})
    assert page.response.headers["X-Request-ID"] == "req-from-the-router-1"
    browser.post("team.sign_in", {"email": "agent@exemple.gouv.fr"}, 200)
    with json_app.test_request_context("/"):
        json_app.preprocess_request()
        logging.getLogger("pilotes.test").warning("refused %s", "agent@exemple.gouv.fr")
    output = capsys.readouterr().err
    lines = [json.loads(line) for line in output.splitlines() if line]
    access = [line for line in lines if line["logger"] == "pilotes.access"]
    assert access[0]["request_id"] == "req-from-the-router-1"
    assert access[0]["route"] == "/equipe/connexion/lien/<token>"
    assert access[0]["status"] == 200
    assert access[1]["request_id"] not in ("", None, "req-from-the-router-1")
    assert lines[-1]["message"] == "refused [adresse masquée]"
    token = path.rsplit("/", 1)[1]
    assert token not in output
    assert "agent@exemple.gouv.fr" not in output
    assert "127.0.0.1" not in output


def test_a_request_id_that_is_not_one_is_replaced(json_app, capsys):
    browser = ClientRequest.browser(json_app)
    response = browser.response("healthz", _headers={"X-Request-ID": "<script>"})
    assert response.headers["X-Request-ID"] != "<script>"
    assert len(response.headers["X-Request-ID"]) == 32
    assert _lines(capsys)[-1]["request_id"] == response.headers["X-Request-ID"]


@pytest.fixture
def sentry_receiver():
    """A recording HTTP server that takes Sentry envelopes, as sentry.io's ingest does."""
    with HTTPServer(lambda request: Reply(200, {"id": "0" * 32})) as server:
        yield server
    sentry_sdk.init()  # back to no client: the next tests report nothing


def _events(server) -> list[dict]:
    events = []
    for request in server.requests:
        body = request.body
        encoding = request.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        items = [json.loads(line) for line in body.splitlines() if line.startswith(b"{")]
        events += [item for item in items if "exception" in item]
    return events


def _failing_app(migrated_database, dsn):
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=migrated_database,
        SENTRY_DSN=dsn,
        PROPAGATE_EXCEPTIONS=False,
        WTF_CSRF_ENABLED=False,
    )

    @app.post("/boom")
    def boom():
        raise RuntimeError("could not handle usager@exemple.fr")

    return app


def test_sentry_reports_an_error_without_personal_data(migrated_database, sentry_receiver):
    app = _failing_app(migrated_database, f"http://publickey@127.0.0.1:{sentry_receiver.port}/1")
    browser = ClientRequest.browser(app)
    browser.client.set_cookie("session", "secret-session-cookie")
    # Raw: a cookie, a query string and fields that carry personal data, as they came.
    response = browser.raw_post(
        "/boom?email=usager@exemple.fr",
        data={"email": "usager@exemple.fr", "phone": "0122334455"},
        headers={"X-Request-ID": "req-sentry-test-1"},
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    events = _events(sentry_receiver)
    assert len(events) == 1
    event = events[0]
    assert event["exception"]["values"][0]["type"] == "RuntimeError"
    assert event["request"] == {"method": "POST", "url": "/boom"}
    assert event["tags"]["request_id"] == "req-sentry-test-1"
    raw = json.dumps(event)
    for secret in ("usager@exemple.fr", "0122334455", "secret-session-cookie"):
        assert secret not in raw


def test_a_sentry_that_is_down_changes_nothing_for_the_user(migrated_database):
    app = _failing_app(migrated_database, f"http://publickey@127.0.0.1:{free_port()}/1")
    response = ClientRequest.browser(app).response("boom", 500, _method="POST")
    assert "Erreur inattendue" in response.get_data(as_text=True)
    sentry_sdk.flush(timeout=2)
    sentry_sdk.init()


def test_without_a_dsn_nothing_is_reported(app):
    from pilotes.infra.sentry import init_sentry

    assert init_sentry(app) is False
    assert sentry_sdk.get_client().transport is None
