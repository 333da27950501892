"""« Demand without a partner » is a published list: its order must follow published figures
only. Ordered by exact counts, a territory's place told its exact count through the rounding,
and one added demand moved it while its published count stood still (found by an audit)."""

import random

import pytest
from bs4 import BeautifulSoup
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

from pilotes.infra.extensions import db
from pilotes.reports.payload import publish
from pilotes.reports.pdf import evidence_html
from pilotes.web.api.openapi import openapi_document
from tests.factories import make_demand, make_service
from tests.reports.evidence_order import evidence_key

PREFECTURES = ["18000", "15000", "36000", "03000", "23000", "19000", "87000", "86000", "79000"]


def _expected(published) -> list[str]:
    """The list as a reader of the published figures would draw it up, in the order of
    « Où ouvrir ensuite »: the lower bound of the published interval first."""
    listed = [
        t for t in published.territories if t.demands and not t.partners_engaged and not t.open
    ]
    base = published.rounding_base
    listed.sort(key=lambda t: evidence_key(t.demands, t.population, t.per_100k, t.code, base))
    return [t.code for t in listed]


def test_the_list_follows_published_figures_only(app):
    service = make_service(level="departement")
    rng = random.Random(7)
    for postal_code in PREFECTURES:
        for _ in range(rng.randint(11, 34)):
            make_demand(service, postal_code)
    departement = publish(db.session, service)["departement"]
    assert len(departement.demand_without_partner) >= 5
    assert departement.demand_without_partner == _expected(departement)


def test_a_demand_that_moves_no_published_figure_moves_nothing_in_the_list(app):
    service = make_service(level="departement")
    for postal_code, count in zip(PREFECTURES, (20, 22, 24, 26, 28, 30, 32, 34, 36), strict=True):
        for _ in range(count):
            make_demand(service, postal_code)
    before = publish(db.session, service)["departement"]
    unchanged_steps = 0
    for _ in range(5):
        make_demand(service, "18000")
        after = publish(db.session, service)["departement"]
        was = {t.code: (t.demands, t.per_100k) for t in before.territories}
        now = {t.code: (t.demands, t.per_100k) for t in after.territories}
        if was["18"] == now["18"]:
            unchanged_steps += 1
            assert after.demand_without_partner == before.demand_without_partner
        before = after
    assert unchanged_steps >= 3  # rounding to 5: at most two of five steps move the count


# Prefectures of small and large territories in six régions, so that at every level a small
# territory's high rate and a larger one's better-proven demand disagree.
SPREAD = {
    "48000": 12,  # Mende, Lozère, Occitanie
    "31000": 100,  # Toulouse, Haute-Garonne, Occitanie
    "05000": 40,  # Gap, Hautes-Alpes, Provence-Alpes-Côte d'Azur
    "23000": 16,  # Guéret, Creuse, Nouvelle-Aquitaine
    "33000": 45,  # Bordeaux, Gironde, Nouvelle-Aquitaine
    "20000": 12,  # Ajaccio, Corse-du-Sud, Corse
    "35000": 30,  # Rennes, Ille-et-Vilaine, Bretagne
    "59000": 50,  # Lille, Nord, Hauts-de-France
}


@pytest.mark.parametrize("level", ["region", "departement", "commune"])
def test_the_api_lists_them_in_the_order_of_the_pdf_at_every_level(client_request, level):
    """The API's list is the PDF's: by the lower bound of the published interval, not by rate
    (an outside review read « by rate » in the document's description)."""
    service = make_service(level=level)
    for postal_code, count in SPREAD.items():
        for _ in range(count):
            make_demand(service, postal_code)
    response = client_request.response("api.service_stats", 200, slug=service.slug, level=level)
    spec = OpenAPI.from_dict(openapi_document())
    spec.validate_response(
        WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response)
    )
    published = response.get_json()
    base = published["rounding_base"]
    listed = [
        t for t in published["territories"] if t["code"] in published["demand_without_partner"]
    ]
    by_rate = [t["code"] for t in sorted(listed, key=lambda t: (-t["per_100k"], t["code"]))]
    listed.sort(
        key=lambda t: evidence_key(t["demands"], t["population"], t["per_100k"], t["code"], base)
    )
    expected = [t["code"] for t in listed]
    assert len(expected) >= 4 and expected != by_rate  # the two orders do disagree here
    assert published["demand_without_partner"] == expected
    page = BeautifulSoup(evidence_html(db.session, service, level), "html.parser")
    in_pdf = [li.get_text() for li in page.select("#without-partner li")]
    assert [item.rsplit("(", 1)[1].rstrip(")") for item in in_pdf] == expected[:10]
