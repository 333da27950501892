"""The open data API: every response matches the OpenAPI document, validated for real."""

import json

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.exceptions import OpenAPIError

from pilotes.web.api.openapi import openapi_document
from tests.factories import make_demand, make_service


@pytest.fixture
def spec():
    return OpenAPI.from_dict(openapi_document())


@pytest.fixture
def api(client_request, spec):
    """``api(endpoint, _status=200, **values)``: the response, checked against the document."""

    def ask(endpoint: str, _status: int = 200, _headers=None, **values):
        response = client_request.response(f"api.{endpoint}", _status, _headers, **values)
        spec.validate_response(
            WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response)
        )
        return response

    return ask


def test_the_openapi_document_is_served_and_valid(client_request):
    document = client_request.response("api.openapi").get_json()
    assert document["openapi"] == "3.1.0"
    OpenAPI.from_dict(document)  # validates the document itself


def test_every_response_matches_the_document(api, known_service):
    make_service(slug="autre")
    api("service_list")
    for level in ("region", "departement", "commune"):
        api("service_stats", slug="connu", level=level)
    assert api("service_stats", slug="connu").get_json()["level"] == "departement"
    bad = api("service_stats", 400, slug="connu", level="canton")
    assert "level" in bad.get_json()["error"]
    assert api("service_stats", 404, slug="inconnu").get_json()["error"]


def test_the_api_is_open_to_every_origin_and_cacheable(api, known_service):
    response = api("service_stats", _headers={"Origin": "https://x.fr"}, slug="connu")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    etag = response.headers["ETag"]
    again = api("service_stats", 304, _headers={"If-None-Match": etag}, slug="connu")
    assert not again.data
    assert "max-age" in response.headers["Cache-Control"]


def test_draft_services_are_not_in_the_api(api):
    make_service(slug="brouillon", status="draft")
    assert api("service_list").get_json() == {"services": []}
    api("service_stats", 404, slug="brouillon")


def test_writing_to_the_api_is_refused_in_json(client_request, known_service):
    response = client_request.response("api.service_stats", 405, _method="POST", slug="connu")
    assert response.is_json


def test_the_etag_follows_the_figures_not_the_clock(api, known_service, monkeypatch):
    first = api("service_stats", slug="connu")
    import pilotes.reports.payload as payload_module

    class Later(payload_module.datetime):
        @classmethod
        def now(cls, tz=None):
            return payload_module.datetime(2099, 1, 1, tzinfo=tz)

    monkeypatch.setattr(payload_module, "datetime", Later)
    later = api("service_stats", slug="connu")
    assert later.get_json()["generated_at"].startswith("2099")
    assert later.headers["ETag"] == first.headers["ETag"]
    for _ in range(5):  # one rounding step: one demand may leave every rounded figure as it was
        make_demand(known_service, "35000")
    assert api("service_stats", slug="connu").headers["ETag"] != first.headers["ETag"]


def test_a_method_not_allowed_says_which_are(client_request):
    """RFC 9110: a 405 carries ``Allow`` (our French error body replaces Werkzeug's)."""
    for endpoint, values in (("api.service_list", {}), ("public.demand_start", {"slug": "x"})):
        response = client_request.response(endpoint, 405, _method="PATCH", **values)
        allowed = {m.strip() for m in response.headers["Allow"].split(",")}
        assert "GET" in allowed and "PATCH" not in allowed


def test_the_document_bounds_the_owners_threshold_as_the_settings_do(client_request, spec):
    """Stats said minimum 0 and Daily minimum 1 while the settings allow 5 to 50 (outside
    review): an answer outside those bounds does not match the document, in either path."""
    service = make_service(suppression_threshold=5)
    for endpoint in ("api.service_stats", "api.service_daily"):
        response = client_request.response(endpoint, slug=service.slug)
        request = WerkzeugOpenAPIRequest(response.request)
        spec.validate_response(request, WerkzeugOpenAPIResponse(response))
        for threshold, matches in ((4, False), (5, True), (50, True), (51, False)):
            answer = {**response.get_json(), "suppression_threshold": threshold}
            response.set_data(json.dumps(answer))
            try:
                spec.validate_response(request, WerkzeugOpenAPIResponse(response))
            except OpenAPIError:
                assert not matches, (endpoint, threshold)
            else:
                assert matches, (endpoint, threshold)
