"""Partners are counted once per territory and placed at every level, down to communes."""

from collections import defaultdict

import pytest
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import LEVELS, Commune, Partner, PartnerTerritory
from pilotes.reports import engine
from tests.factories import add_partner, make_demand, make_service


def _communes_of(level: str) -> dict[str, set[str]]:
    """{territory code at ``level``: the commune codes inside it}, from the reference table."""
    column = {"region": Commune.region_code, "departement": Commune.departement_code}
    inside: dict[str, set[str]] = defaultdict(set)
    for code, holder in db.session.execute(select(Commune.code, column.get(level, Commune.code))):
        inside[holder].add(code)
    return inside


def independent_partners(service, level: str) -> dict[str, dict[str, int]]:
    """{code: {status: partners}}: a partner is in a territory when the communes of one of
    its territories and the communes of that territory meet."""
    own = _communes_of(service.level)
    target = _communes_of(level)
    partners: dict[int, tuple[str, set[str]]] = {}
    for partner_id, status, code in db.session.execute(
        select(Partner.id, Partner.status, PartnerTerritory.code)
        .join(PartnerTerritory)
        .where(Partner.service_id == service.id, Partner.confirmed_at.is_not(None))
    ):
        partners.setdefault(partner_id, (status, set()))[1].update(own[code])
    counts: dict[str, dict[str, int]] = {}
    for code, communes in target.items():
        statuses: dict[str, int] = defaultdict(int)
        for status, covered in partners.values():
            if covered & communes:
                statuses[status] += 1
        if statuses:
            counts[code] = dict(statuses)
    return counts


@pytest.fixture
def partnered_service(app):
    service = make_service()
    for postal_code in ("35000", "13001", "84000", "22000", "29200", "75011"):
        make_demand(service, postal_code)
    add_partner(service, "Provence", "a@exemple.fr", ("13", "84"), status="engaged")
    add_partner(service, "MDPH 35", "b@exemple.fr", ("35",), status="new")
    add_partner(service, "Ouest", "c@exemple.fr", ("35", "75"), status="declined")
    add_partner(service, "Pas confirmé", "d@exemple.fr", ("22",), confirmed_at=None)
    return service


def test_a_partner_over_two_departements_counts_once_in_its_region_and_nationally(
    partnered_service,
):
    regions = {r.code: r for r in engine.territory_rows(db.session, partnered_service, "region")}
    assert regions["93"].partners == {"engaged": 1}
    assert regions["53"].partners == {"new": 1, "declined": 1}
    figures = engine.key_figures(db.session, partnered_service)
    assert figures.partners["engaged"] == 1


def test_communes_of_a_covered_departement_have_its_partner(partnered_service):
    rows = engine.territory_rows(db.session, partnered_service, "commune")
    by_code = {r.code: r for r in rows}
    assert by_code["84007"].engaged_partners == 1  # Avignon, in Vaucluse
    assert by_code["35238"].partners == {"new": 1, "declined": 1}  # Rennes
    without = {r.code for r in engine.demand_without_partner(rows)}
    # Saint-Brieuc (its partner is unconfirmed), Brest, Rennes and Paris (none engaged).
    assert without == {"22278", "29019", "35238", "75056"}


@pytest.mark.parametrize("level", LEVELS)
def test_partner_counts_equal_an_independent_count_at_every_level(partnered_service, level):
    rows = engine.territory_rows(db.session, partnered_service, level)
    expected = independent_partners(partnered_service, level)
    assert rows
    for row in rows:
        assert row.partners == expected.get(row.code, {}), row.code


@pytest.mark.parametrize("service_level", ["region", "commune"])
def test_partners_are_placed_whatever_the_service_level(app, service_level):
    service = make_service(level=service_level)
    make_demand(service, "13001")
    make_demand(service, "35000")
    codes = ("93",) if service_level == "region" else ("13055", "84007")
    add_partner(service, "Sud", "s@exemple.fr", codes, status="engaged")
    for level in LEVELS:
        expected = independent_partners(service, level)
        for row in engine.territory_rows(db.session, service, level):
            assert row.partners == expected.get(row.code, {}), (level, row.code)


def test_the_published_partners_are_those_the_team_reviewed(partnered_service):
    """An outside review volunteered as a partner for 2B, confirmed its address, and the
    API said « 1 partenaire » there at once: anyone with a mailbox could make partners
    appear. A new candidacy counts once the team has contacted it; until then only in the
    national total by status."""
    from pilotes.models import Partner
    from pilotes.reports.payload import publish

    def published():
        every = publish(db.session, partnered_service)
        return {
            level: {t.code: t.partners for t in every[level].territories if t.partners}
            for level in ("region", "departement")
        }, every["departement"]

    by_level, departement = published()
    assert by_level == {
        "region": {"93": 1},
        "departement": {"13": 1, "84": 1},
    }  # MDPH 35 is new, Ouest declined, the last one unconfirmed
    assert departement.totals.partners["new"] == 1
    assert "35" not in departement.partner_without_demand
    mdph = db.session.query(Partner).filter_by(organisation_name="MDPH 35").one()
    mdph.status = "contacted"
    db.session.commit()
    by_level, _ = published()
    assert by_level["departement"] == {"13": 1, "84": 1, "35": 1}
    assert by_level["region"] == {"93": 1, "53": 1}
