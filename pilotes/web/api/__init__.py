"""The open data API: JSON, CORS open, cacheable with ETag, described by OpenAPI 3.1."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from pilotes.web.api import routes  # noqa: E402,F401  (registers the views)
