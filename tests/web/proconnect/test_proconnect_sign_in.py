"""ProConnect sign-in against a real OpenID Connect provider on loopback (oidc-provider-mock)."""

from urllib.parse import parse_qs, urlsplit

import requests

from pilotes.domain.accounts import find_user
from pilotes.infra.extensions import db
from tests.client_request import ClientRequest
from tests.web.proconnect.conftest import CALLBACK, SIGN_IN, agent, authorize, refused


def test_an_invited_agent_signs_in_with_proconnect_and_out_at_the_provider(
    pc_app, provider, invited
):
    invited()
    browser = ClientRequest.browser(pc_app)
    page = browser.get("team.sign_in")
    assert page.find("a", string="S'identifier avec ProConnect")
    back = browser.get_url(authorize(browser), _status=302)
    assert back.response.headers["Location"] == "/equipe/"
    browser.get("team.home")
    with browser.client.session_transaction() as session:
        assert session["pc_siret"] == "13002526500013"
        id_token = session["pc_id_token"]
    out = browser.post("team.sign_out").response
    logout = urlsplit(out.headers["Location"])
    assert f"{logout.scheme}://{logout.netloc}{logout.path}" == f"{provider}/oauth2/end_session"
    query = parse_qs(logout.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [SIGN_IN]
    confirm = requests.get(out.headers["Location"], timeout=5)
    assert confirm.status_code == 200  # the provider asks the agent to confirm
    browser.get("team.home", _status=302, _redirect="team.sign_in")  # signed out here already


def test_an_unknown_email_signs_nobody_in_and_opens_no_account(pc_app, provider):
    agent(provider, sub="inconnu@interieur.gouv.fr")
    browser = ClientRequest.browser(pc_app)
    refused(browser, authorize(browser, sub="inconnu@interieur.gouv.fr"), 403, "Aucun compte")
    assert find_user(db.session, "inconnu@interieur.gouv.fr") is None


def test_an_address_the_provider_did_not_verify_signs_nobody_in(pc_app, invited):
    invited(email_verified=False)
    browser = ClientRequest.browser(pc_app)
    refused(browser, authorize(browser), 403, "n'a pas été vérifiée")


def test_a_weaker_authentication_level_is_refused(pc_app, invited):
    invited(acr="eidas0")
    browser = ClientRequest.browser(pc_app)
    refused(browser, authorize(browser), 400)


def test_a_code_issued_for_another_nonce_is_refused(pc_app, invited):
    """A code obtained in another browser's sign-in, replayed into this one's."""
    invited()
    victim, attacker = ClientRequest.browser(pc_app), ClientRequest.browser(pc_app)
    victim_state = parse_qs(urlsplit(authorize(victim)).query)["state"][0]
    attacker_code = parse_qs(urlsplit(authorize(attacker)).query)["code"][0]
    forged = f"/equipe/connexion/proconnect/retour?code={attacker_code}&state={victim_state}"
    refused(victim, forged, 400, "n'a pas pu être vérifiée")


def test_an_expired_or_spent_code_is_refused(pc_app, provider, invited):
    invited()
    browser = ClientRequest.browser(pc_app)
    back = authorize(browser)
    spent = requests.post(  # the code is spent first (as one expires): it is no good after
        f"{provider}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": parse_qs(urlsplit(back).query)["code"][0],
            "redirect_uri": CALLBACK,
            "client_id": pc_app.registered["client_id"],
            "client_secret": pc_app.registered["client_secret"],
        },
        timeout=5,
    )
    assert spent.status_code == 200
    refused(browser, back, 400)


def test_a_state_that_does_not_match_is_refused(pc_app, invited):
    invited()
    browser = ClientRequest.browser(pc_app)
    refused(browser, authorize(browser).replace("state=", "state=x"), 400)


def test_without_configuration_there_is_no_proconnect(client_request):
    client_request.response("team.proconnect_start", _status=404)
    client_request.response("team.proconnect_callback", _status=404, code="x", state="y")
    assert "ProConnect" not in client_request.get("team.sign_in").get_text()
