"""The JSON Schemas of the open data API's responses (``components.schemas`` of its
OpenAPI document, ``openapi.py``)."""

from pilotes.models import LEVELS, PARTNER_STATUSES, PHASES
from pilotes.reports.rates import RATES_ROUNDING
from pilotes.reports.slices import MAX_PER_PAGE
from pilotes.web.api.parameters import POPULATION_SOURCE

COUNT = {
    "type": ["integer", "null"],
    "minimum": 0,
    "description": "null when the count is hidden (see `suppressed`); otherwise a multiple "
    "of `rounding_base`, within rounding_base - 1 of the true count.",
}
SUPPRESSED = {
    "type": "string",
    "enum": ["small", "secondary"],
    "description": "small: below `hidden_below` (« moins de N »); secondary: large "
    "enough, hidden so that no published sum gives a small count back (« masqué »).",
}


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
    "Territory": {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "code",
            "name",
            "population",
            "demands",
            "confirmed",
            "unconfirmed",
            "volunteers",
            "per_100k",
            "suppressed",
            "partners",
            "partners_engaged",
            "goal",
            "goal_reached",
            "open",
            "goal_per_100k",
        ],
        "properties": {
            "code": {"type": "string", "description": "Official COG code."},
            "name": {"type": "string"},
            "population": {"type": "integer", "minimum": 0},
            "demands": COUNT,
            "confirmed": COUNT,
            "unconfirmed": COUNT,
            "volunteers": COUNT,
            "per_100k": {
                "type": ["number", "null"],
                "minimum": 0,
                "description": "Demands per 100,000 inhabitants (population municipale), "
                "rounded half up to one decimal.",
            },
            "suppressed": {
                "type": "object",
                "additionalProperties": SUPPRESSED,
                "propertyNames": {"enum": ["demands", "confirmed", "unconfirmed", "volunteers"]},
            },
            "partners": {
                "type": "integer",
                "minimum": 0,
                "description": "Confirmed partner organisations, not declined.",
            },
            "partners_engaged": {"type": "integer", "minimum": 0},
            "goal": {"type": ["integer", "null"], "minimum": 1},
            "goal_reached": {
                "type": ["boolean", "null"],
                "description": "null without a goal, or when the published (rounded) count "
                "cannot tell.",
            },
            "open": {"type": "boolean"},
            "goal_per_100k": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "When the team set the goal per 100,000 inhabitants: that rate "
                "(goal is then the count it makes for the population, rounded up); else null.",
            },
        },
    },
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
            "service": {
                "type": "object",
                "additionalProperties": False,
                "required": ["slug", "name", "level", "phase"],
                "properties": {
                    "slug": {"type": "string"},
                    "name": {"type": "string"},
                    "level": {"type": "string", "enum": list(LEVELS)},
                    "phase": {"type": "string", "enum": list(PHASES)},
                },
            },
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
                    "territories_with_demand",
                    "open_territories",
                    "partners",
                ],
                "properties": {
                    "demands": COUNT,
                    "confirmed": COUNT,
                    "unconfirmed": COUNT,
                    "volunteers": COUNT,
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
