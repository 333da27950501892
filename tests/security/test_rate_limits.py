"""Rate limits on every POST, in memory by default and in Redis as in production."""

import uuid

import redis

from pilotes import create_app
from tests.client_request import ClientRequest
from tests.factories import make_service
from tests.needs import missing

REDIS_URL = "redis://127.0.0.1:6379/0"


def limited_client(database_url, **config):
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        POST_RATE_LIMIT="3 per minute",
        **config,
    )
    return ClientRequest.browser(app)


def post_demands(browser, statuses: list[int]) -> None:
    """One demand sent (as a form, with its token) per status, each answered with it."""
    for status in statuses:
        demand = {"code_postal": "35000", "commune": "35238"}
        browser.post("public.demand_submit", demand, status, slug="mon-service")


def test_public_posts_are_limited_per_client(app, migrated_database):
    make_service()
    post_demands(limited_client(migrated_database), [303, 303, 303, 429, 429])


def _redis_or_skip():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        missing("no Redis on 127.0.0.1:6379 (CI and the project's machines have one)")
    return client


def test_limits_are_shared_through_redis(app, migrated_database):
    store = _redis_or_skip()
    prefix = f"pilotes-test-{uuid.uuid4().hex}"
    make_service()
    config = {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix}
    try:
        # Two app instances (two servers) share one budget through Redis.
        first, second = (limited_client(migrated_database, **config) for _ in range(2))
        post_demands(first, [303, 303])
        post_demands(second, [303, 429])
        assert list(store.scan_iter(f"*{prefix}*"))
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
