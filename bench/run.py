"""`make bench`, the data part: 1,000,000 demands read, exported and reported, on SQLite.

    .venv/bin/python -m bench.run [--demands 1000000]

The HTTP figures (wrk against baselines) are bench/http.py; a phone's first visit and
Lighthouse are bench/first_visit.py. Every figure is printed with its target.
"""

import argparse
import sqlite3
import subprocess
import sys
import time

from bench.common import bulk_demands, make_app, median_ms


def data_scenarios(demands: int) -> None:
    print(f"\nData (SQLite): {demands:,} demands")
    app = make_app()
    with app.app_context():
        from pilotes.domain.counting import recount
        from pilotes.domain.services import create_service
        from pilotes.infra.extensions import db

        service_id = create_service(
            db.session, slug="bench", name="Bench", level="departement", status="published"
        ).id
        db.session.commit()  # the caller's unit of work
        started = time.perf_counter()
        bulk_demands(service_id, demands)
        recount(db.session, service_id)
        db.session.commit()
        print(
            f"  seeding {demands:,} demands and their counters: "
            f"{time.perf_counter() - started:.0f} s"
        )
        db.session.remove()
        database = app.config["SQLALCHEMY_DATABASE_URI"]
    client = app.test_client()
    large = median_ms(lambda: client.get("/api/v1/services/bench/stats"))
    print(
        f"  stats read (API), median {large:6.2f} ms  target < 20 ms "
        "(ratio to 10,000 demands: `python -m bench.stats_read`)"
    )
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    # As SQLite does on its own once no reader holds the log open.
    with sqlite3.connect(database.removeprefix("sqlite:///")) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # The CSV export runs in its own process, so that its peak memory is its own.
    result = subprocess.run(
        [sys.executable, "-m", "bench.export_csv", database],
        capture_output=True,
        text=True,
        check=True,
    )
    print("  " + result.stdout.strip())
    started = time.perf_counter()
    with app.app_context():
        from pilotes.models import Service
        from pilotes.reports.pdf import pdf_bytes

        pdf_bytes(db.session, db.session.get(Service, service_id))
    print(f"  PDF evidence report: {time.perf_counter() - started:.2f} s  target < 2 s")
    started = time.perf_counter()
    make_app()
    print(
        f"  fresh database, migrations and territories load: "
        f"{time.perf_counter() - started:.1f} s  target < 10 s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demands", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"Pilotes benchmarks (data), {time.strftime('%Y-%m-%d %H:%M')}")
    data_scenarios(args.demands)


if __name__ == "__main__":
    main()
