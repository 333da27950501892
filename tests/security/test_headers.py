"""Web security: CSP without inline script, headers, cookies, body size, redirects, error pages."""

import re

from pilotes import create_app
from pilotes.domain.accounts import get_or_create_user, set_password
from pilotes.infra.extensions import db
from tests.factories import make_service
from tests.pages import get_page, submit


def test_every_page_has_a_csp_that_allows_no_inline_script(client):
    """No nonce either: an anonymous page is the same bytes for everyone, so it can be kept."""
    make_service()
    for path in ("/", "/services/mon-service", "/equipe/connexion", "/api/v1/services"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "script-src 'self';" in csp and "nonce" not in csp
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # every script from a file
            assert " style=" not in html  # style-src 'self' would block inline styles
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_production_cookies_are_secure_and_hsts_is_sent(migrated_database):
    app = create_app("production", SECRET_KEY="x" * 64, SQLALCHEMY_DATABASE_URI=migrated_database)
    client = app.test_client()
    response = client.get("/equipe/connexion", base_url="https://pilotes.example")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_body_over_the_limit_gets_a_french_413(client):
    make_service()
    response = client.post(
        "/services/mon-service/demande", data={"comment": "x" * (2 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)


def test_sign_in_only_redirects_to_this_site(client):
    user = get_or_create_user(db.session, "ana@equipe.fr")
    set_password(db.session, user, "un mot de passe assez long")
    for target, expected in (
        ("//evil.example/x", "/equipe/"),
        ("https://evil.example", "/equipe/"),
        ("/equipe/mot-de-passe", "/equipe/mot-de-passe"),
    ):
        url = f"/equipe/connexion?next={target}"
        response = submit(
            client,
            get_page(client, url),
            {"email": "ana@equipe.fr", "password": "un mot de passe assez long"},
            url,
            status=302,
        )
        assert response.headers["Location"] == expected
        client.get("/equipe/connexion")  # a fresh session for the next round
        with client.session_transaction() as session:
            session.clear()


def test_an_unexpected_error_shows_a_page_that_leaks_nothing(app, client):
    def boom():
        raise RuntimeError("secret-internal-detail")

    app.add_url_rule("/boom", "boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Erreur inattendue" in body and "secret-internal-detail" not in body
    assert "Traceback" not in body


def test_nul_bytes_anywhere_get_a_400_not_a_500(app, client):
    make_service()
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.get("/services/%00").status_code == 400
    assert client.get("/api/v1/services/mon-service/stats?level=%00").status_code == 400
    response = client.post(
        "/services/mon-service/demande", data={"code_postal": "35000", "comment": "a\x00b"}
    )
    assert response.status_code == 400
