"""Pages for citizens and partner organisations: no account needed."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from pilotes.web.public import (  # noqa: E402,F401  (registers the views)
    emails,
    pages,
    pilots,
    privacy_pages,
    routes,
    stats,
    testimony,
)
