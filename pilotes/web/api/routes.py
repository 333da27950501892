"""GET-only endpoints over the published (suppressed) figures."""

import hashlib
import json

from flask import Response, abort, g, jsonify, request

from pilotes.domain import services
from pilotes.infra.extensions import db
from pilotes.infra.urls import external_url
from pilotes.models import LEVELS
from pilotes.reports import daily, slices
from pilotes.reports.edition import published_payload
from pilotes.territories.names import cog_code
from pilotes.web.api import bp, dictionary
from pilotes.web.api.openapi import openapi_document

MAX_AGE = 300


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _json(data, status: int = 200) -> Response:
    """JSON with an ETag from its figures (not from when they were read); 304 when the
    client already has them."""
    body = _dumps(data)
    figures = {key: value for key, value in data.items() if key != "generated_at"}
    etag = hashlib.sha256(_dumps(figures).encode()).hexdigest()[:32]
    response = Response(body, status=status, mimetype="application/json")
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response.make_conditional(request)


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


@bp.after_request
def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    return response


@bp.get("/services")
def service_list():
    return _json(
        {
            "services": [
                {
                    "slug": s.slug,
                    "name": s.name,
                    "level": s.level,
                    "phase": s.phase,
                    "stats_url": external_url("api.service_stats", slug=s.slug),  # not Host
                }
                for s in services.published_services(db.session)
            ]
        }
    )


@bp.get("/services/<slug>/stats")
def service_stats(slug: str):
    service = services.get_published(db.session, slug)
    if service is None:
        abort(404)
    level = request.args.get("level", service.level)
    if level not in LEVELS:
        return _error(400, "Le paramètre level vaut region, departement ou commune.")
    try:
        part = slices.parse_slice(db.session, level, request.args, g.get("nul_fields", set()))
    except slices.SliceError as error:
        return _error(400, str(error))
    return _json(
        slices.sliced(db.session, published_payload(db.session, service, level).as_json(), part)
    )


def _daily_request(slug: str):
    """(published figures of the level asked, territory code or None), or an error answer."""
    service = services.get_published(db.session, slug)
    if service is None:
        abort(404)
    level = request.args.get("level", "departement")
    code = cog_code(request.args.get("code")) or None
    try:
        daily.check(level, code)
        published = published_payload(db.session, service, level)
        daily.check(level, code, published)
    except daily.DailyError as error:
        return None, _error(error.status, str(error))
    return (published, code), None


@bp.get("/services/<slug>/daily")
def service_daily(slug: str):
    """Demands per day (Europe/Paris) of every région or département, protected."""
    asked, error = _daily_request(slug)
    if error:
        return error
    return _json(daily.daily_document(*asked))


@bp.get("/services/<slug>/daily.csv")
def service_daily_csv(slug: str):
    """The same series as CSV (« ; », UTF-8 with BOM): Table Schema « jours »."""
    asked, error = _daily_request(slug)
    if error:
        return error
    published, code = asked
    filename = f"{published.service.slug}-{published.level}-jours.csv"
    response = Response(
        list(daily.daily_csv(published, ";", code)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


@bp.get("/schemas")
def data_schemas():
    """The data dictionary: which Table Schema describes which export."""
    return _json(dictionary.schema_list())


@bp.get("/schemas/<name>.json")
def data_schema(name: str):
    return _json(dictionary.schema(name))


@bp.get("/openapi.json")
def openapi():
    return _json(openapi_document())
