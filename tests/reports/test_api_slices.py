"""?level=commune at scale: filter by département or région, page through; v1 unchanged."""

from urllib.parse import parse_qsl

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Commune
from pilotes.web.api.openapi import openapi_document


@pytest.fixture
def spec():
    return OpenAPI.from_dict(openapi_document())


def get(client_request, spec, query: str, status: int = 200):
    """The API's statistics of the known service for ``query``, checked against the document."""
    values = dict(parse_qsl(query, keep_blank_values=True))
    response = client_request.response("api.service_stats", status, slug="connu", **values)
    spec.validate_response(
        WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response)
    )
    return response


def _departement_of() -> dict[str, str]:
    return dict(db.session.execute(select(Commune.code, Commune.departement_code)).all())


def test_a_v1_client_without_the_new_parameters_gets_what_it_got(
    client_request, spec, known_service
):
    whole = get(client_request, spec, "level=commune").get_json()
    assert "pagination" not in whole
    codes = [t["code"] for t in whole["territories"]]
    assert codes == sorted(set(codes)) and "69123" in codes  # Lyon's 20 always show


def test_filtering_by_departement_keeps_its_communes_exactly_as_the_whole_shows_them(
    client_request, spec, known_service
):
    whole = get(client_request, spec, "level=commune").get_json()
    part = get(client_request, spec, "level=commune&departement=69").get_json()
    departement = _departement_of()
    expected = [t for t in whole["territories"] if departement[t["code"]] == "69"]
    assert part["territories"] == expected and expected
    assert part["totals"] == whole["totals"]  # national, as documented
    assert all(departement[c] == "69" for c in part["demand_without_partner"])
    # Saint-Brieuc's 3 demands are hidden, so Côtes-d'Armor lists no commune.
    assert get(client_request, spec, "level=commune&departement=22").get_json()["territories"] == []


def test_filtering_by_region_at_departement_level(client_request, spec, known_service):
    part = get(client_request, spec, "level=departement&region=53").get_json()
    assert [t["code"] for t in part["territories"]] == ["22", "29", "35", "56"]


def test_pages_cover_the_list_once_in_order(client_request, spec, known_service):
    whole = get(client_request, spec, "level=commune").get_json()["territories"]
    seen, page = [], 1
    while True:
        body = get(client_request, spec, f"level=commune&per_page=3&page={page}").get_json()
        assert body["pagination"]["total"] == len(whole)
        seen += body["territories"]
        if page == body["pagination"]["pages"]:
            break
        page += 1
    assert seen == whole
    beyond = get(client_request, spec, f"level=commune&per_page=3&page={page + 1}").get_json()
    assert beyond["territories"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("level=commune&departement=00", "inconnu"),
        ("level=region&departement=35", "ne se filtre pas"),
        ("level=commune&page=0", "page"),
        ("level=commune&per_page=100000", "per_page"),
        ("level=commune&page=deux", "page"),
        # Found by an outside review: ignored, these answered with every commune.
        ("level=commune&departement=%00", "attend un code de département"),
        ("level=commune&departement=35%00", "attend un code de département"),
        ("level=commune&departement=", "attend un code de département"),
        ("level=departement&region=%20", "attend un code de région"),
    ],
)
def test_a_wrong_filter_or_page_is_a_400_in_french(
    client_request, spec, known_service, query, message
):
    response = get(client_request, spec, query, status=400)
    assert message in response.get_json()["error"]


def test_corsican_codes_are_read_in_any_case(client_request, known_service):
    """« 2a » as a person types it is 2A: in the API's filters, the daily series and the
    territory pages."""

    def figures(endpoint, **query):
        answer = client_request.json(endpoint, slug=known_service.slug, **query)
        answer.pop("generated_at")
        return answer

    for endpoint, query in (
        ("api.service_stats", {"level": "commune", "departement": "2{}"}),
        ("api.service_daily", {"level": "departement", "code": "2{}"}),
    ):
        upper = figures(endpoint, **{k: v.format("A") for k, v in query.items()})
        assert figures(endpoint, **{k: v.format("a") for k, v in query.items()}) == upper
    page = client_request.get_url(f"/services/{known_service.slug}/territoires/2b")
    assert "Haute-Corse" in page.h1.get_text()
