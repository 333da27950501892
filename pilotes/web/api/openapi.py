"""The OpenAPI 3.1 description of the open data API; a test checks every response against it."""

from pilotes.models import LEVELS, PARTNER_STATUSES, PHASES
from pilotes.reports.rates import RATES_ROUNDING
from pilotes.reports.slices import MAX_PER_PAGE
from pilotes.web.api.daily_schema import DAILY, DAILY_PATHS
from pilotes.web.api.parameters import POPULATION_SOURCE, SERVICE, SLICE_PARAMETERS, json_response
from pilotes.web.api.territory_schema import ACCOMPANIED, COUNT, SUPPRESSED, TERRITORY

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {"error": {"type": "string"}},
    },
    "ServiceList": {
        "type": "object",
        "required": ["services"],
        "additionalProperties": False,
        "properties": {
            "services": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["slug", "name", "level", "phase", "stats_url"],
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "level": {"type": "string", "enum": list(LEVELS)},
                        "phase": {"type": "string", "enum": list(PHASES)},
                        "stats_url": {"type": "string", "format": "uri"},
                    },
                },
            }
        },
    },
    "Territory": TERRITORY,
    "Stats": {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "service",
            "level",
            "generated_at",
            "suppression_threshold",
            "population_source",
            "rates_rounding",
            "totals",
            "territories",
            "weekly",
            "demand_without_partner",
            "partner_without_demand",
        ],
        "properties": {
            "service": SERVICE,
            "level": {"type": "string", "enum": list(LEVELS)},
            "generated_at": {"type": "string", "format": "date-time"},
            "suppression_threshold": {
                "type": "integer",
                "minimum": 0,
                "description": "The owner's threshold: no count below it is ever published.",
            },
            "hidden_below": {
                "type": "integer",
                "description": "Every hidden count is below it (the N of « moins de N »).",
            },
            "rounding_base": {
                "type": "integer",
                "description": "Published counts are rounded to a multiple of it, with a "
                "secret offset per cell (the defence against differencing).",
            },
            "methodology_url": {"type": "string", "format": "uri"},
            "population_source": POPULATION_SOURCE,
            "rates_rounding": {
                "type": "string",
                "const": RATES_ROUNDING,
                "description": "per_100k is rounded to one decimal, halves up (156.25 → 156.3).",
            },
            "totals": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "demands",
                    "confirmed",
                    "unconfirmed",
                    "volunteers",
                    "accompanied",
                    "territories_with_demand",
                    "open_territories",
                    "partners",
                ],
                "properties": {
                    "demands": COUNT,
                    "confirmed": COUNT,
                    "unconfirmed": COUNT,
                    "volunteers": COUNT,
                    "accompanied": ACCOMPANIED,
                    "territories_with_demand": {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Territories whose demand count is published.",
                    },
                    "open_territories": {"type": "integer", "minimum": 0},
                    "suppressed": {
                        "type": "object",
                        "additionalProperties": SUPPRESSED,
                        "description": "Why a national count is hidden.",
                    },
                    "partners": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": list(PARTNER_STATUSES),
                        "properties": {
                            s: {"type": "integer", "minimum": 0} for s in PARTNER_STATUSES
                        },
                    },
                },
            },
            "territories": {"type": "array", "items": {"$ref": "#/components/schemas/Territory"}},
            "weekly": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["week", "demands", "confirmed", "suppressed"],
                    "properties": {
                        "week": {"type": "string", "format": "date"},
                        "demands": COUNT,
                        "confirmed": COUNT,
                        "suppressed": {"oneOf": [SUPPRESSED, {"type": "null"}]},
                    },
                },
            },
            "demand_without_partner": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Territories with published demand and no engaged "
                "partner, most demand per inhabitant first.",
            },
            "partner_without_demand": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Territories with a partner and hidden demand (below "
                "`hidden_below`): a zero is never published as such.",
            },
            "pagination": {
                "type": "object",
                "additionalProperties": False,
                "required": ["page", "per_page", "total", "pages"],
                "description": "Only when page or per_page is given: territories holds one "
                "page of the (filtered) list; total counts the whole list.",
                "properties": {
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                    "total": {"type": "integer", "minimum": 0},
                    "pages": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}

SCHEMAS["Daily"] = DAILY


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Pilotes — données ouvertes",
            "version": "1.0.0",
            "description": "Demand for public services in beta, per territory (COG codes). "
            "Counts below each service's threshold are hidden, published counts are "
            "rounded (see /methodologie). "
            "Licence Ouverte / etalab-2.0. Every column of every export (CSV, XLSX, JSON, "
            "and the teams' personal-data CSVs) is described by a Table Schema "
            "(schema.data.gouv.fr format) listed at /api/v1/schemas.",
        },
        "externalDocs": {
            "description": "Data dictionary (Table Schemas)",
            "url": "/api/v1/schemas",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/services": {
                "get": {
                    "summary": "Published services",
                    "operationId": "listServices",
                    "responses": {"200": json_response("The published services.", "ServiceList")},
                }
            },
            "/schemas": {
                "get": {
                    "summary": "The data dictionary: the Table Schemas of every export",
                    "operationId": "listSchemas",
                    "responses": {"200": {"description": "name, title and url of each schema."}},
                }
            },
            "/schemas/{name}.json": {
                "get": {
                    "summary": "One Table Schema (frictionless / schema.data.gouv.fr)",
                    "operationId": "getSchema",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {"description": "A Table Schema."},
                        "404": json_response("No schema with this name.", "Error"),
                    },
                }
            },
            **DAILY_PATHS,
            "/services/{slug}/stats": {
                "get": {
                    "summary": "A service's figures per territory",
                    "operationId": "serviceStats",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "level",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": list(LEVELS)},
                            "description": "Territorial level; the service's own by default.",
                        },
                        *SLICE_PARAMETERS,
                    ],
                    "responses": {
                        "200": json_response("Figures per territory.", "Stats"),
                        "304": {"description": "Not modified (If-None-Match)."},
                        "400": json_response(
                            "Unknown level, filter code or page (message in French).", "Error"
                        ),
                        "404": json_response("No published service with this slug.", "Error"),
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
