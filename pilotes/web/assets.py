"""Front-end assets from npm packages (installed by `npm ci`), served by the app itself."""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory, url_for

bp = Blueprint("assets", __name__)

# URL name -> folder inside node_modules. Only these folders are ever served.
PACKAGES = {
    "dsfr": "@gouvfr/dsfr/dist",
    "dsfr-chart": "@gouvfr/dsfr-chart/dist",
}


def asset_url(package: str, filename: str) -> str:
    return url_for("assets.serve", package=package, filename=filename)


@bp.get("/assets/<package>/<path:filename>")
def serve(package: str, filename: str):
    folder = PACKAGES.get(package)
    if folder is None:
        abort(404)
    root = Path(current_app.config["NODE_MODULES_DIR"]) / folder
    return send_from_directory(root, filename, max_age=7 * 24 * 3600)
