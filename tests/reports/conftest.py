"""A service with known demands, and the count the tests check every format against."""

from collections import Counter

import pytest
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Demand
from tests.factories import (
    add_partner,
    confirm_everything,
    make_demand,
    make_service,
)

# postal code -> (demands with a confirmed email, demands without email); threshold 5.
KNOWN = {
    "35000": (7, 5),  # Ille-et-Vilaine: 12 shown; its split hidden (Finistère's partner)
    "29200": (3, 4),  # Finistère: 7 shown; split 3/4 is small: hidden
    "22000": (0, 3),  # Côtes-d'Armor: 3, small
    "56000": (6, 0),  # Morbihan: 6, the smallest other in Bretagne: secondary
    "69001": (10, 10),  # Rhône: 20
    "13001": (2, 0),  # Bouches-du-Rhône: 2, small
    "84000": (5, 5),  # Vaucluse: 10, the only other in PACA: secondary
    "97400": (6, 6),  # La Réunion: 12
}
HIDDEN_DEMANDS = {"22": "small", "56": "secondary", "13": "small", "84": "secondary"}
HIDDEN_SPLIT = {"29": "small", "35": "secondary"}


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


def independent_count(service) -> dict[str, tuple[int, int]]:
    """{département: (demands, confirmed)} straight from the raw rows."""
    rows = db.session.execute(
        select(Demand.departement_code, Demand.confirmed_at).where(Demand.service_id == service.id)
    ).all()
    demands = Counter(code for code, _ in rows)
    confirmed = Counter(code for code, at in rows if at)
    return {code: (demands[code], confirmed[code]) for code in demands}
