"""Front-end assets: what pages load, built once at install and served by WhiteNoise.

``python -m pilotes.web.assets`` (a step of ``make install``) copies from ``node_modules`` and
``pilotes/static`` only the files pages use (the DSFR icons they name, not the whole
set), puts them under a folder named after a hash of their content, and writes gzip
and Brotli copies next to each. URLs then change whenever any file does, so they are
served with ``Cache-Control: immutable`` for a year. Nothing built is committed.
Without a build (a checkout before ``make install``), the files are served from
``node_modules`` by the fallback blueprint below, uncompressed and not fingerprinted.
"""

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, send_from_directory, url_for

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/s/"
YEAR = 365 * 24 * 3600

# URL name -> folder. Only these folders are ever served.
PACKAGES = {
    "dsfr": "@gouvfr/dsfr/dist",
}
STATIC = ROOT / "pilotes" / "static"
# Relative to each package's folder: what the pages link to (icons: see icon_subset).
FILES = {
    "dsfr": [
        "dsfr.min.css",
        "dsfr.module.min.js",
        "dsfr.nomodule.min.js",
        "favicon/favicon.svg",
        "fonts/*.woff2",
        "fonts/*.woff",
        "artwork/pictograms/digital/*.svg",  # the radio rich of the panel's questions
    ],
}
ICONS_CSS = "utility/icons/icons.min.css"
ICON_CLASS = re.compile(r"fr-icon-[a-z0-9-]+")
RULE = re.compile(r"[^{}]+\{[^{}]*\}")
URL = re.compile(r"url\(([^)\"']+)\)")

bp = Blueprint("assets", __name__)


def asset_url(package: str, filename: str) -> str:
    """The URL of a built asset, or of the unbuilt file (fallback)."""
    version = current_app.extensions.get("pilotes_assets")
    if version:
        return f"{PREFIX}{version}/{package}/{filename}"
    if package == "pilotes":
        return url_for("static", filename=filename)
    return url_for("assets.serve", package=package, filename=filename)


@bp.get("/assets/<package>/<path:filename>")
def serve(package: str, filename: str):
    folder = PACKAGES.get(package)
    if folder is None:
        abort(404)
    root = Path(current_app.config["NODE_MODULES_DIR"]) / folder
    return send_from_directory(root, filename, max_age=7 * 24 * 3600)


def init_app(app: Flask) -> None:
    """Serve the build, when there is one, before Flask sees the request."""
    app.register_blueprint(bp)
    out = Path(app.config["ASSETS_DIR"])
    manifest = out / "manifest.json"
    if not manifest.exists():
        return
    from whitenoise import WhiteNoise

    version = json.loads(manifest.read_text())["version"]
    app.extensions["pilotes_assets"] = version
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=out / version,
        prefix=f"{PREFIX}{version}/",
        max_age=YEAR,
        immutable_file_test=lambda path, url: True,  # the folder's name is the content's hash
    )


# ------------------------------------------------------------------------------ build


def used_icons(templates: Path) -> set[str]:
    return {
        name for path in templates.rglob("*.html") for name in ICON_CLASS.findall(path.read_text())
    }


def icon_subset(icons_css: str, names: set[str]) -> str:
    """The rules of the DSFR icon stylesheet that style the icons named in ``names``."""
    kept = []
    for rule in RULE.findall(icons_css):
        selector = rule.split("{", 1)[0]
        if set(ICON_CLASS.findall(selector)) & names:
            kept.append(rule.strip())
    return "".join(kept)


def _sources(node_modules: Path, templates: Path) -> dict[str, bytes]:
    """{path in the build: content}."""
    files: dict[str, bytes] = {}
    for package, patterns in FILES.items():
        root = node_modules / PACKAGES[package]
        for pattern in patterns:
            for path in sorted(root.glob(pattern)):
                files[f"{package}/{path.relative_to(root)}"] = path.read_bytes()
    icons = icon_subset(
        (node_modules / PACKAGES["dsfr"] / ICONS_CSS).read_text(), used_icons(templates)
    )
    files[f"dsfr/{ICONS_CSS}"] = icons.encode()
    # The SVG files that the stylesheets point to, and nothing else of the icon set.
    for name in ("dsfr.min.css", ICONS_CSS):
        base = Path(name).parent
        text = files[f"dsfr/{name}"].decode()
        for url in set(URL.findall(text)):
            if url.startswith("data:") or not url.endswith(".svg"):
                continue
            relative = (base / url).as_posix()
            source = (node_modules / PACKAGES["dsfr"] / base / url).resolve()
            files[f"dsfr/{_normalise(relative)}"] = source.read_bytes()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            files[f"pilotes/{path.relative_to(STATIC)}"] = path.read_bytes()
    return files


def _normalise(relative: str) -> str:
    parts: list[str] = []
    for part in relative.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def build(node_modules: Path, out: Path, templates: Path = ROOT / "templates") -> str:
    """Write the build into ``out/<hash>/`` with its gzip and Brotli copies; the hash."""
    from whitenoise.compress import Compressor

    files = _sources(node_modules, templates)
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    version = digest.hexdigest()[:12]
    target = out / version
    if (
        not (out / "manifest.json").exists()
        or json.loads((out / "manifest.json").read_text()).get("version") != version
    ):
        shutil.rmtree(out, ignore_errors=True)
        compressor = Compressor(quiet=True)
        for name, content in files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            if compressor.should_compress(str(path)):
                list(compressor.compress(str(path)))
        (out / "manifest.json").write_text(json.dumps({"version": version}))
    return version


if __name__ == "__main__":
    from config import Config

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(Config.ASSETS_DIR)
    print(f"assets built in {out / build(Path(Config.NODE_MODULES_DIR), out)}")
