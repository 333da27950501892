"""The OpenAPI pieces of the daily series: ``/daily`` (JSON) and ``/daily.csv``."""

from pilotes.web.api.parameters import SERVICE, THRESHOLD, json_response
from pilotes.web.api.territory_schema import COUNT, SUPPRESSED

DAILY_PARAMETERS = [
    {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
    {
        "name": "level",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["region", "departement"]},
        "description": "Niveau territorial ; departement par défaut.",
    },
    {
        "name": "code",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "pattern": "^[0-9][0-9ABab][0-9]?$"},
        "description": "La série d'un seul territoire (son code officiel géographique à ce "
        "niveau) ; 404 quand aucun territoire du niveau n'a ce code.",
    },
]
_PROPERTIES = {
    "service": SERVICE,
    "level": {"type": "string", "enum": ["region", "departement"]},
    "generated_at": {"type": "string", "format": "date-time"},
    "timezone": {"const": "Europe/Paris"},
    "suppression_threshold": THRESHOLD,
    "hidden_below": {"type": "integer", "minimum": 1},
    "rounding_base": {"type": "integer", "minimum": 1},
    "methodology_url": {"type": "string", "format": "uri"},
    "daily": {
        "type": "array",
        "description": "Chaque jour des semaines publiées (du lundi au dimanche, à l'heure "
        "de Paris) jusqu'à aujourd'hui, jamais un jour à venir, pour chaque territoire du "
        "niveau ; protégé avec tous les autres chiffres "
        "publiés, pour qu'aucun compte caché d'un jour, d'une semaine ou d'un territoire ne "
        "puisse être retrouvé.",
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
    "400": json_response("Niveau inconnu (message en français).", "Error"),
    "404": json_response(
        "Aucun service publié n'a ce slug, ou aucun territoire n'a ce code à ce niveau "
        "(message en français).",
        "Error",
    ),
}
DAILY_PATHS = {
    "/services/{slug}/daily": {
        "get": {
            "summary": "Les demandes d'un service par jour et par territoire (Europe/Paris)",
            "operationId": "serviceDaily",
            "parameters": DAILY_PARAMETERS,
            "responses": {
                "200": json_response("Les demandes de chaque territoire, jour par jour.", "Daily"),
                "304": {"description": "Non modifié (If-None-Match)."},
                **_ERRORS,
            },
        }
    },
    "/services/{slug}/daily.csv": {
        "get": {
            "summary": "La même série quotidienne en CSV (schéma de données « jours »)",
            "operationId": "serviceDailyCsv",
            "parameters": DAILY_PARAMETERS,
            "responses": {
                "200": {
                    "description": "CSV, séparateur « ; », UTF-8 avec BOM : code, "
                    "territoire, jour, demandes (ou la mention d'un compte caché).",
                    "content": {"text/csv": {}},
                },
                **_ERRORS,
            },
        }
    },
}
