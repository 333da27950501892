"""Two app servers and two senders on one PostgreSQL and one Redis, as in production:
one rate-limit budget, one cache generation, and every email sent exactly once."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.loadclient import STAMP, TOKEN, Client, Server
from pilotes import create_app
from pilotes.domain.services import create_service
from pilotes.infra.extensions import db
from pilotes.models import OutboxMessage
from tests.factories import make_demand
from tests.needs import missing

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET = "two-instances-secret-key-0123456789abcdef"


@pytest.fixture
def redis_prefix():
    """A key prefix of our own on the shared Redis, removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        missing(f"needs Redis at {REDIS_URL} (REDIS_URL): {error}")
    prefix = f"pilotes-test-{secrets.token_hex(4)}:"
    yield prefix
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)


@pytest.fixture
def production_env(app, redis_prefix):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL): SQLite is one machine's file")
    return {
        "PILOTES_ENV": "production",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": url,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": redis_prefix + "limits",
        "POST_RATE_LIMIT": "6 per minute",
        "CACHE_REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": redis_prefix,
        "PUBLIC_STATS_TTL": "60",
    }


def post_demand(server: Server, email: str) -> int:
    """Load the form (a fresh page: its tokens are single-use), send it; the status."""
    client = Client(server.base)
    _, page = client.request("GET", "/services/deux/demande?code_postal=35000")
    body = (
        f"csrf_token={TOKEN.search(page).group(1)}&t={STAMP.search(page).group(1)}"
        f"&code_postal=35000&commune=35238&consent=y&email={email}"
    )
    status, _ = client.request("POST", "/services/deux/demande", body)
    return status


def page_title(server: Server) -> str:
    _, page = Client(server.base).request("GET", "/services/deux")
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1)


@pytest.mark.postgresql
def test_two_servers_share_one_budget_and_one_cache_and_two_senders_send_once(
    app, production_env, smtp_server
):
    service = create_service(db.session, slug="deux", name="Deux", level="departement")
    service.status = "published"
    db.session.commit()
    servers = [
        Server("", workers=1, env=production_env, config="gunicorn.conf.py") for _ in range(2)
    ]
    try:
        statuses = [post_demand(servers[n % 2], f"p{n}@exemple.fr") for n in range(10)]
        # 6 per minute from this address, whichever server it reaches.
        assert sorted(statuses) == [303] * 6 + [429] * 4, statuses

        assert all("Deux" in page_title(server) for server in servers)  # both keep it
        shared = create_app(
            "test",
            SQLALCHEMY_DATABASE_URI=production_env["DATABASE_URL"],
            CACHE_TYPE="RedisCache",
            CACHE_REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=production_env["CACHE_KEY_PREFIX"],
        )
        with shared.app_context():
            renamed = db.session.get(type(service), service.id)
            renamed.name = "Deux, renommé"
            db.session.commit()
        assert all("Deux, renommé" in page_title(server) for server in servers)
    finally:
        for server in servers:
            server.stop()

    for n in range(40):  # more mail, so that the two senders meet
        make_demand(service, "35000", email=f"lot{n}@exemple.fr")
    env = {
        **os.environ,
        **production_env,
        "MAIL_SERVER": smtp_server.host,
        "MAIL_PORT": str(smtp_server.port),
    }
    senders = [
        subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "pilotes", "pilotes", "send-mail"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for sender in senders:
        _, errors = sender.communicate(timeout=120)
        assert sender.returncode == 0, errors.decode()
    received = sorted(message["To"] for message in smtp_server.messages)
    queued = db.session.scalars(select(OutboxMessage.to_address)).all()
    assert len(queued) >= 40 and received == sorted(queued)
