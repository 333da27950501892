"""The true counts of a service, computed straight from the raw rows (no counter read)."""

from collections import Counter

from sqlalchemy import select

from pilotes.domain.counting import week_start
from pilotes.infra.extensions import db
from pilotes.models import Demand, Volunteer

TABLES = ("region", "departement", "commune")


def true_counts(service) -> Counter:
    """{(metric, table, code): n} for every level, the nation ("nation", "FR") and weeks."""
    counts: Counter = Counter()
    demands = db.session.execute(
        select(
            Demand.region_code,
            Demand.departement_code,
            Demand.commune_code,
            Demand.confirmed_at,
            Demand.created_at,
            Demand.accompanied,
        ).where(
            Demand.service_id == service.id,
            Demand.flagged_at.is_(None),
            Demand.invalidated_at.is_(None),
        )
    )
    for region, departement, commune, confirmed_at, created_at, accompanied in demands:
        # Recorded by a mediator: no email, never confirmed, counted apart.
        kind = "accompanied" if accompanied else "confirmed" if confirmed_at else "unconfirmed"
        week = ("week", week_start(created_at).isoformat())
        places = [*zip(TABLES, (region, departement, commune), strict=True), ("nation", "FR")]
        for place in [*places, week]:
            counts[("demands", *place)] += 1
            counts[(kind, *place)] += 1
    volunteers = db.session.execute(
        select(Volunteer.region_code, Volunteer.departement_code, Volunteer.commune_code).where(
            Volunteer.service_id == service.id, Volunteer.confirmed_at.is_not(None)
        )
    )
    for codes in volunteers:
        for place in [*zip(TABLES, codes, strict=True), ("nation", "FR")]:
            counts[("volunteers", *place)] += 1
    return counts
