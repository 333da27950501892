"""Export every demand of the bench database as CSV; print rows per second and peak memory.

.venv/bin/python -m bench.export_csv DATABASE_URL
"""

import resource
import sys
import time

from pilotes import create_app
from pilotes.domain.exports import personal_data_csv
from pilotes.infra.csv_files import csv_lines
from pilotes.infra.extensions import db
from pilotes.models import Service


def main() -> None:
    app = create_app("test", SQLALCHEMY_DATABASE_URI=sys.argv[1])
    with app.app_context():
        service = db.session.query(Service).filter_by(slug="bench").one()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        export = personal_data_csv(db.session, service, "demandes", user=None)
        rows = size = 0
        for chunk in csv_lines(export):
            size += len(chunk)
            rows += chunk.count("\r\n")
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"CSV export: {rows - 1:,} rows in {elapsed:.1f} s = {(rows - 1) / elapsed:,.0f} rows/s "
        f"(target ≥ 100,000), {size / 1e6:.0f} MB, peak memory {peak:.0f} MB (target < 150; "
        f"{before:.0f} MB before the export began: the interpreter and libraries)"
    )


if __name__ == "__main__":
    main()
