"""Shared set-up for the benchmarks: a migrated database with territories, bulk demands."""

import random
import statistics
import tempfile
import time
from pathlib import Path

import flask_migrate
from sqlalchemy import insert

from pilotes import create_app
from pilotes.cli.demo import random_demands, weighted_places
from pilotes.infra.extensions import db
from pilotes.models import Demand
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
