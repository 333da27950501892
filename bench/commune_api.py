"""The commune level of the API at scale: filtered by département, paged, and whole.

    .venv/bin/python -m bench.commune_api [--demands 1000000] [--repeat 60]

Public figures are kept ``PUBLIC_STATS_TTL`` = 10 s as in production: the first read of a
level builds it (printed as the cold read), then each request only takes its slice and
serialises it. Target: median < 50 ms for one département's communes at 1,000,000
demands. The département level read in the same run is the baseline.
"""

import argparse
import statistics
import time

from bench.common import bulk_demands, make_app
from pilotes.domain.counting import recount
from pilotes.domain.services import create_service
from pilotes.infra.extensions import db

STATS = "/api/v1/services/bench/stats"


def timed(client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.data)


def series(client, urls: list[str], repeat: int) -> tuple[float, float, int]:
    """(median ms, 90th percentile ms, median body bytes) over ``repeat`` requests (≥ 2)."""
    times, sizes = [], []
    for i in range(repeat):
        elapsed, size = timed(client, urls[i % len(urls)])
        times.append(elapsed)
        sizes.append(size)
    return (
        statistics.median(times),
        statistics.quantiles(times, n=10)[-1],
        int(statistics.median(sizes)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demands", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    app = make_app()
    app.config["PUBLIC_STATS_TTL"] = 10.0  # as in production
    with app.app_context():
        service = create_service(
            db.session, slug="bench", name="Bench", level="departement", status="published"
        )
        started = time.perf_counter()
        bulk_demands(service.id, args.demands)
        recount(db.session, service.id)
        print(
            f"{args.demands:,} demands stored and counted in {time.perf_counter() - started:.0f} s"
        )
        db.session.remove()
    client = app.test_client()
    cold, size = timed(client, f"{STATS}?level=commune")
    print(f"cold read of the whole commune level (builds it): {cold:8.1f} ms, {size / 1e6:.1f} MB")
    rows = [
        ("département level (baseline)", [f"{STATS}?level=departement"]),
        (
            "communes of one département",
            [f"{STATS}?level=commune&departement={d}" for d in ("35", "75", "13", "2A", "974")],
        ),
        ("communes of one région", [f"{STATS}?level=commune&region={r}" for r in ("53", "84")]),
        ("commune level, page of 1,000", [f"{STATS}?level=commune&page=2&per_page=1000"]),
    ]
    baseline = None
    # The whole level (8 MB at 1,000,000 demands) is read 5 times only: it is the v1 answer.
    for label, urls, repeat in [
        *((label, urls, args.repeat) for label, urls in rows),
        ("whole commune level (v1, unfiltered)", [f"{STATS}?level=commune"], 5),
    ]:
        median, p90, body = series(client, urls, repeat)
        baseline = baseline or median
        print(
            f"{label:<38} median {median:8.1f} ms  p90 {p90:8.1f} ms  "
            f"{body / 1000:9.1f} kB  ({median / baseline:5.1f}× baseline)"
        )
    print("target: communes of one département, median < 50 ms")


if __name__ == "__main__":
    main()
