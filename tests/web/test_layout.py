"""The base layout every page shares: DSFR from the app itself, beta banner, footer."""

from tests.factories import make_service
from tests.pages import get_page


def test_home_lists_published_services_only(client):
    make_service(slug="publie", name="Service publié")
    make_service(slug="brouillon", name="Service brouillon", status="draft")
    soup = get_page(client, "/")
    text = soup.get_text(" ")
    assert "Service publié" in text
    assert "Service brouillon" not in text


def test_dsfr_stylesheet_and_scripts_are_served_by_the_app(client):
    soup = get_page(client, "/")
    stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert any(href.endswith("/dsfr.min.css") for href in stylesheets)
    for href in stylesheets + [s["src"] for s in soup.find_all("script", src=True)]:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.data, href
    css = client.get(next(h for h in stylesheets if h.endswith("dsfr.min.css")))
    assert css.mimetype == "text/css"


def test_dsfr_fonts_referenced_by_the_stylesheet_are_served(client):
    css = client.get("/assets/dsfr/dsfr.min.css").get_data(as_text=True)
    assert "fonts/Marianne-Regular.woff2" in css
    assert client.get("/assets/dsfr/fonts/Marianne-Regular.woff2").status_code == 200


def test_assets_outside_the_served_packages_are_not_reachable(client):
    assert client.get("/assets/dsfr/../../package.json").status_code == 404
    assert client.get("/assets/decoupage/data/communes.json").status_code == 404


def test_layout_has_beta_badge_banner_and_mandatory_footer_links(client):
    soup = get_page(client, "/")
    assert "BETA" in soup.select_one(".fr-header__service-title").get_text()
    banner = soup.find(id="beta-banner").get_text(" ", strip=True)
    assert "ici le service public essaye de s'améliorer, merci de nous y aider" in banner
    footer_links = {a.get_text(strip=True): a["href"] for a in soup.select("footer a")}
    assert "Accessibilité : non conforme (non auditée, testée automatiquement)" in footer_links
    assert "Mentions légales" in footer_links
    assert "Données personnelles" in footer_links
    for href in footer_links.values():
        get_page(client, href)


def test_unknown_page_gets_a_french_404(client):
    soup = get_page(client, "/nulle-part", status=404)
    assert "Page non trouvée" in soup.get_text()
