"""The daily series (API and CSV): each day of each région and département equals an
independent count of the raw rows, rounded with its own offset or hidden as the method
says; days are taken in Europe/Paris; the CSV follows its Table Schema."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from sqlalchemy import select

from pilotes.domain.counting import recount
from pilotes.infra import french
from pilotes.infra.extensions import db
from pilotes.models import Demand, Service
from pilotes.reports.days import DAY_LEVELS
from pilotes.reports.payload import service_rule
from pilotes.web.api.openapi import openapi_document
from tests.factories import make_service
from tests.reports.test_attacker import add_rows
from tests.reports.test_data_dictionary import errors_in_csv, schema
from tests.reports.truth import true_counts

LABELS = {"small": "moins de {bound}", "secondary": "masqué"}


def check_against_the_raw_rows(service, daily: dict[str, dict]) -> int:
    """Every published day as the raw rows make it; returns how many are published."""
    rule, truth = service_rule(service), true_counts(service)
    published = 0
    for level, data in daily.items():
        assert data["timezone"] == "Europe/Paris"
        for d in data["daily"]:
            key = ("demands", "day", f"{level}:{d['code']}:{d['day']}")
            rounded = rule.rounded(key, truth[key])
            if d["suppressed"] == "small":
                assert d["demands"] is None and rounded < rule.bound, (key, truth[key])
            elif d["suppressed"] == "secondary":
                assert d["demands"] is None and rounded >= rule.bound, (key, truth[key])
            else:
                assert d["demands"] == rounded >= rule.bound, (key, truth[key], d)
                published += 1
    return published


def test_the_demos_days_equal_an_independent_count_of_the_raw_rows(client_request, runner):
    runner.invoke(args=["pilotes", "demo"])
    service = db.session.scalar(select(Service))
    daily = {
        level: client_request.json("api.service_daily", slug=service.slug, level=level)
        for level in DAY_LEVELS
    }
    weeks = client_request.json("api.service_stats", slug=service.slug)["weekly"]
    every_day = {
        (date.fromisoformat(w["week"]) + timedelta(days=i)).isoformat()
        for w in weeks
        for i in range(7)
        if date.fromisoformat(w["week"]) + timedelta(days=i) <= french.paris_today()
    }
    assert {d["day"] for d in daily["region"]["daily"]} == every_day
    assert check_against_the_raw_rows(service, daily) > 0


def _monday_demands(today: date, monkeypatch):
    """A service with 20 demands filed on Sunday 22 November 2026 at 23:30 UTC, seen on
    ``today`` (Paris)."""
    monkeypatch.setattr(french, "paris_today", lambda: today)
    service = make_service()
    moment = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    add_rows(service, [("35000", False, 0, False, False)] * 20, [], None)
    for demand in db.session.scalars(select(Demand)):
        demand.created_at = moment
    db.session.commit()
    recount(db.session, service.id, fix=True)
    db.session.commit()
    return service


def test_a_day_is_a_day_in_paris(client_request, app, monkeypatch):
    """Sunday 23:30 UTC in November is Monday 00:30 in Paris: Monday's demand."""
    service = _monday_demands(date(2026, 12, 1), monkeypatch)
    data = client_request.json("api.service_daily", slug=service.slug, level="departement", code=35)
    days = {d["day"]: d for d in data["daily"]}
    assert sorted(days) == [f"2026-11-{n}" for n in range(23, 30)]  # that ISO week
    assert days["2026-11-23"]["demands"] is not None  # 20, rounded: published
    assert all(days[d]["demands"] is None for d in days if d != "2026-11-23")
    check_against_the_raw_rows(
        service,
        {"departement": data},
    )


def test_a_day_that_has_not_happened_is_not_published(client_request, app, monkeypatch):
    """Seen on Wednesday 25 November, the week runs to that day, in JSON and CSV: a day
    after today printed « moins de 15 » read as a figure (outside review)."""
    service = _monday_demands(date(2026, 11, 25), monkeypatch)
    where = {"slug": service.slug, "level": "departement"}
    data = client_request.json("api.service_daily", **where)
    assert sorted({d["day"] for d in data["daily"]}) == ["2026-11-23", "2026-11-24", "2026-11-25"]
    check_against_the_raw_rows(service, {"departement": data})
    response = client_request.response("api.service_daily_csv", **where)
    rows = list(
        csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert sorted({r["Jour"] for r in rows}) == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert client_request.json("api.service_stats", **where)["weekly"][0]["week"] == "2026-11-23"


def test_the_daily_csv_follows_its_schema_and_says_what_the_json_says(
    client_request, known_service, tmp_path
):
    for level in DAY_LEVELS:
        where = {"slug": known_service.slug, "level": level}
        text = client_request.response("api.service_daily_csv", **where).get_data(as_text=True)
        assert errors_in_csv(tmp_path, text, ";", schema(client_request, "jours")) == [], level
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))[1:]
        data = client_request.json("api.service_daily", **where)
        items, bound = data["daily"], data["hidden_below"]
        assert len(rows) == len(items) > 0
        for row, item in zip(rows, items, strict=True):
            shown = (
                LABELS[item["suppressed"]].format(bound=bound)
                if item["suppressed"]
                else str(item["demands"])
            )
            assert (row[0], row[2], row[3]) == (item["code"], item["day"], shown)


def test_the_daily_api_refuses_communes_and_unknown_codes_in_french(client_request, known_service):
    for query, status, words in (
        ({"level": "commune"}, 400, "level vaut region ou departement"),
        ({"code": "99"}, 404, "Aucun territoire de code « 99 »"),
        ({"level": "region", "code": "35"}, 404, "Aucun territoire de code « 35 »"),
    ):
        for endpoint in ("api.service_daily", "api.service_daily_csv"):
            answer = client_request.json(endpoint, status, slug=known_service.slug, **query)
            assert words in answer["error"]
    client_request.json("api.service_daily", 404, slug="inconnu")


def test_daily_responses_match_the_openapi_document(client_request, known_service):
    spec = OpenAPI.from_dict(openapi_document())
    for query, status in (
        ({}, 200),
        ({"level": "region"}, 200),
        ({"level": "departement", "code": "35"}, 200),
        ({"code": "99"}, 404),
        ({"level": "x"}, 400),
    ):
        for endpoint in ("api.service_daily", "api.service_daily_csv"):
            response = client_request.response(endpoint, status, slug=known_service.slug, **query)
            spec.validate_response(
                WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response)
            )
