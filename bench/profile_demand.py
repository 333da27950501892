"""Where a demand's time goes: 200 demands through the full path, profiled in-process.

.venv/bin/python -m bench.profile_demand
"""

import re
import time

from pyinstrument import Profiler

from bench.common import make_app
from pilotes import create_app
from pilotes.domain.services import create_service
from pilotes.infra.extensions import db


def main() -> None:
    app = make_app()
    with app.app_context():
        create_service(
            db.session, slug="bench", name="Bench", level="departement", status="published"
        )
        db.session.commit()  # the caller's unit of work
        db.session.remove()
    app = create_app(  # lookups and figures kept in memory, as in production
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        WTF_CSRF_ENABLED=False,
        PUBLIC_STATS_TTL=10,
    )
    client = app.test_client()

    def post(n: int) -> None:
        # A fresh token per demand, as a page load gives: a replayed one files nothing.
        page = client.get("/services/bench/demande?code_postal=35000").get_data(as_text=True)
        stamp = re.search(r'id="t" name="t" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/services/bench/demande",
            data={
                "t": stamp,
                "code_postal": "35000",
                "commune": "35238",
                "email": f"p{n}@exemple.fr",
                "consent": "y",
            },
        )
        assert response.status_code == 303, response.status_code

    for n in range(20):  # warm up
        post(n)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    started = time.perf_counter()
    for n in range(20, 220):
        post(n)
    per_post = (time.perf_counter() - started) / 200 * 1000
    profiler.stop()
    started = time.perf_counter()
    for _ in range(100):
        client.get("/services/bench")
    per_page = (time.perf_counter() - started) / 100 * 1000
    print(f"demand POST: {per_post:.1f} ms each; beta page GET: {per_page:.1f} ms each")
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
