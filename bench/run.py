"""`make bench`: throughput and latency of Pilotes against baselines, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.run [--requests 3000] [--clients 16] [--demands 1000000]
                                  [--postgres postgresql://postgres@127.0.0.1:5432/test]

Servers run under gunicorn with 2 workers; the load comes from this separate process
(Python threads, one keep-alive connection each: see bench/README.md). Every figure is
printed with its ratio to a baseline measured in the same run on the same setup.
"""

import argparse
import http.client
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

from bench import baseline as bench_baseline
from bench.common import bulk_demands, make_app, median_ms
from bench.loadclient import TOKEN, Client, Server, form_token
from config import normalize_database_url


def measure(base: str, requests: int, clients: int, make_request) -> dict:
    """Send ``requests`` requests from ``clients`` threads; rps, p50, p99, errors."""
    latencies, errors, lock = [], [], threading.Lock()
    per_client = requests // clients

    def worker(number):
        client = Client(base)
        prepared = make_request(client, number)
        for i in range(per_client):
            method, path, body, ok = prepared(i)
            started = time.perf_counter()
            try:
                status, _ = client.request(method, path, body)
            except (OSError, http.client.HTTPException) as error:
                status = str(error)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != ok:
                    errors.append(status)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": len(errors),
        "count": len(latencies),
    }


def constant_get(client, number):
    return lambda i: ("GET", "/", None, 200)


def bare_insert(client, number):
    return lambda i: ("POST", "/insert", "", 201)


def beta_page(client, number):
    return lambda i: ("GET", "/services/bench", None, 200)


def demand_post(client, number):
    _, page = client.request("GET", "/services/bench/demande?code_postal=35000")
    token = TOKEN.search(page).group(1)

    def request(i):  # a fresh one-use form token per demand, as a page load would give

        body = urlencode(
            {
                "csrf_token": token,
                "t": form_token(),
                "code_postal": "35000",
                "commune": "35238",
                "email": f"b{number}-{i}-{time.time_ns()}@exemple.fr",
                "consent": "y",
            }
        )
        return "POST", "/services/bench/demande", body, 303

    return request


def line(name: str, figures: dict, baseline: dict | None, target: str = "") -> str:
    ratio = f"{figures['rps'] / baseline['rps']:.2f}× baseline" if baseline else "baseline"
    return (
        f"  {name:<28} {figures['rps']:8.0f} req/s  p50 {figures['p50']:6.1f} ms  "
        f"p99 {figures['p99']:6.1f} ms  errors {figures['errors']:<3} {ratio:<16} {target}"
    )


def http_scenarios(database_url: str, label: str, requests: int, clients: int) -> None:
    print(f"\n{label}: HTTP, gunicorn 2 workers, {clients} clients, {requests} requests each")
    with make_app(database_url).app_context():
        from pilotes.domain.services import create_service
        from pilotes.infra.extensions import db

        create_service(
            db.session, slug="bench", name="Bench", level="departement", status="published"
        )
        db.session.remove()
    engine = create_engine(normalize_database_url(database_url))
    bench_baseline.metadata.create_all(engine)  # once, not by each worker at boot
    engine.dispose()
    baseline = Server(
        database_url, env={"BENCH_DATABASE_URL": database_url}, app="bench.baseline:create_app()"
    )
    try:
        constant = measure(baseline.base, requests, clients, constant_get)
        insert = measure(baseline.base, requests, clients, bare_insert)
    finally:
        baseline.stop()
    server = Server(database_url, env={"PUBLIC_STATS_TTL": "10"})  # as in production
    try:
        page = measure(server.base, requests, clients, beta_page)
        demand = measure(server.base, requests, clients, demand_post)
    finally:
        server.stop()
    engine = create_engine(normalize_database_url(database_url))
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM demands")).scalar()
    engine.dispose()
    print(line("GET constant (baseline)", constant, None))
    print(line("GET beta page", page, constant, "target ≥ 0.5×"))
    print(line("POST insert (baseline)", insert, None))
    print(line("POST demand, full path", demand, insert, "target ≥ 0.6×, p99 < 100 ms"))
    print(f"  demands stored: {stored} of {demand['count'] - demand['errors']} acknowledged")


def fresh_postgres(url: str) -> str:
    admin = create_engine(normalize_database_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('DROP DATABASE IF EXISTS "pilotes_bench" WITH (FORCE)'))
        connection.execute(text('CREATE DATABASE "pilotes_bench"'))
    admin.dispose()
    return url.rsplit("/", 1)[0] + "/pilotes_bench"


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
        started = time.perf_counter()
        bulk_demands(service_id, demands)
        recount(db.session, service_id)
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
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--demands", type=int, default=1_000_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(f"Pilotes benchmarks, {time.strftime('%Y-%m-%d %H:%M')}")
    folder = Path(tempfile.mkdtemp(prefix="pilotes-bench-"))
    http_scenarios(f"sqlite:///{folder / 'http.sqlite3'}", "SQLite", args.requests, args.clients)
    try:
        postgres = fresh_postgres(args.postgres)
    except Exception as error:  # no PostgreSQL here: say so and go on
        print(f"\nPostgreSQL: skipped ({error.__class__.__name__}: {error})")
    else:
        http_scenarios(postgres, "PostgreSQL", args.requests, args.clients)
    data_scenarios(args.demands)


if __name__ == "__main__":
    main()
