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


def test_dsfr_stylesheet_and_scripts_are_served_by_the_app(client_request):
    soup = client_request.get("public.index")
    stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert any(href.endswith("/dsfr.min.css") for href in stylesheets)
    for href in stylesheets + [s["src"] for s in soup.find_all("script", src=True)]:
        assert client_request.response_from_url(href).data, href
    css = client_request.response_from_url(
        next(h for h in stylesheets if h.endswith("dsfr.min.css"))
    )
    assert css.mimetype == "text/css"


def test_dsfr_fonts_referenced_by_the_stylesheet_are_served(client_request):
    dsfr = {"endpoint": "assets.serve", "package": "dsfr"}
    css = client_request.response(**dsfr, filename="dsfr.min.css").get_data(as_text=True)
    assert "fonts/Marianne-Regular.woff2" in css
    client_request.response(**dsfr, filename="fonts/Marianne-Regular.woff2")


def test_assets_outside_the_served_packages_are_not_reachable(client_request):
    # Paths of no endpoint's (a way out of the package, a file not shipped): the 404 page.
    client_request.get_url("/assets/dsfr/../../package.json", _status=404)
    client_request.get_url("/assets/decoupage/data/communes.json", _status=404)


def test_layout_has_beta_badge_banner_and_mandatory_footer_links(client):
    soup = get_page(client, "/")
    assert "Bêta" in soup.select_one(".fr-header__service-title").get_text()
    banner = soup.find(id="beta-banner")
    assert banner.name == "section" and banner["aria-label"]  # a landmark: axe's `region`
    assert "Pilotes est en version bêta" in banner.get_text(" ", strip=True)
    footer_links = {a.get_text(strip=True): a["href"] for a in soup.select("footer a")}
    assert "Accessibilité : non conforme (non auditée, testée automatiquement)" in footer_links
    for site in ("info.gouv.fr", "service-public.gouv.fr", "legifrance.gouv.fr", "data.gouv.fr"):
        assert footer_links[site] == f"https://{site}"  # DSFR's mandatory institutional links
    for label in ("Mentions légales", "Données personnelles", "Cookies"):
        get_page(client, footer_links[label])
    cookies = get_page(client, footer_links["Cookies"]).find("main").get_text(" ")
    assert "strictement nécessaire" in cookies and "session" in cookies


def test_a_service_page_banner_names_the_service_and_its_phase_in_words(client):
    make_service(name="Mon service", phase="acceleration")
    # The service page reads the service; the demand journey a copy kept in memory.
    for path in ("/services/mon-service", "/services/mon-service/demande?code_postal=35000"):
        banner = get_page(client, path).find(id="beta-banner").get_text(" ")
        assert "Mon service est un service public en bêta" in banner
        assert "il fonctionne déjà et s'étend à d'autres territoires" in banner, path


def test_the_legal_notice_shows_this_instance_s_publisher_director_and_host(app, client):
    page = get_page(client, "/mentions-legales")
    assert "non renseigné" in page.find(id="legal-publisher").get_text()
    app.config.update(
        LEGAL_PUBLISHER="Direction interministérielle du numérique",
        LEGAL_DIRECTOR="Jeanne Dupont",
        LEGAL_HOST="Hébergeur SAS, 1 rue de Paris",
    )
    page = get_page(client, "/mentions-legales")
    assert page.find(id="legal-publisher").get_text() == "Direction interministérielle du numérique"
    assert page.find(id="legal-director").get_text() == "Jeanne Dupont"
    assert page.find(id="legal-host").get_text() == "Hébergeur SAS, 1 rue de Paris"


def test_unknown_page_gets_a_french_404(client):
    soup = get_page(client, "/nulle-part", status=404)
    assert "Page non trouvée" in soup.get_text()
