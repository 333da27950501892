"""« Demand without a partner » is a published list: its order must follow published figures
only. Ordered by exact counts, a territory's place told its exact count through the rounding,
and one added demand moved it while its published count stood still (found by an audit)."""

import random

from pilotes.infra.extensions import db
from pilotes.reports.payload import publish
from tests.factories import make_demand, make_service
from tests.reports.evidence_order import evidence_key

PREFECTURES = ["18000", "15000", "36000", "03000", "23000", "19000", "87000", "86000", "79000"]


def _expected(published) -> list[str]:
    """The list as a reader of the published figures would draw it up, in the order of
    « Où ouvrir ensuite »: the lower bound of the published interval first."""
    listed = [
        t for t in published.territories if t.demands and not t.partners_engaged and not t.open
    ]
    base = published.rounding_base
    listed.sort(key=lambda t: evidence_key(t.demands, t.population, t.per_100k, t.code, base))
    return [t.code for t in listed]


def test_the_list_follows_published_figures_only(app):
    service = make_service(level="departement")
    rng = random.Random(7)
    for postal_code in PREFECTURES:
        for _ in range(rng.randint(11, 34)):
            make_demand(service, postal_code)
    departement = publish(db.session, service)["departement"]
    assert len(departement.demand_without_partner) >= 5
    assert departement.demand_without_partner == _expected(departement)


def test_a_demand_that_moves_no_published_figure_moves_nothing_in_the_list(app):
    service = make_service(level="departement")
    for postal_code, count in zip(PREFECTURES, (20, 22, 24, 26, 28, 30, 32, 34, 36), strict=True):
        for _ in range(count):
            make_demand(service, postal_code)
    before = publish(db.session, service)["departement"]
    unchanged_steps = 0
    for _ in range(5):
        make_demand(service, "18000")
        after = publish(db.session, service)["departement"]
        was = {t.code: (t.demands, t.per_100k) for t in before.territories}
        now = {t.code: (t.demands, t.per_100k) for t in after.territories}
        if was["18"] == now["18"]:
            unchanged_steps += 1
            assert after.demand_without_partner == before.demand_without_partner
        before = after
    assert unchanged_steps >= 3  # rounding to 5: at most two of five steps move the count
