"""Pages for citizens and partner organisations: no account needed."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from pilotes.public import emails, pages, pilots, routes, stats  # noqa: E402,F401  (views)
