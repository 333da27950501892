"""A service with known demands, and the count the tests check every format against."""

import pytest

from tests.factories import (
    add_partner,
    confirm_everything,
    make_demand,
    make_service,
)

# postal code -> (demands with a confirmed email, demands without email); threshold 11.
KNOWN = {
    "35000": (7, 5),  # Ille-et-Vilaine
    "29200": (3, 4),  # Finistère
    "22000": (0, 3),  # Côtes-d'Armor
    "56000": (6, 0),  # Morbihan
    "69001": (10, 10),  # Rhône
    "13001": (2, 0),  # Bouches-du-Rhône
    "84000": (5, 5),  # Vaucluse
    "97400": (6, 6),  # La Réunion
}


@pytest.fixture
def known_service(app):
    service = make_service(slug="connu", name="Service connu")
    n = 0
    for postal_code, (confirmed, without_email) in KNOWN.items():
        for _ in range(confirmed):
            make_demand(service, postal_code, email=f"p{n}@exemple.fr")
            n += 1
        for _ in range(without_email):
            make_demand(service, postal_code)
    confirm_everything()
    add_partner(service, email="mdph@exemple.fr", status="engaged")
    return service
