"""What the public side keeps in memory, and when it is thrown away.

Per process (``local_cache``): published services, postal code lookups, published
figures and whole anonymous pages, each for at most ``PUBLIC_STATS_TTL`` seconds. A commit
that changes a service or one of its territories bumps a generation number kept in the
shared cache (Redis when ``CACHE_REDIS_URL`` is set): every key below carries it, so every
process stops using what it kept at once. Reference data (territories) changes only
through ``territories load``, which bumps the generation too.
"""

import math
from collections.abc import Callable

from flask import Flask, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from pilotes.infra.extensions import cache, local_cache

GENERATION = "generation"


def init_app(app: Flask) -> None:
    cache.init_app(app)
    ttl = math.ceil(app.config["PUBLIC_STATS_TTL"])
    local_cache.init_app(
        app,
        config={
            # A TTL of 0 (tests) keeps nothing: cachelib reads timeout 0 as "forever".
            "CACHE_TYPE": "SimpleCache" if ttl else "NullCache",
            "CACHE_DEFAULT_TIMEOUT": ttl,
            "CACHE_THRESHOLD": 20_000,
            "CACHE_NO_NULL_WARNING": True,
        },
    )


def generation() -> int:
    return cache.get(GENERATION) or 0


def bump() -> None:
    """Everything kept by any process is stale from now on."""
    if cache.cache.inc(GENERATION) is None:  # backends that cannot increment a missing key
        cache.set(GENERATION, generation() + 1, timeout=0)


def kept(namespace: str, key, make: Callable):
    """``make()``, kept in this process until the TTL runs out or the generation moves."""
    full_key = f"{namespace}:{generation()}:{key}"
    value = local_cache.get(full_key)
    if value is None:
        value = make()
        local_cache.set(full_key, value)
    return value


# ---------------------------------------------------------------- invalidation on commit


# What the public pages show of a service, besides its counters (kept for the TTL anyway);
# testimonials: a sentence withdrawn or unpublished leaves every page at once.
WATCHED_TABLES = {"services", "service_territories", "communes", "postal_codes", "testimonials"}


def _is_watched(row) -> bool:
    return getattr(getattr(row, "__table__", None), "name", None) in WATCHED_TABLES


@event.listens_for(Session, "after_flush")
def _note_changes(session, flush_context):
    if any(_is_watched(row) for row in (*session.new, *session.dirty, *session.deleted)):
        session.info["cache_stale"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state):
    """UPDATE, DELETE and INSERT statements, ORM-enabled or on a table."""
    table = getattr(state.statement, "table", None)
    if not state.is_select and getattr(table, "name", None) in WATCHED_TABLES:
        state.session.info["cache_stale"] = True


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session):
    if session.info.pop("cache_stale", False) and has_app_context():
        bump()


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session):
    session.info.pop("cache_stale", None)
