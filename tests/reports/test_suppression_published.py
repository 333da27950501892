"""No small count gets out through the weekly series or the national split.

Demands spread over several weeks, some with a small confirmed/unconfirmed split, read
back from the open data API as anyone would; expected values come from the raw rows.
"""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.models import Demand
from pilotes.reports.payload import service_rule
from tests.factories import confirm_everything, make_demand, make_service

THRESHOLD = 5
# Wednesdays at noon: the same ISO week in UTC and in Europe/Paris.
WEEKS = [datetime(2026, 9, 2, 12, tzinfo=UTC) + timedelta(weeks=n) for n in range(5)]
# week -> (confirmed, unconfirmed)
SPREAD = {0: (6, 6), 1: (1, 2), 2: (2, 6), 3: (10, 10), 4: (3, 9)}


def small(value) -> bool:
    return value is not None and 0 < value < THRESHOLD


def spread_service(confirmed_unconfirmed: dict[int, tuple[int, int]]):
    service = make_service(suppression_threshold=THRESHOLD)
    n = 0
    for week, (confirmed, unconfirmed) in confirmed_unconfirmed.items():
        made = [
            make_demand(service, "69001", email=f"p{n + i}@exemple.fr") for i in range(confirmed)
        ]
        made += [make_demand(service, "35000") for _ in range(unconfirmed)]
        n += confirmed
        ids = [filed.row.id for filed in made]
        db.session.execute(update(Demand).where(Demand.id.in_(ids)).values(created_at=WEEKS[week]))
    confirm_everything()
    db.session.commit()
    recount(db.session, service.id, fix=True)
    db.session.commit()
    return service


def raw_weeks(service) -> dict[str, tuple[int, int]]:
    """{ISO Monday: (demands, confirmed)} from the raw rows."""
    rows = db.session.execute(
        select(Demand.created_at, Demand.confirmed_at).where(Demand.service_id == service.id)
    ).all()
    monday = {at: (at.date() - timedelta(days=at.weekday())).isoformat() for at, _ in rows}
    demands = Counter(monday[at] for at, _ in rows)
    confirmed = Counter(monday[at] for at, c in rows if c)
    return {week: (demands[week], confirmed[week]) for week in demands}


def test_small_weeks_and_small_weekly_splits_are_hidden(client_request):
    service = spread_service(SPREAD)
    rule = service_rule(service)
    api = client_request.json("api.service_stats", slug=service.slug)
    raw = raw_weeks(service)
    published = {w["week"]: w for w in api["weekly"]}
    assert set(raw) <= set(published)
    for week, (demands, confirmed) in raw.items():
        shown = published[week]
        for metric, count in (("demands", demands), ("confirmed", confirmed)):
            rounded = rule.rounded((metric, "week", week), count)
            assert shown[metric] in (None, rounded), week  # the rounded count, or hidden
            if small(count):
                assert shown[metric] is None, week  # nothing under the threshold is shown
    for shown in api["weekly"]:
        for metric in ("demands", "confirmed"):
            assert shown[metric] is None or shown[metric] >= rule.bound, shown
    large = published["2026-09-21"]["demands"]  # a large week is still shown, rounded
    assert large == rule.rounded(("demands", "week", "2026-09-21"), 20)


@pytest.mark.parametrize("split", [(2, 20), (20, 3)])
def test_a_small_national_split_is_hidden_when_the_total_is_not(client_request, split):
    service = spread_service({0: split})
    rule = service_rule(service)
    totals = client_request.json("api.service_stats", slug=service.slug)["totals"]
    assert totals["demands"] == rule.rounded(("demands", "nation", "FR"), sum(split))
    small_part = "confirmed" if split[0] < split[1] else "unconfirmed"
    assert totals[small_part] is None  # the attacker (test_attacker) checks the rest
