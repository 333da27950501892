"""Rates are rounded half up, and the population they divide by is named."""

import dataclasses
import json
from pathlib import Path

import pytest
from flask import current_app

from pilotes.infra.extensions import db
from pilotes.reports import engine, rates
from pilotes.reports.edition import build_payload
from pilotes.reports.formats import cell, method_lines
from pilotes.territories.source import POPULATION_YEARS, population_source
from tests.factories import make_demand, make_service


@pytest.mark.parametrize(
    ("count", "population", "expected"),
    [
        (5, 3200, 156.3),  # 156.25: banker's rounding gave 156.2
        (1, 2_000_000, 0.1),  # 0.05
        (3, 800_000, 0.4),  # 0.375
        (7, 2_000_000, 0.4),  # 0.35, which binary floats hold as 0.34999…
        (0, 1000, 0.0),
    ],
)
def test_rates_are_rounded_half_up_to_one_decimal(count, population, expected):
    assert rates.per_100k(count, population) == expected


def test_no_population_gives_no_rate_and_goals_round_half_up():
    assert rates.per_100k(3, 0) is None
    assert rates.goal_percent(1, 8) == 13  # 12.5
    assert rates.goal_percent(9, 8) == 100


def test_a_territory_rate_is_the_half_up_rate(app):
    service = make_service()
    make_demand(service, "35000")
    (row,) = [r for r in engine.territory_rows(db.session, service, "departement") if r.demands]
    assert row.per_100k == rates.per_100k(1, row.population)


def test_the_population_is_named_with_its_year_and_package(app):
    manifest = Path(current_app.config["NODE_MODULES_DIR"]) / (
        "@etalab/decoupage-administratif/package.json"
    )
    version = json.loads(manifest.read_text())["version"]
    source = population_source(current_app.config["NODE_MODULES_DIR"])
    assert source.package_version == version
    assert source.year == POPULATION_YEARS[int(version.split(".")[0])]
    service = make_service()
    payload = build_payload(db.session, service, "departement")
    assert payload.population_source == {
        "kind": "population municipale",
        "producer": "Insee",
        "year": source.year,
        "package": "@etalab/decoupage-administratif",
        "package_version": version,
    }
    assert payload.rates_rounding == "half-up, one decimal"
    method = " ".join(method_lines(payload))
    assert f"population municipale de l'Insee (populations légales {source.year}" in method
    assert f"Etalab (données « découpage administratif », version {version})" in method
    assert "@etalab" not in method  # a sponsor reads the producer, not an npm package's name
    assert "156,25 donne 156,3" in method
    assert "pas des personnes" in method


def test_a_hidden_rate_reads_non_publie_never_a_bound_that_would_be_false(app):
    """« moins de 15 » is a count's bound: of Saint-Pierre-et-Miquelon's rate (5,790
    people) it would be false for any demand at all. Without population, no rate."""
    service = make_service()
    for postal_code in ("97500", "35000"):
        make_demand(service, postal_code)
    published = build_payload(db.session, service, "departement")
    rows = {t.code: t for t in published.territories}
    assert rows["975"].status("demands") and rows["975"].population > 0
    assert cell(rows["975"], "per_100k", published.hidden_below) == "non publié"
    nobody = dataclasses.replace(rows["975"], population=0)
    assert cell(nobody, "per_100k", published.hidden_below) == ""
