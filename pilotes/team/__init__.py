"""The service teams' workspace (sign-in, dashboard, pipelines) — see the workspace issue."""

from flask import Blueprint

bp = Blueprint("team", __name__)
