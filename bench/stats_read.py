"""Median time of the statistics read (the API) at 10,000 and at 1,000,000 demands.

    .venv/bin/python -m bench.stats_read [--small 10000] [--large 1000000]

The read goes through the counters, so its cost follows the number of territories, not
of demands: the target is a large/small ratio of at most 2.
"""

import argparse

from bench.common import bulk_demands, make_app, median_ms
from pilotes.domain.counting import recount
from pilotes.domain.services import create_service
from pilotes.infra.extensions import db


def measure(count: int) -> float:
    app = make_app()
    with app.app_context():
        service = create_service(
            db.session, slug="bench", name="Bench", level="departement", status="published"
        )
        bulk_demands(service.id, count)
        recount(db.session, service.id)  # builds the counters for the rows just inserted
        db.session.commit()
        db.session.remove()
    client = app.test_client()

    def read():
        response = client.get("/api/v1/services/bench/stats?level=departement")
        assert response.status_code == 200

    return median_ms(read)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    args = parser.parse_args()
    small = measure(args.small)
    print(f"stats read, {args.small:>9,} demands: median {small:7.2f} ms")
    large = measure(args.large)
    print(
        f"stats read, {args.large:>9,} demands: median {large:7.2f} ms  "
        f"(ratio {large / small:.2f}, target ≤ 2)"
    )


if __name__ == "__main__":
    main()
