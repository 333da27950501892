"""Pages that show personal data carry ``Cache-Control: no-store`` (outside review): every
team page, and the public pages reached from a person's email or showing their address."""

from pilotes.domain.email_address import email_key
from pilotes.infra import signing
from pilotes.infra.signing import make_token, sign
from tests.factories import (
    add_testimonial,
    add_volunteer,
    confirm_everything,
    make_demand,
    make_round,
    make_service,
)
from tests.web.team.helpers import make_member, sign_in
from tests.web.team.test_isolation import route_samples, team_routes, url_for_rule

EMAIL = "camille@exemple.fr"


def _kept(response) -> bool:
    return "no-store" not in response.headers.get("Cache-Control", "")


def test_every_team_page_is_no_store(app, no_csrf_client):
    service = make_service()
    volunteer = add_volunteer(service)
    owner = make_member(service, "owner@equipe.fr", "owner")
    make_round(service)
    sign_in(no_csrf_client, "owner@equipe.fr")
    samples = {**route_samples(service, volunteer, owner), "token": "lien-inconnu"}
    walked = [
        url_for_rule(rule, samples) for rule, method, _ in team_routes(app) if method == "GET"
    ]
    assert len(walked) >= 30
    kept = [url for url in walked if _kept(no_csrf_client.get(url))]
    assert kept == []
    no_csrf_client.post("/equipe/deconnexion")
    assert not _kept(no_csrf_client.get("/equipe/connexion"))  # signed out too


def test_public_pages_with_personal_data_are_no_store(app, no_csrf_client):
    service = make_service()
    demand = make_demand(service, email=EMAIL).row
    confirm_everything()
    testimonial = add_testimonial(service, status="invited", answered_at=None)
    link = {
        purpose: make_token(purpose, "demand", demand.id)
        for purpose in (signing.CONFIRM, signing.UNSUBSCRIBE, signing.ERASE)
    }
    copy = sign(signing.DATA_COPY, email_key(EMAIL))
    testimony = signing.testimony_link(testimonial.id).removeprefix("http://pilotes.test")
    pages = [
        ("GET", f"/e/confirmer/{link[signing.CONFIRM]}"),
        ("GET", f"/mes-donnees/{copy}"),
        ("POST", "/mes-donnees", {"email": EMAIL}),
        ("GET", f"/e/desinscription/{link[signing.UNSUBSCRIBE]}"),
        ("POST", f"/e/desinscription/{link[signing.UNSUBSCRIBE]}"),
        ("GET", testimony),
        ("GET", f"{testimony}/retirer"),
        ("GET", f"/e/effacer/{link[signing.ERASE]}"),
        ("POST", f"/e/effacer/{link[signing.ERASE]}"),
        ("GET", f"/services/{service.slug}/merci?courriel=1"),
    ]
    with no_csrf_client.session_transaction() as browser:  # as the demand form leaves it
        browser["demande"] = {
            "service": service.slug,
            "code_postal": "35000",
            "commune": "35238",
            "comptee": True,
        }
        browser["courriel"] = EMAIL
    kept = []
    for method, url, *data in pages:
        response = no_csrf_client.open(url, method=method, data=data[0] if data else None)
        assert response.status_code == 200, (method, url, response.status_code)
        if _kept(response):
            kept.append(f"{method} {url}")
    assert kept == []
