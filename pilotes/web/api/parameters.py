"""Parts of the OpenAPI document that its paths share or that v1 grew: a JSON response, a
service's description, the owner's threshold, the slice parameters (see ``reports.slices``)
and the population source."""

from pilotes.models import LEVELS, PHASES, THRESHOLD_BOUNDS
from pilotes.reports.slices import DEFAULT_PER_PAGE, MAX_PER_PAGE


def json_response(description: str, schema: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


# The owner's threshold, as the settings allow it (pilotes.models.service.THRESHOLD_BOUNDS).
THRESHOLD = {
    "type": "integer",
    "minimum": THRESHOLD_BOUNDS[0],
    "maximum": THRESHOLD_BOUNDS[1],
    "description": "Le seuil fixé par le responsable, entre "
    f"{THRESHOLD_BOUNDS[0]} et {THRESHOLD_BOUNDS[1]} : aucun compte inférieur n'est jamais "
    "publié.",
}

SERVICE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["slug", "name", "level", "phase"],
    "properties": {
        "slug": {"type": "string", "description": "Identifiant du service dans les adresses."},
        "name": {"type": "string", "description": "Nom du service."},
        "level": {
            "type": "string",
            "enum": list(LEVELS),
            "description": "Niveau territorial où le service s'ouvre.",
        },
        "phase": {
            "type": "string",
            "enum": list(PHASES),
            "description": "Phase du service (investigation, construction, accélération…).",
        },
    },
    "description": "Le service.",
}

FILTER_NOTE = (
    " Le contrôle de la divulgation porte sur tout le niveau avant le filtre ; les totaux "
    "restent nationaux. Sans ce paramètre, tous les territoires du niveau sont renvoyés, "
    "comme dans la v1 depuis le début."
)
SLICE_PARAMETERS = [
    {
        "name": "departement",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "pattern": "^[0-9][0-9ABab][0-9]?$"},
        "description": "level=commune seulement : les communes de ce département (code "
        "officiel géographique ; 2a vaut 2A)." + FILTER_NOTE,
    },
    {
        "name": "region",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "pattern": "^[0-9]{2,3}$"},
        "description": "level=commune ou departement : les territoires de cette région."
        + FILTER_NOTE,
    },
    {
        "name": "page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1},
        "description": "Page des territoires, à partir de 1 (avec per_page, "
        f"{DEFAULT_PER_PAGE} par défaut). La réponse contient alors `pagination`.",
    },
    {
        "name": "per_page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "description": "Territoires par page.",
    },
]


POPULATION_SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "producer", "year", "package", "package_version"],
    "description": "La population par laquelle per_100k est calculé.",
    "properties": {
        "kind": {"type": "string", "const": "population municipale"},
        "producer": {"type": "string", "const": "Insee"},
        "year": {"type": "integer", "description": "Année de référence des populations légales."},
        "package": {"type": "string", "description": "Paquet npm d'où les chiffres sont lus."},
        "package_version": {"type": "string"},
    },
}
