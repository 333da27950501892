"""The open data API (JSON, CORS open) — see the evidence reports issue."""

from flask import Blueprint

bp = Blueprint("api", __name__)
