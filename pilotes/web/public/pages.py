"""Pages every public site must have, linked from the footer: each is its template alone
(``public/<endpoint>.html``), served by one view."""

from flask import render_template

from pilotes.web.public import bp

PAGES = {
    "/accessibilite": "accessibility",
    "/mentions-legales": "legal",
    "/cookies": "cookies",
    "/donnees-personnelles": "privacy",
}


def _page(endpoint: str):
    def page():
        return render_template(f"public/{endpoint}.html")

    page.__name__ = endpoint
    return page


for _path, _endpoint in PAGES.items():
    bp.add_url_rule(_path, _endpoint, _page(_endpoint), methods=["GET"])
