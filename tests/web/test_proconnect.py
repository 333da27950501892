"""ProConnect sign-in against a real OpenID Connect provider on loopback (oidc-provider-mock)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from oidc_provider_mock import run_server_in_thread

from bench.loadclient import free_port
from pilotes import create_app
from pilotes.domain.accounts import get_or_create_user
from pilotes.infra.extensions import db
from tests.http_server import HTTPServer, Reply
from tests.pages import get_page

AGENT = "agent.public@interieur.gouv.fr"
CALLBACK = "http://pilotes.test/equipe/connexion/proconnect/retour"
SIGN_IN = "http://pilotes.test/equipe/connexion"


@pytest.fixture(scope="module")
def provider():
    """One provider for the module; each test registers its own client at it."""
    with run_server_in_thread(require_client_registration=True, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def pc_app(app, provider, monkeypatch):
    """The app with ProConnect configured to a client registered at the provider."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider is plain HTTP here
    registered = requests.post(
        f"{provider}/oauth2/clients",
        json={"redirect_uris": [CALLBACK], "token_endpoint_auth_method": "client_secret_post"},
        timeout=5,
    ).json()
    pc = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        PROCONNECT_CLIENT_ID=registered["client_id"],
        PROCONNECT_CLIENT_SECRET=registered["client_secret"],
        PROCONNECT_DISCOVERY_URL=f"{provider}/.well-known/openid-configuration",
    )
    pc.registered = registered
    yield pc
    with pc.app_context():
        db.engine.dispose()


def agent(provider, sub=AGENT, **claims):
    """The agent as ProConnect knows it (claims as ProConnect documents them)."""
    claims = {
        "email": sub,
        "email_verified": True,
        "given_name": "Camille",
        "usual_name": "Martin",
        "uid": "4242",
        "siret": "13002526500013",
        **claims,
    }
    assert requests.put(f"{provider}/users/{sub}", json=claims, timeout=5).status_code == 204


def authorize(client, sub=AGENT):
    """Start at Pilotes, sign in at the provider: the callback URL the browser comes back to."""
    start = client.get("/equipe/connexion/proconnect?next=/equipe/")
    assert start.status_code == 302
    url = start.headers["Location"]
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["acr_values"] == ["eidas1"]
    assert query["state"] and query["nonce"] and query["redirect_uri"] == [CALLBACK]
    assert set(query["scope"][0].split()) >= {"openid", "email", "siret"}
    answer = requests.post(url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = answer.headers["Location"]
    assert back.startswith(CALLBACK)
    return back.removeprefix("http://pilotes.test")


def test_an_invited_agent_signs_in_with_proconnect_and_out_at_the_provider(pc_app, provider):
    get_or_create_user(db.session, AGENT)
    db.session.commit()
    agent(provider)
    client = pc_app.test_client()
    page = get_page(client, "/equipe/connexion")
    assert page.find("a", string="S'identifier avec ProConnect")
    response = client.get(authorize(client))
    assert response.status_code == 302 and response.headers["Location"] == "/equipe/"
    assert client.get("/equipe/").status_code == 200
    with client.session_transaction() as session:
        assert session["pc_siret"] == "13002526500013"
        id_token = session["pc_id_token"]
    csrf = get_page(client, "/equipe/").find("input", attrs={"name": "csrf_token"})["value"]
    out = client.post("/equipe/deconnexion", data={"csrf_token": csrf})
    logout = urlsplit(out.headers["Location"])
    assert f"{logout.scheme}://{logout.netloc}{logout.path}" == f"{provider}/oauth2/end_session"
    query = parse_qs(logout.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [SIGN_IN]
    confirm = requests.get(out.headers["Location"], timeout=5)
    assert confirm.status_code == 200  # the provider asks the agent to confirm
    assert client.get("/equipe/").status_code == 302  # signed out here already


def test_an_unknown_email_signs_nobody_in_and_opens_no_account(pc_app, provider):
    agent(provider, sub="inconnu@interieur.gouv.fr")
    client = pc_app.test_client()
    response = client.get(authorize(client, sub="inconnu@interieur.gouv.fr"))
    assert response.status_code == 403
    assert "Aucun compte" in response.get_data(as_text=True)
    assert client.get("/equipe/").status_code == 302
    from pilotes.domain.accounts import find_user

    assert find_user(db.session, "inconnu@interieur.gouv.fr") is None


def test_an_address_the_provider_did_not_verify_signs_nobody_in(pc_app, provider):
    get_or_create_user(db.session, AGENT)
    db.session.commit()
    agent(provider, email_verified=False)
    client = pc_app.test_client()
    response = client.get(authorize(client))
    assert response.status_code == 403
    assert "n'a pas été vérifiée" in response.get_data(as_text=True)
    assert client.get("/equipe/").status_code == 302


def test_a_weaker_authentication_level_is_refused(pc_app, provider):
    get_or_create_user(db.session, AGENT)
    db.session.commit()
    agent(provider, acr="eidas0")
    client = pc_app.test_client()
    response = client.get(authorize(client))
    assert response.status_code == 400
    assert client.get("/equipe/").status_code == 302


def test_a_code_issued_for_another_nonce_is_refused(pc_app, provider):
    """A code obtained in another browser's sign-in, replayed into this one's."""
    get_or_create_user(db.session, AGENT)
    db.session.commit()
    agent(provider)
    victim, attacker = pc_app.test_client(), pc_app.test_client()
    victim_back = authorize(victim)
    attacker_back = authorize(attacker)
    victim_state = parse_qs(urlsplit(victim_back).query)["state"][0]
    attacker_code = parse_qs(urlsplit(attacker_back).query)["code"][0]
    forged = f"/equipe/connexion/proconnect/retour?code={attacker_code}&state={victim_state}"
    response = victim.get(forged)
    assert response.status_code == 400
    assert "n'a pas pu être vérifiée" in response.get_data(as_text=True)
    assert victim.get("/equipe/").status_code == 302


def test_an_expired_or_spent_code_is_refused(pc_app, provider):
    get_or_create_user(db.session, AGENT)
    db.session.commit()
    agent(provider)
    client = pc_app.test_client()
    back = authorize(client)
    code = parse_qs(urlsplit(back).query)["code"][0]
    spent = requests.post(  # the code is spent first (as one expires): it is no good after
        f"{provider}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": pc_app.registered["client_id"],
            "client_secret": pc_app.registered["client_secret"],
        },
        timeout=5,
    )
    assert spent.status_code == 200
    response = client.get(back)
    assert response.status_code == 400
    assert client.get("/equipe/").status_code == 302


def test_a_state_that_does_not_match_is_refused(pc_app, provider):
    get_or_create_user(db.session, AGENT)
    db.session.commit()
    agent(provider)
    client = pc_app.test_client()
    back = authorize(client)
    assert client.get(back.replace("state=", "state=x")).status_code == 400
    assert client.get("/equipe/").status_code == 302


def test_a_provider_that_is_down_leaves_the_emailed_link(app, monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    down = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        PROCONNECT_CLIENT_ID="pilotes",
        PROCONNECT_CLIENT_SECRET="secret",
        PROCONNECT_DISCOVERY_URL=f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration",
    )
    response = down.test_client().get("/equipe/connexion/proconnect")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "ne répond pas" in page and "Recevoir un lien par courriel" in page


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, {"issuer": "x"}, delay=1.5),
        Reply(200, "<html>panne</html>"),
        Reply(200, {"issuer": "x"}),  # no endpoints
        Reply(502),
    ],
    ids=["slow", "html", "wrong-shape", "bad-gateway"],
)
def test_a_slow_or_garbled_provider_leaves_the_emailed_link(app, monkeypatch, reply):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with HTTPServer(lambda request: reply) as server:
        slow = create_app(
            "test",
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            PROCONNECT_CLIENT_ID="pilotes",
            PROCONNECT_CLIENT_SECRET="secret",
            PROCONNECT_DISCOVERY_URL=f"{server.url}/.well-known/openid-configuration",
            PROCONNECT_TIMEOUT=0.5,
        )
        response = slow.test_client().get("/equipe/connexion/proconnect")
    assert response.status_code == 503
    assert "Recevoir un lien par courriel" in response.get_data(as_text=True)


def test_a_token_endpoint_answering_nonsense_leaves_the_emailed_link(app, monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")

    def provider(request):
        if request.path.endswith("openid-configuration"):
            return Reply(
                200,
                {
                    "issuer": server.url,
                    "authorization_endpoint": f"{server.url}/a",
                    "token_endpoint": f"{server.url}/t",
                    "jwks_uri": f"{server.url}/k",
                },
            )
        return Reply(200, "<html>maintenance</html>", headers={"Content-Type": "text/html"})

    with HTTPServer(provider) as server:
        garbled = create_app(
            "test",
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            PROCONNECT_CLIENT_ID="pilotes",
            PROCONNECT_CLIENT_SECRET="secret",
            PROCONNECT_DISCOVERY_URL=f"{server.url}/.well-known/openid-configuration",
        )
        client = garbled.test_client()
        start = client.get("/equipe/connexion/proconnect")
        state = parse_qs(urlsplit(start.headers["Location"]).query)["state"][0]
        response = client.get(f"/equipe/connexion/proconnect/retour?code=c&state={state}")
    assert response.status_code == 503
    assert [r.path for r in server.requests][-1] == "/t"  # the code was sent for a token


def test_without_configuration_there_is_no_proconnect(client):
    assert client.get("/equipe/connexion/proconnect").status_code == 404
    assert client.get("/equipe/connexion/proconnect/retour?code=x&state=y").status_code == 404
    assert "ProConnect" not in client.get("/equipe/connexion").get_data(as_text=True)


@pytest.fixture
def signed_userinfo(app):
    """A provider that answers userinfo as ProConnect does: a JWT signed with its key."""
    key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
    audience = {"aud": "pilotes"}

    def answer(request):
        if request.path == "/.well-known/openid-configuration":
            return Reply(
                200,
                {
                    "issuer": server.url,
                    "jwks_uri": f"{server.url}/jwks",
                    "userinfo_endpoint": f"{server.url}/userinfo",
                    "authorization_endpoint": f"{server.url}/authorize",
                    "token_endpoint": f"{server.url}/token",
                },
            )
        if request.path == "/jwks":
            return Reply(200, KeySet([key]).as_dict(private=False))
        claims = {"iss": server.url, "sub": "abc", "email": AGENT, "siret": "13002526500013"}
        body = jwt.encode({"alg": "RS256", "kid": "k1"}, {**claims, **audience}, key)
        return Reply(200, body, headers={"Content-Type": "application/jwt"})

    server = HTTPServer(answer)
    with server:
        pc = create_app(
            "test",
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            PROCONNECT_CLIENT_ID="pilotes",
            PROCONNECT_CLIENT_SECRET="secret",
            PROCONNECT_DISCOVERY_URL=f"{server.url}/.well-known/openid-configuration",
        )
        pc.audience = audience
        yield pc


def test_a_signed_userinfo_is_read_after_its_signature_issuer_and_audience(
    signed_userinfo, monkeypatch
):
    from pilotes.infra import proconnect

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    token = {"access_token": "at", "token_type": "Bearer"}
    with signed_userinfo.app_context():
        claims = proconnect.userinfo(token)
        assert (claims["email"], claims["siret"]) == (AGENT, "13002526500013")
        signed_userinfo.audience["aud"] = "another-service"
        with pytest.raises(JoseError):
            proconnect.userinfo(token)
