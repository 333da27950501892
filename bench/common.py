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
from pilotes.extensions import db
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


def bulk_demands(service_id: int, count: int, seed: int = 1, batch: int = 20_000) -> None:
    """``count`` demands spread over communes by population, over 12 weeks (no counters)."""
    rng = random.Random(seed)
    places = db.session.execute(
        select(
            PostalCode.code,
            Commune.code,
            Commune.parent_code,
            Commune.departement_code,
            Commune.region_code,
            Commune.population,
        ).join(Commune, Commune.code == PostalCode.commune_code)
    ).all()
    weights = [p.population or 1 for p in places]
    now = utcnow()
    done = 0
    while done < count:
        size = min(batch, count - done)
        rows = []
        for place in rng.choices(places, weights=weights, k=size):
            created = now - timedelta(seconds=rng.uniform(0, 84 * 86400))
            rows.append(
                {
                    "service_id": service_id,
                    "postal_code": place[0],
                    "commune_code": place.parent_code or place[1],
                    "arrondissement_code": place[1] if place.parent_code else None,
                    "departement_code": place.departement_code,
                    "region_code": place.region_code,
                    "notify": False,
                    "created_at": created,
                    "confirmed_at": created if rng.random() < 0.3 else None,
                }
            )
        db.session.execute(insert(Demand), rows)
        db.session.commit()
        done += size


def median_ms(action, repeat: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
