"""Parts of the OpenAPI document that its paths share or that v1 grew: a JSON response, a
service's description, the slice parameters (see ``reports.slices``) and the population
source."""

from pilotes.models import LEVELS, PHASES
from pilotes.reports.slices import DEFAULT_PER_PAGE, MAX_PER_PAGE


def json_response(description: str, schema: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


SERVICE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["slug", "name", "level", "phase"],
    "properties": {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "level": {"type": "string", "enum": list(LEVELS)},
        "phase": {"type": "string", "enum": list(PHASES)},
    },
}

FILTER_NOTE = (
    " Disclosure control is applied to the whole level before filtering; totals stay "
    "national. Without it, every territory of the level is returned, as in v1 from the start."
)
SLICE_PARAMETERS = [
    {
        "name": "departement",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "pattern": "^[0-9][0-9AB][0-9]?$"},
        "description": "level=commune only: the communes of this département (COG code)."
        + FILTER_NOTE,
    },
    {
        "name": "region",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "pattern": "^[0-9]{2,3}$"},
        "description": "level=commune or departement: the territories of this région."
        + FILTER_NOTE,
    },
    {
        "name": "page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1},
        "description": "Page of the territories, from 1 (with per_page, default "
        f"{DEFAULT_PER_PAGE}). The response then holds `pagination`.",
    },
    {
        "name": "per_page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "description": "Territories per page.",
    },
]


POPULATION_SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "producer", "year", "package", "package_version"],
    "description": "The population per_100k divides by.",
    "properties": {
        "kind": {"type": "string", "const": "population municipale"},
        "producer": {"type": "string", "const": "Insee"},
        "year": {"type": "integer", "description": "Reference year of the populations légales."},
        "package": {"type": "string", "description": "npm package the figures are read from."},
        "package_version": {"type": "string"},
    },
}
