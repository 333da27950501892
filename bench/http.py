"""HTTP figures measured from outside with wrk, against baselines served the same way.

    .venv/bin/python -m bench.http [--seconds 8] [--postgres postgresql://…/test]

Both apps run under gunicorn with the production ``gunicorn.conf.py`` (2 sync workers);
Pilotes in production config with rate limits off (one client address sends it all),
public pages and figures kept 10 s as in production. wrk: 2 threads, 16 connections.
"""

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

from bench import baseline as bench_baseline
from bench.common import make_app
from bench.loadclient import TOKEN, Client, Server
from config import normalize_database_url

SECRET = "bench-secret-key-0123456789abcdef0123456789"
# Each demand with its own form token (one page load files one demand) and address.
POST_SCRIPT = """
local n = 0
local tokens = {{{tokens}}}
threads = 0
setup = function(thread) thread:set("id", threads); threads = threads + 1 end
request = function()
  n = n + 1
  local t = tokens[(n * 2 + id) % #tokens + 1]
  local body = "{body}" .. "&t=" .. t .. "&email=w{run}-" .. id .. "-" .. n .. "%40exemple.fr"
  return wrk.format("POST", "{path}", {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "{cookie}",
  }}, body)
end
"""


def wrk(base: str, path: str, seconds: int, script: str | None = None) -> dict:
    """rps, p50, p99 (ms), requests answered 2xx/3xx, errors (others, timeouts, sockets)."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", f"http://{base}{path}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command[1:1] = ["-s", lua.name]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def number(pattern: str, default: str = "0") -> float:
        found = re.search(pattern, output)
        return float(found.group(1)) if found else float(default)

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    total = int(number(r"(\d+) requests in"))
    bad = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50": ms("50"),
        "p99": ms("99"),
        "ok": total - bad,
        "errors": bad + socket_errors,
    }


def line(name: str, figures: dict, baseline: dict | None, target: str = "") -> str:
    ratio = f"{figures['rps'] / baseline['rps']:.2f}× baselines" if baseline else "baseline"
    return (
        f"  {name:<26} {figures['rps']:8.0f} req/s  p50 {figures['p50']:6.1f} ms  "
        f"p99 {figures['p99']:6.1f} ms  errors {figures['errors']:<3} {ratio:<16} {target}"
    )


def form_tokens(count: int) -> list[str]:
    """Form tokens as the form page signs them, one per demand wrk will send."""
    from pilotes import create_app
    from pilotes.domain.form_tokens import form_timestamp

    app = create_app("production", SECRET_KEY=SECRET, SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.test_request_context():
        return [quote(form_timestamp(), safe="") for _ in range(count)]


def demand_script(base: str, count: int = 30_000) -> str:
    """A wrk script posting demands from one session, each with its own token and address."""
    client = Client(base)
    status, page = client.request("GET", "/services/bench/demande?code_postal=35000")
    if status != 200:
        raise RuntimeError(f"the demand form answered {status}: {page[:500]}")
    fields = {
        "csrf_token": TOKEN.search(page).group(1),
        "code_postal": "35000",
        "commune": "35238",
        "consent": "y",
    }
    body = "&".join(f"{key}={quote(value, safe='')}" for key, value in fields.items())
    tokens = ",".join(f'"{token}"' for token in form_tokens(count))
    return POST_SCRIPT.format(
        body=body,
        tokens=tokens,
        cookie=client.cookie,
        run=time.time_ns(),
        path="/services/bench/demande",
    )


def load_average() -> str:
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def scenarios(database_url: str, label: str, seconds: int) -> None:
    print(
        f"\n{label}: wrk 2 threads × 16 connections, {seconds} s, gunicorn.conf.py"
        f" (WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', '2')},"
        f" GUNICORN_THREADS={os.environ.get('GUNICORN_THREADS', '1')}); {load_average()}"
    )
    with make_app(database_url).app_context():
        from pilotes.domain.services import create_service
        from pilotes.infra.extensions import db

        create_service(
            db.session, slug="bench", name="Bench", level="departement", status="published"
        )
        db.session.commit()  # the caller's unit of work
        db.session.remove()
    engine = create_engine(normalize_database_url(database_url))
    bench_baseline.metadata.create_all(engine)
    common = {"WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2")}
    production = {
        **common,
        "PILOTES_ENV": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "RATELIMIT_ENABLED": "false",
        "PUBLIC_STATS_TTL": "10",
    }
    servers = []
    try:
        baseline = Server(
            database_url,
            env={**common, "BENCH_DATABASE_URL": database_url},
            app="bench.baseline:create_app()",
            config="gunicorn.conf.py",
        )
        servers.append(baseline)
        server = Server(database_url, env=production, config="gunicorn.conf.py")
        servers.append(server)
        # Each scenario between two runs of its baseline, both servers up: on a shared
        # machine the load moves, and the ratio is to the mean of the runs around it.
        warm_up(server.base, "/services/bench")
        constant = [wrk(baseline.base, "/", seconds)]
        page = wrk(server.base, "/services/bench", seconds)
        constant.append(wrk(baseline.base, "/", seconds))
        insert = [wrk(baseline.base, "/insert", seconds, 'wrk.method = "POST"')]
        with engine.connect() as connection:
            before = connection.execute(text("SELECT count(*) FROM demands")).scalar()
        demand = wrk(server.base, "/services/bench/demande", seconds, demand_script(server.base))
        insert.append(wrk(baseline.base, "/insert", seconds, 'wrk.method = "POST"'))
    finally:
        for running in servers:
            running.stop()
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM demands")).scalar() - before
    engine.dispose()
    constant_mean, insert_mean = mean(constant), mean(insert)
    for run in constant:
        print(line("GET constant (baseline)", run, None))
    print(line("GET beta page", page, constant_mean, "target ≥ 0.5×"))
    for run in insert:
        print(line("POST insert (baseline)", run, None))
    print(
        line("POST demand with email", demand, insert_mean, "target ≥ 0.6×, p99 < 100 ms, 0 errors")
    )
    verdict = "all stored" if stored >= demand["ok"] else "ACKNOWLEDGED DEMANDS MISSING"
    print(
        f"  demands stored: {stored} for {demand['ok']} acknowledged (303): {verdict};"
        f" {load_average()}"
    )


def warm_up(base: str, path: str, requests: int = 40) -> None:
    """A running service's caches: each worker compiles its templates and keeps the page
    once, not 16 connections at once in the first second (they would time out)."""
    for _ in range(requests):  # a new connection each: the kernel spreads them over workers
        with urllib.request.urlopen(f"http://{base}{path}") as response:
            response.read()


def mean(runs: list[dict]) -> dict:
    """The baseline a scenario is compared with: the mean rate of the runs around it."""
    return {"rps": sum(run["rps"] for run in runs) / len(runs)}


def fresh_postgres(url: str, name: str = "pilotes_bench") -> str:
    """A new empty database ``name`` on the server of ``url`` (dropped first if there)."""
    admin = create_engine(normalize_database_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("HTTP: skipped, wrk is not installed (Debian package 'wrk').")
        return
    folder = Path(tempfile.mkdtemp(prefix="pilotes-bench-"))
    scenarios(f"sqlite:///{folder / 'http.sqlite3'}", "SQLite (WAL)", args.seconds)
    try:
        postgres = fresh_postgres(args.postgres)
    except Exception as error:  # no PostgreSQL here: say so and go on
        print(f"\nPostgreSQL: skipped ({error.__class__.__name__}: {error})")
    else:
        scenarios(postgres, "PostgreSQL", args.seconds)


if __name__ == "__main__":
    main()
