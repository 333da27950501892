"""No hidden count can be pinned from what Pilotes publishes: an LP attacker on the demo and
on generated small services, and proof that the attacker finds leaks once the secondary
suppression is off."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.models import Demand, Service, ServiceTerritory, Volunteer
from pilotes.reports.daily import daily_document
from pilotes.reports.days import DAY_LEVELS
from pilotes.reports.disclosure import Rule
from pilotes.reports.payload import publish, service_rule
from pilotes.territories.lookup import resolve_postal_code
from tests.factories import make_service
from tests.reports.attacker import attack
from tests.reports.truth import true_counts

LEVELS = ("region", "departement", "commune")
# A few communes in two départements of one région, and two other régions.
POSTAL_CODES = ("35000", "35400", "29200", "22000", "69001", "13001")
CASES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=os.environ.get("HYPOTHESIS_RANDOM") != "1",
)


def published_json(service, rule: Rule | None = None) -> dict[str, dict]:
    return {level: p.as_json() for level, p in publish(db.session, service, rule).items()}


def published_daily(service, rule: Rule | None = None) -> dict[str, dict]:
    """The daily API's answer at each of its levels."""
    every = publish(db.session, service, rule)
    return {level: daily_document(every[level]) for level in DAY_LEVELS}


def demo_attack(client_request, runner, with_days: bool):
    runner.invoke(args=["pilotes", "demo"])
    service = db.session.scalar(select(Service))
    levels = {
        level: client_request.json("api.service_stats", slug=service.slug, level=level)
        for level in LEVELS
    }
    beta_total = client_request.get("public.service_page", slug=service.slug).select_one(
        "#counter .pilotes-counter"
    )
    daily = (
        {
            level: client_request.json("api.service_daily", slug=service.slug, level=level)
            for level in DAY_LEVELS
        }
        if with_days
        else None
    )
    attacker = attack(levels, beta_total.get_text(strip=True), daily)
    attacker.assert_consistent_with(true_counts(service))
    return attacker


def test_the_demo_gives_no_hidden_count_away(client_request, runner):
    attacker = demo_attack(client_request, runner, with_days=False)
    unlisted = sum(len(communes) for communes in attacker.unlisted.values())
    assert len(attacker.hidden) + unlisted > 1000  # the demo hides many commune cells…
    pinned = attacker.pinned()
    print(f"demo: {len(attacker.hidden)} hidden cells, {len(pinned)} recoverable")
    assert pinned == {}  # …and gives none of them away


@pytest.mark.deep
def test_the_demos_daily_series_gives_no_hidden_count_away(client_request, runner):
    """The same, reading the daily series too: some 10,000 more cells (minutes of LP)."""
    attacker = demo_attack(client_request, runner, with_days=True)
    assert sum(1 for cell in attacker.hidden if cell[1] == "day") > 5000
    assert attacker.pinned() == {}


def test_without_secondary_suppression_the_attacker_finds_the_leak(app):
    """Exact counts (base 1): Haute-Corse's 3 is Corsica's 15 minus Corse-du-Sud's 12."""
    service = make_service()
    place_demands(service, {"20000": 12, "20200": 3})
    exact = Rule(threshold=11, secret=b"test", base=1, secondary=False)
    leaks = attack(published_json(service, exact)).pinned()
    assert leaks[("demands", "departement", "2B")] == 3
    protected = Rule(threshold=11, secret=b"test", base=1)
    assert attack(published_json(service, protected)).pinned() == {}


def test_days_are_protected_with_the_rest(app):
    """Exact counts, no secondary suppression: Corsica's day of 15 demands, 12 of them in
    Corse-du-Sud, gives Haute-Corse's 3 of that day away; the linked suppression hides
    enough, days included."""
    service = make_service()
    place_demands(service, {"20000": 12, "20200": 3})
    exact = Rule(threshold=11, secret=b"test", base=1, secondary=False)
    leaks = attack(published_json(service, exact), daily=published_daily(service, exact)).pinned()
    assert any(cell[1] == "day" and value == 3 for cell, value in leaks.items()), leaks
    protected = Rule(threshold=11, secret=b"test", base=1)
    levels, daily = published_json(service, protected), published_daily(service, protected)
    attacker = attack(levels, daily=daily)
    attacker.assert_consistent_with(true_counts(service))
    assert attacker.pinned() == {}


SERVICES = given(
    groups=st.lists(
        st.tuples(
            st.sampled_from(POSTAL_CODES),
            st.integers(1, 16),  # demands
            st.booleans(),  # confirmed
            st.integers(0, 20),  # days ago (up to four weeks)
            st.booleans(),  # flagged (out of the public counts)
            st.booleans(),  # accompanied: recorded by a mediator, a linked cell of its own
        ),
        max_size=6,
    ),
    volunteers=st.lists(st.sampled_from(POSTAL_CODES), max_size=6),
    goal=st.one_of(st.none(), st.tuples(st.sampled_from(("35", "29", "69")), st.integers(1, 30))),
    threshold=st.sampled_from((5, 11)),
    base=st.sampled_from((1, 5)),
)


@CASES
@SERVICES
def test_small_services_give_no_hidden_count_away(app, groups, volunteers, goal, threshold, base):
    service, rule = small_service(groups, volunteers, goal, threshold, base)
    attacker = attack(published_json(service, rule))
    attacker.assert_consistent_with(true_counts(service))
    assert attacker.pinned() == {}


@pytest.mark.deep  # a linear programme over every day of every territory: minutes
@settings(CASES, max_examples=5)
@SERVICES
def test_small_services_give_no_hidden_count_away_by_day(
    app, groups, volunteers, goal, threshold, base
):
    service, rule = small_service(groups, volunteers, goal, threshold, base)
    attacker = attack(published_json(service, rule), daily=published_daily(service, rule))
    attacker.assert_consistent_with(true_counts(service))
    assert attacker.pinned() == {}


def small_service(groups, volunteers, goal, threshold, base):
    service = make_service(slug=f"s{datetime.now(UTC).timestamp():.6f}".replace(".", ""))
    service.suppression_threshold = threshold
    demands = [
        (code, yes and not helped, days, flag, helped)
        for code, n, yes, days, flag, helped in groups
        for _ in range(n)
    ]
    add_rows(service, demands, volunteers, goal)
    return service, Rule(threshold=threshold, secret=service_rule(service).secret, base=base)


def place_demands(service, per_postal_code: dict[str, int], accompanied: bool = False) -> None:
    add_rows(
        service,
        [
            (code, False, 0, False, accompanied)
            for code, n in per_postal_code.items()
            for _ in range(n)
        ],
        [],
        None,
    )


def add_rows(service, demands, volunteers, goal) -> None:
    """Raw rows as the forms leave them, then the counters rebuilt from them by recount."""
    now = datetime.now(UTC)
    codes = {demand[0] for demand in demands} | set(volunteers)
    places = {code: resolve_postal_code(db.session, code).places[0] for code in codes}
    for code, confirmed, days_ago, flagged, accompanied in demands:
        demand = Demand(
            service_id=service.id,
            created_at=now - timedelta(days=days_ago),
            accompanied=accompanied,
        )
        demand.set_place(places[code], code)
        demand.confirmed_at = now if confirmed else None
        demand.flagged_at = now if flagged else None
        db.session.add(demand)
    for n, code in enumerate(volunteers):
        volunteer = Volunteer(service_id=service.id, email=f"v{n}@exemple.fr", confirmed_at=now)
        volunteer.set_place(places[code], code)
        db.session.add(volunteer)
    if goal:
        db.session.add(ServiceTerritory(service_id=service.id, code=goal[0], goal=goal[1]))
    db.session.commit()
    recount(db.session, service.id, fix=True)
    db.session.commit()


def test_an_accompanied_count_is_a_linked_cell_the_attacker_cannot_subtract(app):
    """Rennes: 24 online demands (12 published unconfirmed, 12 confirmed by email) and 3
    recorded by a mediator. Without secondary suppression the hidden 3 is the published
    total minus its published parts; with it, the 3 stays hidden among several values."""
    service = make_service()
    place_demands(service, {"35000": 12})
    place_demands(service, {"35000": 3}, accompanied=True)
    now = datetime.now(UTC)
    for demand in db.session.scalars(select(Demand).where(Demand.accompanied.is_(False))):
        demand.confirmed_at = now
    place_demands(service, {"35000": 12})
    exact = Rule(threshold=11, secret=b"test", base=1, secondary=False)
    leaks = attack(published_json(service, exact)).pinned()
    assert leaks[("accompanied", "commune", "35238")] == 3
    protected = Rule(threshold=11, secret=b"test", base=1)
    attacker = attack(published_json(service, protected))
    attacker.assert_consistent_with(true_counts(service))
    assert attacker.pinned() == {}


def test_a_commune_whose_counts_are_all_hidden_is_not_listed(app):
    """Listing it would say that it has at least one demand, and each unlisted one none."""
    service = make_service()
    place_demands(service, {"35000": 20, "35400": 3})
    communes = published_json(service)["commune"]
    listed = {t["code"] for t in communes["territories"]}
    assert "35238" in listed  # Rennes: its count is published
    assert "35288" not in listed  # Saint-Malo: hidden, so unlisted like a commune with none
