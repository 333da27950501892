"""The OpenAPI 3.1 description of the open data API; a test checks every response against it."""

from pilotes.models import LEVELS, PARTNER_STATUSES, PHASES
from pilotes.reports.rates import RATES_ROUNDING
from pilotes.reports.slices import MAX_PER_PAGE
from pilotes.web.api.daily_schema import DAILY, DAILY_PATHS
from pilotes.web.api.parameters import (
    POPULATION_SOURCE,
    SERVICE,
    SLICE_PARAMETERS,
    THRESHOLD,
    json_response,
)
from pilotes.web.api.territory_schema import ACCOMPANIED, COUNT, SUPPRESSED, TERRITORY

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {"error": {"type": "string", "description": "Le message, en français."}},
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
                        "stats_url": {
                            "type": "string",
                            "format": "uri",
                            "description": "Les chiffres du service dans cette API.",
                        },
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
            "level": {
                "type": "string",
                "enum": list(LEVELS),
                "description": "Niveau des territoires listés.",
            },
            "generated_at": {
                "type": "string",
                "format": "date-time",
                "description": (
                    "Quand ces chiffres ont été arrêtés : une fois par jour (heure de "
                    "Paris), ou de nouveau le jour même après une décision de l'équipe."
                ),
            },
            "suppression_threshold": THRESHOLD,
            "hidden_below": {
                "type": "integer",
                "description": "Tout compte caché lui est inférieur (le N de « moins de N »).",
            },
            "rounding_base": {
                "type": "integer",
                "description": "Les comptes publiés sont arrondis à un multiple de cette "
                "base, avec un décalage secret propre à chaque case (la défense contre la "
                "différenciation).",
            },
            "methodology_url": {
                "type": "string",
                "format": "uri",
                "description": "La méthode de ces chiffres (comptage, petits comptes, arrondi).",
            },
            "population_source": POPULATION_SOURCE,
            "rates_rounding": {
                "type": "string",
                "const": RATES_ROUNDING,
                "description": "per_100k est arrondi au dixième, les demi-dixièmes vers le haut "
                "(156,25 → 156,3).",
            },
            "totals": {
                "type": "object",
                "description": "Les totaux nationaux.",
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
                        "description": "Territoires dont le nombre de demandes est publié.",
                    },
                    "open_territories": {"type": "integer", "minimum": 0},
                    "suppressed": {
                        "type": "object",
                        "additionalProperties": SUPPRESSED,
                        "description": "Pourquoi un compte national est caché.",
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
            "territories": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Territory"},
                "description": "Les territoires du niveau ; pour les communes, seulement celles "
                "dont un chiffre est publié (voir /methodologie).",
            },
            "weekly": {
                "type": "array",
                "description": "Les demandes de chaque semaine ISO, au total national.",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["week", "demands", "confirmed", "suppressed"],
                    "properties": {
                        "week": {
                            "type": "string",
                            "format": "date",
                            "description": "Le lundi de la semaine (heure de Paris).",
                        },
                        "demands": COUNT,
                        "confirmed": COUNT,
                        "suppressed": {"oneOf": [SUPPRESSED, {"type": "null"}]},
                    },
                },
            },
            "demand_without_partner": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Territoires non ouverts dont la demande est publiée et sans "
                "partenaire engagé, dans l'ordre de « Où ouvrir ensuite » : le bas de "
                "l'intervalle à 95 % publié d'abord (pas le taux pour 100 000 habitants).",
            },
            "partner_without_demand": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Territoires avec un partenaire et une demande cachée (sous "
                "`hidden_below`) : un zéro n'est jamais publié comme tel.",
            },
            "pagination": {
                "type": "object",
                "additionalProperties": False,
                "required": ["page", "per_page", "total", "pages"],
                "description": "Seulement avec page ou per_page : territories contient une "
                "page de la liste (filtrée) ; total compte toute la liste.",
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
            "description": "La demande pour des services publics numériques en beta, par "
            "territoire (codes officiels géographiques). Les comptes inférieurs au seuil de "
            "chaque service sont cachés, les comptes publiés sont arrondis (voir "
            "/methodologie). Licence Ouverte / etalab-2.0. Chaque colonne de chaque export "
            "(CSV, XLSX, JSON, et les CSV de données personnelles des équipes) est décrite "
            "par un schéma de données (Table Schema, format de schema.data.gouv.fr) listé "
            "dans /api/v1/schemas.",
        },
        "externalDocs": {
            "description": "Dictionnaire des données (schémas Table Schema)",
            "url": "/api/v1/schemas",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/services": {
                "get": {
                    "summary": "Les services publiés",
                    "operationId": "listServices",
                    "responses": {"200": json_response("Les services publiés.", "ServiceList")},
                }
            },
            "/schemas": {
                "get": {
                    "summary": "Le dictionnaire des données : les schémas de chaque export",
                    "operationId": "listSchemas",
                    "responses": {"200": {"description": "name, title et url de chaque schéma."}},
                }
            },
            "/schemas/{name}.json": {
                "get": {
                    "summary": "Un schéma de données (Table Schema de schema.data.gouv.fr)",
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
                        "200": {"description": "Un schéma de données (Table Schema)."},
                        "404": json_response("Aucun schéma ne porte ce nom.", "Error"),
                    },
                }
            },
            **DAILY_PATHS,
            "/services/{slug}/stats": {
                "get": {
                    "summary": "Les chiffres d'un service par territoire",
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
                            "description": "Niveau territorial ; celui du service par défaut.",
                        },
                        *SLICE_PARAMETERS,
                    ],
                    "responses": {
                        "200": json_response("Les chiffres par territoire.", "Stats"),
                        "304": {"description": "Non modifié (If-None-Match)."},
                        "400": json_response(
                            "Niveau, code de filtre ou page inconnus (message en français).",
                            "Error",
                        ),
                        "404": json_response("Aucun service publié n'a ce slug.", "Error"),
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
