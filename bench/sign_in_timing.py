"""Does the sign-in answer's timing tell whether an account exists? (SECURITY.md)

Median time of a magic-link request for an account that exists and for one that does not,
with the floor off and at its default, on a fresh SQLite file, the real app in process.
"""

import re
import statistics
import time

from bench.common import make_app
from pilotes.domain.accounts import get_or_create_user
from pilotes.infra.extensions import db

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def median_ms(client, email: str, repeat: int) -> float:
    token = TOKEN.search(client.get("/equipe/connexion").get_data(as_text=True)).group(1)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.post("/equipe/connexion", data={"csrf_token": token, "email": email})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(times)


def main(repeat: int = 40) -> None:
    app = make_app()
    with app.app_context():
        get_or_create_user(db.session, "existe@equipe.fr")
        db.session.commit()
        client = app.test_client()
        for floor in (0.0, 0.5):
            app.config["SIGN_IN_FLOOR_SECONDS"] = floor
            known = median_ms(client, "existe@equipe.fr", repeat)
            unknown = median_ms(client, "inconnu@equipe.fr", repeat)
            print(
                f"floor {floor:.1f} s: account exists {known:7.1f} ms, does not {unknown:7.1f} ms,"
                f" ratio {known / unknown:.2f} (median of {repeat})"
            )


if __name__ == "__main__":
    main()
