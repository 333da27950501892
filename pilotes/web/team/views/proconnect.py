"""Signing in with ProConnect beside the emailed link; off (404) unless configured."""

import logging
import secrets

import requests
from authlib.common.errors import AuthlibBaseError
from flask import abort, redirect, render_template, request, session, url_for
from joserfc.errors import JoseError

from pilotes.domain.proconnect import user_for_claims
from pilotes.infra import proconnect
from pilotes.infra.extensions import db
from pilotes.infra.urls import external_url
from pilotes.web.team import bp
from pilotes.web.team.auth import public, safe_next
from pilotes.web.team.auth import sign_in as start_session
from pilotes.web.transactions import writes

log = logging.getLogger(__name__)
NEXT, ID_TOKEN, SIRET = "pc_next", "pc_id_token", "pc_siret"


def _refused(outcome: str, email: str | None = None, status: int = 400):
    return render_template("team/proconnect_refused.html", outcome=outcome, email=email), status


@bp.get("/connexion/proconnect")
@public
def proconnect_start():
    """Off to ProConnect, with a fresh state, nonce and PKCE verifier kept in the session."""
    if not proconnect.enabled():
        abort(404)
    session[NEXT] = safe_next(request.args.get("next")) or ""
    try:
        return proconnect.client().authorize_redirect(
            external_url("team.proconnect_callback"),
            nonce=secrets.token_urlsafe(24),
            acr_values=" ".join(proconnect.acr_values()),
        )
    except (requests.RequestException, ValueError, RuntimeError) as error:  # down, garbled
        log.warning("ProConnect unreachable: %s", type(error).__name__)
        return _refused("unavailable", status=503)


def _claims():
    """The checked ID token's claims and the userinfo's, or the reason they are refused."""
    token = proconnect.client().authorize_access_token(
        claims_options={"acr": {"values": proconnect.acr_values()}}
    )
    return token, {**token.get("userinfo", {}), **proconnect.userinfo(token)}


@bp.get("/connexion/proconnect/retour")
@public
@writes
def proconnect_callback():
    """Back from ProConnect: state, code, nonce and acr checked, then the account by email."""
    if not proconnect.enabled():
        abort(404)
    if request.args.get("error"):
        return _refused("cancelled")
    try:
        token, claims = _claims()
    except (AuthlibBaseError, JoseError) as error:  # state, spent code, nonce, acr, signature
        log.warning("ProConnect answer refused: %s", error.error)
        return _refused("refused")
    except (requests.RequestException, ValueError, RuntimeError) as error:  # down, garbled
        log.warning("ProConnect unreachable: %s", type(error).__name__)
        return _refused("unavailable", status=503)
    found = user_for_claims(db.session, claims)
    if found.outcome != "ok":
        return _refused(found.outcome, email=found.email, status=403)
    target = safe_next(session.get(NEXT)) or url_for("team.home")
    start_session(found.user)
    session[ID_TOKEN], session[SIRET] = token.get("id_token"), claims.get("siret")
    return redirect(target)


def provider_logout() -> str | None:
    """Where to end the ProConnect session of an agent who signed in with it, if any; the
    provider sends the browser back to the sign-in page."""
    id_token = session.get(ID_TOKEN)
    if not id_token or not proconnect.enabled():
        return None
    try:
        back_to = external_url("team.sign_in")
        return proconnect.logout_url(id_token, back_to, secrets.token_urlsafe(16))
    except (requests.RequestException, ValueError, RuntimeError) as error:  # down, garbled
        log.warning("ProConnect unreachable at sign-out: %s", type(error).__name__)
        return None
