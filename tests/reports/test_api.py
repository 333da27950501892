"""The open data API: every response matches the OpenAPI document, validated for real."""

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

from pilotes.web.api.openapi import openapi_document
from tests.factories import make_service


@pytest.fixture
def spec():
    return OpenAPI.from_dict(openapi_document())


def check(spec, response):
    spec.validate_response(
        WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response)
    )
    return response


def test_the_openapi_document_is_served_and_valid(client, spec):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    OpenAPI.from_dict(document)  # validates the document itself


def test_every_response_matches_the_document(client, spec, known_service):
    make_service(slug="autre")
    check(spec, client.get("/api/v1/services"))
    for level in ("region", "departement", "commune"):
        response = check(spec, client.get(f"/api/v1/services/connu/stats?level={level}"))
        assert response.status_code == 200
    assert check(spec, client.get("/api/v1/services/connu/stats")).get_json()["level"] == (
        "departement"
    )
    bad = check(spec, client.get("/api/v1/services/connu/stats?level=canton"))
    assert bad.status_code == 400 and "level" in bad.get_json()["error"]
    missing = check(spec, client.get("/api/v1/services/inconnu/stats"))
    assert missing.status_code == 404 and missing.get_json()["error"]


def test_the_api_is_open_to_every_origin_and_cacheable(client, known_service):
    response = client.get("/api/v1/services/connu/stats", headers={"Origin": "https://x.fr"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    etag = response.headers["ETag"]
    again = client.get("/api/v1/services/connu/stats", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    assert "max-age" in response.headers["Cache-Control"]


def test_draft_services_are_not_in_the_api(client):
    make_service(slug="brouillon", status="draft")
    assert client.get("/api/v1/services").get_json() == {"services": []}
    assert client.get("/api/v1/services/brouillon/stats").status_code == 404


def test_writing_to_the_api_is_refused_in_json(client, known_service):
    response = client.post("/api/v1/services/connu/stats")
    assert response.status_code in (400, 405) and response.is_json


def test_the_etag_follows_the_figures_not_the_clock(client, known_service, monkeypatch):
    first = client.get("/api/v1/services/connu/stats")
    import pilotes.reports.payload as payload_module

    class Later(payload_module.datetime):
        @classmethod
        def now(cls, tz=None):
            return payload_module.datetime(2099, 1, 1, tzinfo=tz)

    monkeypatch.setattr(payload_module, "datetime", Later)
    later = client.get("/api/v1/services/connu/stats")
    assert later.get_json()["generated_at"].startswith("2099")
    assert later.headers["ETag"] == first.headers["ETag"]
    from tests.factories import make_demand

    make_demand(known_service, "35000")
    assert client.get("/api/v1/services/connu/stats").headers["ETag"] != first.headers["ETag"]


def test_a_method_not_allowed_says_which_are(client):
    """RFC 9110: a 405 carries ``Allow`` (our French error body replaces Werkzeug's)."""
    for url in ("/api/v1/services", "/services/inconnu/demande"):
        response = client.open(url, method="PATCH")
        assert response.status_code == 405
        allowed = {m.strip() for m in response.headers["Allow"].split(",")}
        assert "GET" in allowed and "PATCH" not in allowed
