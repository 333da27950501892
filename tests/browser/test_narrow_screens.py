"""At 375 px (a phone), no public page scrolls sideways, not even by one pixel."""

from pilotes.domain.opening import open_territory
from pilotes.infra.extensions import db
from tests.factories import confirm_everything, make_demand, make_service

PAGES = [
    "/",
    "/services/mon-service",
    "/services/mon-service/demande?code_postal=01200",
    "/services/mon-service/demande?code_postal=35000",
    "/services/mon-service/demande?code_postal=75001",
    "/services/mon-service/demande?code_postal=123",
    "/services/mon-service/stats",
    "/services/mon-service/stats?niveau=commune",
    "/services/mon-service/territoires/35",
    "/services/mon-service/partenaire",
    "/services/mon-service/volontaire",
    "/services/mon-service/donnees-personnelles",
    "/services/mon-service/embed",
    "/services/mon-service/embed/carte",
    "/methodologie",
    "/mentions-legales",
    "/accessibilite",
    "/donnees-personnelles",
    "/mes-donnees",
    "/cookies",
    "/e/confirmer/faux",
    "/page-qui-n-existe-pas",
]


def test_no_public_page_scrolls_sideways_on_a_phone(browser, live_server):
    service = make_service(name="Mon service")
    for code in ("35000", "29200", "97400"):
        make_demand(service, code, email=f"p{code}@exemple.fr")
    confirm_everything()
    open_territory(db.session, service, "75", "https://exemple.fr")
    db.session.commit()
    context = browser.new_context(
        base_url=live_server, bypass_csp=True, viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    wider = {}
    for path in PAGES:
        page.goto(path)
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wider[path] = scroll - client
    context.close()
    assert wider == {}
