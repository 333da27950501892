"""The OpenAPI pieces of the daily series: ``/daily`` (JSON) and ``/daily.csv``."""

from pilotes.web.api.parameters import SERVICE, json_response
from pilotes.web.api.territory_schema import COUNT, SUPPRESSED

DAILY_PARAMETERS = [
    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
    {
        "name": "level",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["region", "departement"]},
        "description": "Territorial level; departement by default.",
    },
    {
        "name": "code",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "pattern": "^[0-9][0-9AB][0-9]?$"},
        "description": "One territory's series (its COG code at this level); 404 when no "
        "territory of the level has this code.",
    },
]
_PROPERTIES = {
    "service": SERVICE,
    "level": {"type": "string", "enum": ["region", "departement"]},
    "generated_at": {"type": "string", "format": "date-time"},
    "timezone": {"const": "Europe/Paris"},
    "suppression_threshold": {"type": "integer", "minimum": 1},
    "hidden_below": {"type": "integer", "minimum": 1},
    "rounding_base": {"type": "integer", "minimum": 1},
    "methodology_url": {"type": "string", "format": "uri"},
    "daily": {
        "type": "array",
        "description": "Every day of the published weeks (Monday to Sunday, in Paris), "
        "for each territory of the level; protected with every other published figure, "
        "so that no hidden daily, weekly or territory count can be recovered.",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "day", "demands", "suppressed"],
            "properties": {
                "code": {"type": "string"},
                "day": {"type": "string", "format": "date"},
                "demands": COUNT,
                "suppressed": {"oneOf": [SUPPRESSED, {"type": "null"}]},
            },
        },
    },
}
# Every property is always there.
DAILY = {
    "type": "object",
    "additionalProperties": False,
    "required": list(_PROPERTIES),
    "properties": _PROPERTIES,
}

# The JSON series and its CSV copy fail in the same ways.
_ERRORS = {
    "400": json_response("Unknown level (message in French).", "Error"),
    "404": json_response(
        "No published service with this slug, or no territory with this "
        "code at this level (message in French).",
        "Error",
    ),
}
DAILY_PATHS = {
    "/services/{slug}/daily": {
        "get": {
            "summary": "A service's demands per day and territory (Europe/Paris)",
            "operationId": "serviceDaily",
            "parameters": DAILY_PARAMETERS,
            "responses": {
                "200": json_response("Demands per day of each territory.", "Daily"),
                "304": {"description": "Not modified (If-None-Match)."},
                **_ERRORS,
            },
        }
    },
    "/services/{slug}/daily.csv": {
        "get": {
            "summary": "The same daily series as CSV (Table Schema « jours »)",
            "operationId": "serviceDailyCsv",
            "parameters": DAILY_PARAMETERS,
            "responses": {
                "200": {
                    "description": "CSV, « ; », UTF-8 with BOM: code, territory, day, "
                    "demands (or the label of a hidden count).",
                    "content": {"text/csv": {}},
                },
                **_ERRORS,
            },
        }
    },
}
