"""French names in French order, whatever the machine's locale: « Éloise » is an E."""

from pilotes.infra.extensions import db
from pilotes.territories.lookup import resolve_postal_code
from pilotes.territories.names import find_territories, french_order, territory_options
from tests.factories import make_demand, make_service


def test_accented_capitals_sort_with_their_letter():
    names = ["Vesancy", "Échenevex", "Gex", "Cessy", "Île-d'Yeu", "Ivry", "égletons"]
    assert sorted(names, key=french_order) == [
        "Cessy",
        "Échenevex",
        "égletons",
        "Gex",
        "Île-d'Yeu",
        "Ivry",
        "Vesancy",
    ]


def test_the_communes_of_a_postal_code_are_in_french_order(app):
    names = [place.name for place in resolve_postal_code(db.session, "01200").places]
    assert names.index("Confort") < names.index("Éloise") < names.index("Injoux-Génissiat")
    assert names == sorted(names, key=french_order)


def test_the_postal_code_step_lists_them_in_that_order(client_request):
    make_service(level="commune")
    page = client_request.get("public.demand_start", slug="mon-service", code_postal="01200")
    labels = [label.get_text(strip=True) for label in page.select("fieldset#commune label")]
    names = [label.split(" (")[0] for label in labels]
    assert names.index("Confort") < names.index("Éloise") < names.index("Villes")


def test_regions_and_territories_found_by_name_are_in_french_order(app):
    regions = [name for _, name, _ in territory_options(db.session, "region")]
    assert regions.index("Hauts-de-France") < regions.index("Île-de-France")
    assert regions.index("Île-de-France") < regions.index("La Réunion")
    found = [name for _, name in find_territories(db.session, "commune", "É")]
    assert found == sorted(found, key=french_order)
    assert len(found) > 2


def test_the_team_sorts_its_territories_by_name_in_french_order(client_request):
    service = make_service(level="commune")
    for commune in ("01033", "74109", "01114"):  # Valserhône, Éloise, Confort
        make_demand(service, "01200", commune=commune)
    client_request.sign_in_as("viewer", service)
    page = client_request.get("team.territories", slug=service.slug, tri="nom")
    names = [row.select("td")[1].get_text() for row in page.select("#territories tbody tr")]
    assert names == sorted(names, key=french_order) and len(names) == 3
