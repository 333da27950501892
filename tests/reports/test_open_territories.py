"""« Ouvert » at every level says where the service can be used, from the communes up."""

from collections import defaultdict

import pytest
from sqlalchemy import select

from pilotes.domain.opening import open_territory
from pilotes.infra.extensions import db
from pilotes.models import LEVELS, Commune, ServiceTerritory
from pilotes.reports import engine
from tests.factories import make_demand, make_service

# Rennes, Saint-Malo (35), Brest (29), Saint-Denis de La Réunion (974), Paris 1er, Lyon.
POSTAL_CODES = ("35000", "35400", "29200", "97400", "75001", "69001")


def _communes_inside() -> dict[str, dict[str, set[str]]]:
    """{level: {code: the communes inside it}}, an arrondissement standing for its commune."""
    inside = {level: defaultdict(set) for level in LEVELS}
    rows = db.session.execute(
        select(Commune.code, Commune.parent_code, Commune.departement_code, Commune.region_code)
    )
    for code, parent, departement, region in rows:
        commune = parent or code
        inside["commune"][code].add(commune)
        inside["departement"][departement].add(commune)
        inside["region"][region].add(commune)
    return inside


def independently_open(service, level: str) -> set[str]:
    """Open where every commune of the territory lies in a territory the team opened."""
    inside = _communes_inside()
    opened = db.session.scalars(
        select(ServiceTerritory.code).where(
            ServiceTerritory.service_id == service.id, ServiceTerritory.opened_at.is_not(None)
        )
    )
    usable = set().union(*(inside[service.level][code] for code in opened))
    return {code for code, communes in inside[level].items() if communes <= usable}


@pytest.mark.parametrize(
    ("service_level", "to_open", "also_open"),
    [
        ("departement", ["974", "35"], ("region", "04")),  # La Réunion whole; Brittany in part
        ("departement", ["22", "29", "35", "56"], ("region", "53")),  # Brittany whole
        ("region", ["04"], ("commune", "97411")),  # Saint-Denis, inside La Réunion
        ("commune", ["75056", "35238"], ("departement", "75")),  # Paris is all of Paris
    ],
)
def test_open_at_every_level_agrees_with_the_communes(app, service_level, to_open, also_open):
    service = make_service(level=service_level)
    for postal_code in POSTAL_CODES:
        make_demand(service, postal_code)
    for code in to_open:
        open_territory(db.session, service, code)
    db.session.commit()
    for level in LEVELS:
        rows = engine.territory_rows(db.session, service, level)
        shown = {row.code for row in rows if row.is_open}
        expected = independently_open(service, level) & {row.code for row in rows}
        assert shown == expected, (level, shown ^ expected)
    level, code = also_open  # a level other than the service's, open: the case of the review
    assert {row.code: row.is_open for row in engine.territory_rows(db.session, service, level)}[
        code
    ]


def test_la_reunion_is_open_as_a_region_when_its_one_departement_is(app):
    service = make_service()
    make_demand(service, "97400")
    open_territory(db.session, service, "974")
    regions = {
        row.code: row.is_open for row in engine.territory_rows(db.session, service, "region")
    }
    assert regions["04"] is True and regions["53"] is False
