"""Client of ProConnect, the State's OpenID Connect sign-in for public agents (Authlib).

Discovery from ``PROCONNECT_DISCOVERY_URL``, authorization code with PKCE (S256), ``state``
and ``nonce`` kept by Authlib in the session and checked on return, ``acr_values`` asked for
and checked in the ID token. ProConnect's userinfo endpoint answers a signed JWT
(``application/jwt``); a provider answering plain JSON is read as well.
"""

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from joserfc import jwt
from joserfc.jwk import KeySet

# What Pilotes reads: the professional address, the agent's name, its organisation's SIRET.
SCOPE = "openid email given_name usual_name siret uid"


def enabled(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return bool(config.get("PROCONNECT_CLIENT_ID") and config.get("PROCONNECT_DISCOVERY_URL"))


def init_proconnect(app: Flask) -> None:
    """A registry of its own per app (no module state); nothing when unconfigured."""
    if not enabled(app):
        return
    oauth = OAuth(app)
    oauth.register(
        "proconnect",
        client_id=app.config["PROCONNECT_CLIENT_ID"],
        client_secret=app.config["PROCONNECT_CLIENT_SECRET"],
        server_metadata_url=app.config["PROCONNECT_DISCOVERY_URL"],
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_post",
            "default_timeout": app.config["PROCONNECT_TIMEOUT"],
        },
    )
    app.extensions["proconnect"] = oauth.proconnect


def client():
    return current_app.extensions["proconnect"]


def acr_values() -> list[str]:
    return current_app.config["PROCONNECT_ACR_VALUES"].split()


def userinfo(token: dict) -> dict:
    """The claims of the userinfo endpoint, read from a signed JWT or from JSON."""
    remote = client()
    metadata = remote.load_server_metadata()
    response = remote.get(metadata["userinfo_endpoint"], token=token)
    response.raise_for_status()
    if response.headers.get("Content-Type", "").startswith("application/jwt"):
        keys = KeySet.import_key_set(remote.fetch_jwk_set())
        claims = jwt.decode(response.text, keys, algorithms=["RS256", "ES256"]).claims
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": remote.client_id},
        ).validate(claims)
        return claims
    return response.json()


def logout_url(id_token: str, back_to: str, state: str) -> str | None:
    """Where to send the browser so that ProConnect ends its session too (None if unknown)."""
    from urllib.parse import urlencode

    endpoint = client().load_server_metadata().get("end_session_endpoint")
    if not endpoint:
        return None
    query = {"id_token_hint": id_token, "state": state, "post_logout_redirect_uri": back_to}
    return f"{endpoint}?{urlencode(query)}"
