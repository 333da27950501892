"""Partner territories in the order French readers expect, without uninhabited lands."""

from pilotes.infra.extensions import db
from pilotes.territories.names import territory_options
from tests.factories import make_service
from tests.pages import get_page


def test_regions_sort_with_their_accents_and_uninhabited_lands_are_not_offered(app):
    regions = [name for _, name, _ in territory_options(db.session, "region")]
    assert regions.index("Île-de-France") < regions.index("Normandie")
    assert regions.index("Hauts-de-France") < regions.index("Île-de-France")
    departements = {code for code, _, _ in territory_options(db.session, "departement")}
    assert "984" not in departements and "989" not in departements
    assert {"75", "2A", "976"} <= departements


def test_the_partner_form_lists_ile_de_france_among_the_i(client):
    make_service()
    page = get_page(client, "/services/mon-service/partenaire")
    groups = [s.get_text().rsplit(" (", 1)[0] for s in page.select("details summary")]
    assert groups.index("Île-de-France") < groups.index("La Réunion")
    assert "Terres australes et antarctiques françaises" not in page.get_text()
