"""Loading the COG reference data from the npm package."""

from sqlalchemy import func, select

from pilotes.infra.extensions import db
from pilotes.models import Commune, Departement, PostalCode, Region
from pilotes.territories.loader import load


def _snapshot():
    return {
        model.__tablename__: sorted(
            tuple(row) for row in db.session.execute(select(model.__table__))
        )
        for model in (Region, Departement, Commune, PostalCode)
    }


def test_every_level_is_loaded(app):
    assert db.session.scalar(select(func.count()).select_from(Region)) == 26
    assert db.session.scalar(select(func.count()).select_from(Departement)) == 109
    arrondissements = (
        select(func.count()).select_from(Commune).where(Commune.parent_code.is_not(None))
    )
    assert db.session.scalar(arrondissements) == 45
    postal_codes = select(func.count(func.distinct(PostalCode.code)))
    assert db.session.scalar(postal_codes) == 6310
    assert {"2A", "2B", "971", "974", "976"} <= set(db.session.scalars(select(Departement.code)))


def test_loading_twice_changes_nothing(app, territory_rows):
    before = _snapshot()
    report = load(db.session, territory_rows)
    db.session.commit()
    assert not report.changed
    assert _snapshot() == before


def test_load_repairs_a_changed_and_a_missing_row(app, territory_rows):
    db.session.get(Commune, "35238").population = 1
    db.session.execute(PostalCode.__table__.delete().where(PostalCode.code == "20000"))
    db.session.commit()
    report = load(db.session, territory_rows)
    db.session.commit()
    assert report.tables["communes"].updated == 1
    assert report.tables["codes postaux"].inserted == 1
    assert db.session.get(Commune, "35238").population > 200_000


def test_departement_population_is_the_sum_of_its_current_communes(app):
    for code in ("35", "75", "13", "2A", "974"):
        communes = db.session.scalar(
            select(func.sum(Commune.population)).where(
                Commune.departement_code == code, Commune.parent_code.is_(None)
            )
        )
        assert db.session.get(Departement, code).population == communes > 0


def test_region_population_is_the_sum_of_its_departements(app):
    departements = db.session.scalar(
        select(func.sum(Departement.population)).where(Departement.region_code == "53")
    )
    assert db.session.get(Region, "53").population == departements


def test_paris_population_is_not_counted_twice_with_its_arrondissements(app):
    paris = db.session.get(Commune, "75056").population
    assert db.session.get(Departement, "75").population == paris
