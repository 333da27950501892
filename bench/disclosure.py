"""What disclosure control costs: accuracy of the published counts, cells hidden, time.

    .venv/bin/python -m bench.disclosure [--demands 3000]

Seeds the demo (or N random demands), then publishes every level twice: with the
production rule (threshold 11, counts rounded to 5 with secret offsets) and with exact
counts (base 1, the same threshold), and prints, per rule, the cells published, hidden as
« moins de N » and as « masqué », the error of the published counts against the true ones,
and the time to protect everything.
"""

import argparse
import statistics
import time
from dataclasses import replace

from bench.common import bulk_demands, make_app
from pilotes.domain.counting import recount
from pilotes.domain.services import create_service
from pilotes.infra.extensions import db
from pilotes.reports.cells import linked_table
from pilotes.reports.disclosure import PRIMARY, SECONDARY, protect
from pilotes.reports.payload import service_rule


def measure(service, rule) -> dict:
    table = linked_table(db.session, service)
    started = time.perf_counter()
    cells = protect(table.counts, table.equations, rule, table.unpublished)
    elapsed = time.perf_counter() - started
    shown = [(key, c.value) for key, c in cells.items() if c.status is None]
    errors = [abs(value - table.counts[key]) for key, value in shown]
    relative = [abs(value - table.counts[key]) / table.counts[key] for key, value in shown]
    statuses = [c.status for c in cells.values()]
    return {
        "cells": len(cells),
        "published": len(shown),
        "moins de N": statuses.count(PRIMARY),
        "masqué": statuses.count(SECONDARY),
        "mean |error|": round(statistics.fmean(errors), 2) if errors else 0,
        "max |error|": max(errors, default=0),
        "mean relative error": f"{100 * statistics.fmean(relative):.2f} %" if relative else "-",
        "protect (s)": round(elapsed, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demands", type=int, default=0, help="random demands (0: the demo)")
    args = parser.parse_args()
    app = make_app()
    with app.app_context():
        if args.demands:
            service = create_service(
                db.session, slug="bench", name="Bench", level="departement", status="published"
            )
            bulk_demands(service.id, args.demands)
            recount(db.session, service.id)
        else:
            from pilotes.cli.demo import seed_demo

            service, _ = seed_demo(db.session)
        rule = service_rule(service)
        for name, variant in (("rounded to 5", rule), ("exact (base 1)", replace(rule, base=1))):
            print(name, measure(service, variant))


if __name__ == "__main__":
    main()
