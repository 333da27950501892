"""What inflating a service's public demand count costs a scripted client (SECURITY.md).

Runs the real app in process (test client, rate limits on, 2-second form timer as in
production) on a fresh SQLite file and prints, for each way of scripting demands, how
many requests it sent, how many demands were counted publicly, and the time it took.
"""

import re
import time
from contextlib import contextmanager

from sqlalchemy import func, select

from bench.common import make_app
from pilotes.domain.services import create_service
from pilotes.infra.extensions import db, limiter
from pilotes.models import Demand

FORM = "/services/gonfle/demande"
TOKEN = re.compile(r'name="(csrf_token|t)" type="hidden" value="([^"]+)"')


def _tokens(client, remote: str) -> dict:
    page = client.get(f"{FORM}?code_postal=35000", environ_base={"REMOTE_ADDR": remote})
    return dict(TOKEN.findall(page.get_data(as_text=True)))


def _post(client, tokens: dict, remote: str) -> int:
    data = {**tokens, "code_postal": "35000", "commune": "35238"}
    return client.post(FORM, data=data, environ_base={"REMOTE_ADDR": remote}).status_code


def _counted() -> tuple[int, int]:
    """(demands counted publicly, demands flagged) so far."""
    rows = db.session.execute(
        select(Demand.flagged_at.is_(None), func.count()).group_by(Demand.flagged_at.is_(None))
    ).all()
    db.session.rollback()
    by_flag = {bool(ok): n for ok, n in rows}
    return by_flag.get(True, 0), by_flag.get(False, 0)


@contextmanager
def scenario(name: str, requests: list[int]):
    before = _counted()
    started = time.perf_counter()
    yield
    seconds = time.perf_counter() - started
    after = _counted()
    counted, flagged = after[0] - before[0], after[1] - before[1]
    print(
        f"{name:<50} {requests[0]:>5} requests {counted:>4} counted {flagged:>4} flagged"
        f" {seconds:6.1f} s"
        + (f"  {requests[0] / counted:5.1f} requests/counted" if counted else "")
    )


def _fresh_page_each(client, name: str, remotes: list[str]) -> list[int]:
    """One page load then one POST per demand, each from its address; the POST answers."""
    with scenario(name, [2 * len(remotes)]):
        pages = [(remote, _tokens(client, remote)) for remote in remotes]
        time.sleep(2.1)  # the form timer: sent sooner, a demand is flagged
        return [_post(client, tokens, remote) for remote, tokens in pages]


def main() -> None:
    app = make_app()
    app.config.update(RATELIMIT_ENABLED=True, MIN_FORM_SECONDS=2.0)
    limiter.init_app(app)
    with app.app_context():
        create_service(
            db.session, slug="gonfle", name="Gonflé", level="departement", status="published"
        )
        client = app.test_client()
        with scenario("replay one page load 100 times (100 addresses)", [101]):
            tokens = _tokens(client, "192.0.2.1")
            time.sleep(2.1)
            for n in range(100):  # other addresses, so that no rate limit is what stops it
                _post(client, tokens, f"198.51.100.{n + 1}")
        statuses = _fresh_page_each(
            client, "fresh page per demand, one IPv4 address", ["192.0.2.50"] * 40
        )
        print(f"{'':<50} POSTs: {statuses.count(303)} accepted, {statuses.count(429)} got 429")
        _fresh_page_each(
            client,
            "fresh page per demand, 100 addresses of one /24",
            [f"203.0.113.{n + 1}" for n in range(100)],
        )
        _fresh_page_each(
            client,
            "fresh page per demand, 100 /64s of one /48",
            [f"2001:db8:1:{n:x}::1" for n in range(100)],
        )
        _fresh_page_each(
            client,
            "fresh page per demand, 100 distinct /48s",
            [f"2001:db8:{n + 256:x}::1" for n in range(100)],
        )


if __name__ == "__main__":
    main()
