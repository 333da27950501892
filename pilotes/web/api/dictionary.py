"""The data dictionary, next to the data: a Table Schema for every export's columns."""

from flask import abort

from pilotes.domain.export_fields import personal_schemas
from pilotes.infra.urls import external_url
from pilotes.reports.schemas import public_schemas


def all_schemas() -> dict[str, dict]:
    """{name: Table Schema}: the public figures and the teams' personal-data CSVs."""
    return {**public_schemas(), **personal_schemas()}


def schema_list() -> dict:
    """Links from ``BASE_URL``, never from the request's Host: the answer is publicly cacheable."""
    return {
        "schemas": [
            {
                "name": name,
                "title": schema["title"],
                "url": external_url("api.data_schema", name=name),
            }
            for name, schema in all_schemas().items()
        ]
    }


def schema(name: str) -> dict:
    found = all_schemas().get(name)
    if found is None:
        abort(404)
    return found
