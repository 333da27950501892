"""ProConnect against real OpenID Connect providers on loopback: oidc-provider-mock for the
sign-in itself, scripted HTTP servers for the providers that fail."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from oidc_provider_mock import run_server_in_thread

from pilotes import create_app
from pilotes.domain.accounts import get_or_create_user
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from tests.client_request import ClientRequest

AGENT = "agent.public@interieur.gouv.fr"
CALLBACK = "http://pilotes.test/equipe/connexion/proconnect/retour"
SIGN_IN = "http://pilotes.test/equipe/connexion"


@pytest.fixture(autouse=True)
def _plain_http_providers(monkeypatch):
    """The providers here speak plain HTTP on loopback; Authlib wants to be told."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")


def proconnect_app(app, discovery: str, **config):
    """The test app's database, ProConnect configured at ``discovery`` (the provider's
    base URL); a made-up client unless ``config`` gives the registered one."""
    return create_app(
        "test",
        **{
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PROCONNECT_CLIENT_ID": "pilotes",
            "PROCONNECT_CLIENT_SECRET": "secret",
            "PROCONNECT_DISCOVERY_URL": f"{discovery}/.well-known/openid-configuration",
            **config,
        },
    )


@pytest.fixture(scope="module")
def provider():
    """One provider for the module; each test registers its own client at it."""
    with run_server_in_thread(require_client_registration=True, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def pc_app(app, provider):
    """The app with ProConnect configured to a client registered at the provider."""
    registered = requests.post(
        f"{provider}/oauth2/clients",
        json={"redirect_uris": [CALLBACK], "token_endpoint_auth_method": "client_secret_post"},
        timeout=5,
    ).json()
    pc = proconnect_app(
        app,
        provider,
        PROCONNECT_CLIENT_ID=registered["client_id"],
        PROCONNECT_CLIENT_SECRET=registered["client_secret"],
    )
    pc.registered = registered
    yield pc
    with pc.app_context():
        db.engine.dispose()


@pytest.fixture
def invited(provider):
    """The agent has a Pilotes account, and ProConnect knows them."""
    with unit_of_work():
        get_or_create_user(db.session, AGENT)
    return lambda **claims: agent(provider, **claims)


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


def authorize(browser: ClientRequest, sub=AGENT):
    """Start at Pilotes, sign in at the provider: the callback URL the browser comes back to."""
    start = browser.get("team.proconnect_start", _status=302, next="/equipe/")
    url = start.response.headers["Location"]
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["acr_values"] == ["eidas1"]
    assert query["state"] and query["nonce"] and query["redirect_uri"] == [CALLBACK]
    assert set(query["scope"][0].split()) >= {"openid", "email", "siret"}
    answer = requests.post(url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = answer.headers["Location"]
    assert back.startswith(CALLBACK)
    return back.removeprefix("http://pilotes.test")


def refused(browser: ClientRequest, url: str, status: int, says: str = "") -> None:
    """Coming back to ``url`` is refused with ``status`` (and the page says ``says``), and
    nobody is signed in after it."""
    page = browser.get_url(url, _status=status)
    assert says in page.response.get_data(as_text=True)
    browser.get("team.home", _status=302, _redirect="team.sign_in")
