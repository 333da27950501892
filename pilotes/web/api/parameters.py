"""The query parameters that take part of a level's figures (see ``reports.slices``)."""

from pilotes.reports.slices import DEFAULT_PER_PAGE, MAX_PER_PAGE

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
