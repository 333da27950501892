"""Resolving a postal code to the communes it may mean, with real data."""

import pytest
from sqlalchemy import func, select

from pilotes.infra.extensions import db
from pilotes.models import PostalCode
from pilotes.territories.lookup import resolve_postal_code


def lookup(code):
    return resolve_postal_code(db.session, code)


def test_a_code_with_one_commune(app):
    result = lookup("35000")
    assert result.ok
    assert [(p.commune_code, p.name, p.departement_code, p.region_code) for p in result.places] == [
        ("35238", "Rennes", "35", "53")
    ]


def test_code_spanning_two_departements_offers_communes_of_both(app):
    for code in ("05110", "01200"):
        result = lookup(code)
        assert result.ok
        assert len({p.departement_code for p in result.places}) == 2, code
    assert {p.departement_code for p in lookup("05110").places} == {"04", "05"}


def test_code_covering_the_most_communes_lists_them_all(app):
    code, count = db.session.execute(
        select(PostalCode.code, func.count())
        .group_by(PostalCode.code)
        .order_by(func.count().desc())
        .limit(1)
    ).one()
    assert count == 46
    assert len(lookup(code).places) == 46


@pytest.mark.parametrize(
    ("postal_code", "place"),
    [
        ("20000", ("Ajaccio", "2A", "Corse-du-Sud", "94")),  # Corsica: 2A, not 20
        ("97400", ("Saint-Denis", "974", "La Réunion", "04")),  # overseas: three digits
    ],
)
def test_corsica_and_overseas(app, postal_code, place):
    (found,) = lookup(postal_code).places
    assert (found.name, found.departement_code, found.departement_name, found.region_code) == place


@pytest.mark.parametrize(
    ("code", "arrondissement", "commune", "departement"),
    [
        ("75001", "75101", "75056", "75"),
        ("69001", "69381", "69123", "69"),
        ("13001", "13201", "13055", "13"),
    ],
)
def test_paris_lyon_marseille_resolve_to_the_arrondissement(
    app, code, arrondissement, commune, departement
):
    (place,) = lookup(code).places
    assert (place.arrondissement_code, place.commune_code, place.departement_code) == (
        arrondissement,
        commune,
        departement,
    )
    assert place.territory_code("commune") == commune


def test_spaces_typed_in_a_code_are_ignored(app):
    assert lookup(" 35 000 ").ok


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Saisissez votre code postal."),
        ("3500", "5 chiffres"),
        ("ABCDE", "5 chiffres"),
        ("350001", "5 chiffres"),
        (None, "Saisissez votre code postal."),
    ],
)
def test_malformed_code_gives_a_reason(app, raw, message):
    result = lookup(raw)
    assert not result.ok and not result.places
    assert message in result.error


def test_unknown_code_gives_a_reason(app):
    result = lookup("99999")
    assert not result.ok
    assert "Nous ne trouvons pas le code postal" in result.error


def test_full_width_digits_are_a_postal_code_too(app):
    lookup = resolve_postal_code(db.session, "２９２００")
    assert lookup.ok and lookup.postal_code == "29200"
    assert not resolve_postal_code(db.session, "٢٩٢٠٠").ok  # Arabic-Indic: not read as one
