"""Shared set-up for the benchmarks: a migrated database with territories, bulk demands."""

import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import insert, select

from pilotes import create_app
from pilotes.domain.email_address import email_key
from pilotes.domain.signups.core import CONSENT_VERSION
from pilotes.infra.extensions import db
from pilotes.models import Commune, Demand, PostalCode, utcnow
from pilotes.territories.loader import data_dir, load, read_rows


def make_app(database_url: str | None = None):
    """An app on a fresh SQLite file (or ``database_url``), migrated, with territories."""
    if database_url is None:
        folder = Path(tempfile.mkdtemp(prefix="pilotes-bench-"))
        database_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        flask_migrate.upgrade()
        load(db.session, read_rows(data_dir(app.config["NODE_MODULES_DIR"])))
        db.session.commit()
    return app


def weighted_places(session, exclude: set[str] = frozenset()):
    """Every (postal code, commune) with its population, as weights to draw demands from."""
    places = session.execute(
        select(
            PostalCode.code,
            Commune.code,
            Commune.parent_code,
            Commune.departement_code,
            Commune.region_code,
            Commune.population,
        ).join(Commune, Commune.code == PostalCode.commune_code)
    ).all()
    places = [p for p in places if p.departement_code not in exclude and p.population]
    return places, [p.population for p in places]


def random_demands(
    places,
    weights,
    service_id: int,
    count: int,
    rng: random.Random,
    with_email: float = 0.0,
    confirmed: float = 0.3,
    start: int = 0,
):
    """``count`` demand rows over the last twelve weeks, by population, to insert in bulk.

    The demo files its demands through the domain; a benchmark needs 100 000 rows, which
    only a bulk insert makes in seconds (the counters are then rebuilt by ``recount``).

    ``with_email``: the share that leave an address (of which ``confirmed`` confirm);
    without any, ``confirmed`` applies to all (as a bench's numbers only need the split).
    """
    now = utcnow()
    for n, place in enumerate(rng.choices(places, weights=weights, k=count), start=start):
        created_at = now - timedelta(seconds=rng.uniform(0, 84 * 24 * 3600))
        email = f"usager.demo{n}@example.org" if rng.random() < with_email else None
        is_confirmed = (email is not None or not with_email) and rng.random() < confirmed
        yield {
            "service_id": service_id,
            "postal_code": place[0],
            "commune_code": place.parent_code or place[1],
            "arrondissement_code": place[1] if place.parent_code else None,
            "departement_code": place.departement_code,
            "region_code": place.region_code,
            "email": email,
            "email_key": email_key(email) if email else None,
            "notify": email is not None,
            "consent_version": CONSENT_VERSION if email else None,
            "profile": rng.choice([None, "usager", "proche_aidant", "professionnel"]),
            "created_at": created_at,
            "confirmed_at": (
                min(created_at + timedelta(hours=rng.uniform(0.1, 48)), now)
                if is_confirmed
                else None
            ),
        }


def bulk_demands(service_id: int, count: int, seed: int = 1, batch: int = 20_000) -> None:
    """``count`` demands spread over communes by population, over 12 weeks (no counters)."""
    rng = random.Random(seed)
    places, weights = weighted_places(db.session)
    for start in range(0, count, batch):
        size = min(batch, count - start)
        db.session.execute(
            insert(Demand),
            list(random_demands(places, weights, service_id, size, rng, start=start)),
        )
        db.session.commit()


def median_ms(action, repeat: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
