"""A ProConnect that is down, slow or garbled leaves the emailed link; a signed userinfo is
read only after its signature, issuer and audience."""

from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from bench.loadclient import free_port
from tests.client_request import ClientRequest
from tests.http_server import HTTPServer, Reply
from tests.web.proconnect.conftest import AGENT, proconnect_app


def test_a_provider_that_is_down_leaves_the_emailed_link(app):
    down = proconnect_app(app, f"http://127.0.0.1:{free_port()}")
    page = ClientRequest.browser(down).get("team.proconnect_start", _status=503)
    page = page.response.get_data(as_text=True)
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
def test_a_slow_or_garbled_provider_leaves_the_emailed_link(app, reply):
    with HTTPServer(lambda request: reply) as server:
        slow = proconnect_app(app, server.url, PROCONNECT_TIMEOUT=0.5)
        page = ClientRequest.browser(slow).get("team.proconnect_start", _status=503)
    assert "Recevoir un lien par courriel" in page.response.get_data(as_text=True)


def discovery(url: str, **endpoints) -> Reply:
    """A provider's discovery document, its endpoints under ``url``."""
    return Reply(200, {"issuer": url, **{k: f"{url}{path}" for k, path in endpoints.items()}})


def test_a_token_endpoint_answering_nonsense_leaves_the_emailed_link(app):
    def provider(request):
        if request.path.endswith("openid-configuration"):
            return discovery(
                server.url, authorization_endpoint="/a", token_endpoint="/t", jwks_uri="/k"
            )
        return Reply(200, "<html>maintenance</html>", headers={"Content-Type": "text/html"})

    with HTTPServer(provider) as server:
        browser = ClientRequest.browser(proconnect_app(app, server.url))
        start = browser.get("team.proconnect_start", _status=302).response
        state = parse_qs(urlsplit(start.headers["Location"]).query)["state"][0]
        browser.get("team.proconnect_callback", _status=503, code="c", state=state)
    assert [r.path for r in server.requests][-1] == "/t"  # the code was sent for a token


@pytest.fixture
def signed_userinfo(app):
    """A provider that answers userinfo as ProConnect does: a JWT signed with its key."""
    key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
    audience = {"aud": "pilotes"}

    def answer(request):
        if request.path == "/.well-known/openid-configuration":
            return discovery(
                server.url,
                jwks_uri="/jwks",
                userinfo_endpoint="/userinfo",
                authorization_endpoint="/authorize",
                token_endpoint="/token",
            )
        if request.path == "/jwks":
            return Reply(200, KeySet([key]).as_dict(private=False))
        claims = {"iss": server.url, "sub": "abc", "email": AGENT, "siret": "13002526500013"}
        body = jwt.encode({"alg": "RS256", "kid": "k1"}, {**claims, **audience}, key)
        return Reply(200, body, headers={"Content-Type": "application/jwt"})

    with HTTPServer(answer) as server:
        pc = proconnect_app(app, server.url)
        pc.audience = audience
        yield pc


def test_a_signed_userinfo_is_read_after_its_signature_issuer_and_audience(signed_userinfo):
    from pilotes.infra import proconnect

    token = {"access_token": "at", "token_type": "Bearer"}
    with signed_userinfo.app_context():
        claims = proconnect.userinfo(token)
        assert (claims["email"], claims["siret"]) == (AGENT, "13002526500013")
        signed_userinfo.audience["aud"] = "another-service"
        with pytest.raises(JoseError):
            proconnect.userinfo(token)
