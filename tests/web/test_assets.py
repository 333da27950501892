"""Front-end files: fingerprinted, compressed once, kept by browsers, only what pages use."""

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from pilotes import create_app
from pilotes.web.assets import build, icon_subset, used_icons
from tests.client_request import ClientRequest
from tests.factories import make_service

ROOT = Path(__file__).resolve().parents[2]


def fresh_client(app) -> ClientRequest:
    """A browser on an app made after the build, which it then serves."""
    return ClientRequest.browser(
        create_app("test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    )


@pytest.fixture(scope="session")
def built(migrated_database):
    """The build `make install` made (made here if it is missing)."""
    config = create_app("test").config
    build(Path(config["NODE_MODULES_DIR"]), Path(config["ASSETS_DIR"]))
    return config["ASSETS_DIR"]


def test_pages_link_fingerprinted_files_served_compressed_and_immutable(app, built):
    make_service()
    browser = fresh_client(app)
    soup = browser.get("public.service_page", slug="mon-service")
    urls = [link["href"] for link in soup.select("link[rel=stylesheet]")] + [
        script["src"] for script in soup.select("script[src]")
    ]
    assert urls and all(re.match(r"^/s/[0-9a-f]{12}/", url) for url in urls), urls
    for url in urls:
        browser.response_from_url(url)
    css = next(url for url in urls if url.endswith("dsfr.min.css"))
    plain = browser.response_from_url(css)
    assert "immutable" in plain.headers["Cache-Control"]
    assert "max-age=31536000" in plain.headers["Cache-Control"]
    for encoding in ("br", "gzip"):
        packed = browser.response_from_url(css, _headers={"Accept-Encoding": encoding})
        assert packed.headers["Content-Encoding"] == encoding
        assert len(packed.get_data()) < len(plain.get_data()) / 5
    # A font the stylesheet names resolves next to it.
    font = re.search(r"url\((fonts/Marianne-Regular\.woff2)\)", plain.get_data(as_text=True))
    browser.response_from_url(css.rsplit("/", 1)[0] + "/" + font.group(1))


def test_only_the_icons_pages_use_are_shipped(app, built):
    names = used_icons(ROOT / "templates")
    assert "fr-icon-user-heart-line" in names
    whole = (
        Path(app.config["NODE_MODULES_DIR"]) / "@gouvfr/dsfr/dist/utility/icons/icons.min.css"
    ).read_text()
    subset = icon_subset(whole, names)
    assert set(re.findall(r"fr-icon-[a-z0-9-]+", subset)) == names
    assert len(subset) < len(whole) / 50
    browser = fresh_client(app)
    icons = next(
        link["href"]
        for link in browser.get("public.index").select("link[rel=stylesheet]")
        if "icons" in link["href"]
    )
    served = browser.response_from_url(icons).get_data(as_text=True)
    assert "fr-icon-user-heart-line" in served and "fr-icon-zoom-in-line" not in served
    svg = re.search(r"url\(([^)]+user-heart-line\.svg)\)", served).group(1)
    browser.response_from_url(urljoin(icons, svg))
