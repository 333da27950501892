"""The open data API checked by a tool no one here wrote: Schemathesis sends generated
requests to every operation of the OpenAPI document and checks each answer against what
the document and HTTP promise (status codes, headers, bodies, 405 with ``Allow``).

Bounded and deterministic (the same examples every run) so CI time stays the same.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from pilotes.web.api.openapi import openapi_document
from tests.factories import make_service

schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture
def services(known_service):
    """A published service with figures, and a draft the API must not show."""
    make_service(slug="brouillon", status="draft")
    return known_service


@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_the_promises_of_its_document(case, app, services):
    case.call_and_validate(app=app)
