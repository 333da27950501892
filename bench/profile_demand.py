"""Where a demand's time goes, in-process, as the production app spends it.

.venv/bin/python -m bench.profile_demand [--demands 400] [--postgres postgresql://…/test]

The app in production config (CSRF checked, session cookie, JSON access line, lookups and
figures kept in memory) posts demands with an email through the full path, each with its
own one-use form token; the bare one-row insert of ``bench.baseline`` (same engine
settings) runs in the same process. Both are timed in CPU seconds of this process
(``time.process_time``), which another engineer's tests on the same cores barely change,
unlike wall time; the ratio of the two is what the HTTP benchmark's ratio tends to once
the fixed cost of serving a request (gunicorn, the socket, wrk) is added to both. The beta
page (kept whole for anonymous visitors, as in production) is timed the same way against
the baseline's constant GET. Then pyinstrument shows where the demand's time goes.
"""

import argparse
import contextlib
import os
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

from pyinstrument import Profiler
from sqlalchemy import create_engine

from bench import baseline as bench_baseline
from bench.common import make_app
from bench.http import SECRET, form_tokens
from config import normalize_database_url
from pilotes import create_app
from pilotes.domain.services import create_service
from pilotes.infra.extensions import db

HTTPS = {"base_url": "https://bench.test", "headers": {"Referer": "https://bench.test/"}}


def demand_poster(database_url: str, count: int):
    """A function posting the n-th demand, on a production app over ``database_url``."""
    client = production_app(database_url).test_client()
    page = client.get("/services/bench/demande?code_postal=35000", **HTTPS).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    tokens = [unquote(token) for token in form_tokens(count)]
    run = time.time_ns()

    def post(n: int) -> None:
        response = client.post(
            "/services/bench/demande",
            data={
                "csrf_token": csrf,
                "t": tokens[n],
                "code_postal": "35000",
                "commune": "35238",
                "email": f"p{run}-{n}@exemple.fr",
                "consent": "y",
            },
            **HTTPS,
        )
        assert response.status_code == 303, response.status_code

    return post


def production_app(database_url: str):
    return create_app(
        "production",
        SECRET_KEY=SECRET,
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=False,
        PUBLIC_STATS_TTL=10,
        LOG_FORMAT="json",
    )


def page_getter(database_url: str):
    """A function getting the beta page as an anonymous visitor (no cookie)."""
    client = production_app(database_url).test_client(use_cookies=False)

    def get(n: int) -> None:
        assert client.get("/services/bench", **HTTPS).status_code == 200

    return get


def baseline_client(database_url: str):
    os.environ["BENCH_DATABASE_URL"] = database_url
    engine = create_engine(normalize_database_url(database_url))
    bench_baseline.metadata.create_all(engine)
    engine.dispose()
    return bench_baseline.create_app().test_client(use_cookies=False)


def insert_poster(database_url: str):
    client = baseline_client(database_url)

    def post(n: int) -> None:
        assert client.post("/insert", **HTTPS).status_code == 201

    return post


def constant_getter(database_url: str):
    client = baseline_client(database_url)

    def get(n: int) -> None:
        assert client.get("/", **HTTPS).status_code == 200

    return get


def cpu_ms(post, first: int, count: int) -> float:
    """CPU milliseconds of this process per call of ``post`` (access lines to /dev/null)."""
    with open(os.devnull, "w") as devnull, contextlib.redirect_stderr(devnull):
        started = time.process_time()
        for n in range(first, first + count):
            post(n)
        return (time.process_time() - started) / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demands", type=int, default=400)
    parser.add_argument("--postgres", help="a PostgreSQL URL (default: a new SQLite file)")
    args = parser.parse_args()
    if args.postgres:
        from bench.http import fresh_postgres

        database_url = fresh_postgres(args.postgres, "pilotes_profile")  # not the HTTP one
    else:
        database_url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='pilotes-bench-')) / 'p.db'}"
    with make_app(database_url).app_context():
        create_service(
            db.session, slug="bench", name="Bench", level="departement", status="published"
        )
        db.session.commit()  # the caller's unit of work
        db.session.remove()
    count = args.demands
    demand, insert = demand_poster(database_url, 3 * count + 50), insert_poster(database_url)
    cpu_ms(demand, 0, 50)  # warm up: caches, compiled statements, templates
    cpu_ms(insert, 0, 50)
    # Alternated, so that a change of load on the machine falls on both alike.
    demand_runs = [cpu_ms(demand, 50 + i * count, count) for i in range(2)]
    insert_runs = [cpu_ms(insert, 0, count) for _ in range(2)]
    demand_cpu, insert_cpu = min(demand_runs), min(insert_runs)
    print(
        f"CPU per request, in-process ({database_url.split(':')[0]}, best of 2 × {count}):"
        f" demand POST {demand_cpu:.2f} ms, bare insert {insert_cpu:.2f} ms;"
        f" insert / demand = {insert_cpu / demand_cpu:.2f}× (the HTTP ratio if nothing but"
        f" the app's CPU counted)"
    )
    page, constant = page_getter(database_url), constant_getter(database_url)
    cpu_ms(page, 0, 50)  # the first one builds the page and keeps it
    cpu_ms(constant, 0, 50)
    page_runs = [cpu_ms(page, 0, 4 * count) for _ in range(2)]
    constant_runs = [cpu_ms(constant, 0, 4 * count) for _ in range(2)]
    page_cpu, constant_cpu = min(page_runs), min(constant_runs)
    print(
        f"CPU per request, in-process: beta page GET {page_cpu:.2f} ms, constant GET"
        f" {constant_cpu:.2f} ms; constant / page = {constant_cpu / page_cpu:.2f}×"
    )
    profiler = Profiler(interval=0.0002)
    profiler.start()
    cpu_ms(demand, 50 + 2 * count, count)
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
