"""Web security: CSP without inline script, headers, cookies, body size, redirects, error pages."""

import re

from sqlalchemy import func, select

from pilotes import create_app
from pilotes.domain.accounts import get_or_create_user, set_password
from pilotes.infra.extensions import db
from pilotes.models import Demand
from tests.client_request import ClientRequest
from tests.factories import make_service
from tests.pages import field_error, textarea_value


def test_every_page_has_a_csp_that_allows_no_inline_script(client_request):
    """No nonce either: an anonymous page is the same bytes for everyone, so it can be kept."""
    make_service()
    pages = [("public.index", {}), ("public.service_page", {"slug": "mon-service"})]
    pages.append(("team.sign_in", {}))
    responses = [client_request.get(endpoint, **values).response for endpoint, values in pages]
    for response in [*responses, client_request.response("api.service_list")]:
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
    browser = ClientRequest.browser(app)
    # Raw: the page asked over HTTPS, a base URL client_request does not set.
    response = browser.raw_get(browser.url("team.sign_in"), base_url="https://pilotes.example")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_body_over_the_limit_gets_a_french_413(client_request):
    make_service()
    too_big = {"comment": "x" * (2 * 1024 * 1024)}
    page = client_request.post("public.demand_submit", too_big, 413, slug="mon-service")
    assert "trop volumineux" in page.get_text()


def test_sign_in_only_redirects_to_this_site(client_request):
    user = get_or_create_user(db.session, "ana@equipe.fr")
    set_password(db.session, user, "un mot de passe assez long")
    for target, expected in (
        ("//evil.example/x", "/equipe/"),
        ("https://evil.example", "/equipe/"),
        ("/equipe/mot-de-passe", "/equipe/mot-de-passe"),
    ):
        response = client_request.submit(
            "team.sign_in",
            {"email": "ana@equipe.fr", "password": "un mot de passe assez long"},
            next=target,
        ).response
        assert response.headers["Location"] == expected
        client_request.get("team.sign_in")  # a fresh session for the next round
        with client_request.client.session_transaction() as session:
            session.clear()


def test_an_unexpected_error_shows_a_page_that_leaks_nothing(app, client_request):
    def boom():
        raise RuntimeError("secret-internal-detail")

    app.add_url_rule("/boom", "boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    body = client_request.get("boom", _status=500).response.get_data(as_text=True)
    assert "Erreur inattendue" in body and "secret-internal-detail" not in body
    assert "Traceback" not in body


def test_nul_bytes_never_give_a_500_and_a_form_says_which_field_held_one(app, client_request):
    """PostgreSQL refuses NUL bytes: none reaches a view. In a path, a 400; in a form, the
    byte is taken out and the field says so, the other answers kept, nothing filed."""
    make_service()
    client_request.get("public.service_page", _status=400, slug="\x00")
    client_request.response("api.service_stats", 400, slug="mon-service", level="\x00")
    # A question asked by GET stores nothing: the code without its NUL is simply read.
    form = client_request.get("public.demand_start", slug="mon-service", code_postal="35\x00000")
    assert "Rennes" in form.h1.get_text()
    answers = {
        "t": form.find("input", attrs={"name": "t"})["value"],
        "code_postal": "35000",
        "commune": "35238",
        "comment": "a\x00b",
        "email": "jeanne@exemple.fr",
    }
    page = client_request.post("public.demand_submit", answers, 422, slug="mon-service")
    assert "caractère nul" in field_error(page, "comment")
    assert textarea_value(page.find(id="comment")) == "ab"
    assert page.find(id="email")["value"] == "jeanne@exemple.fr"
    assert page.find(id="error-summary").find("a", href="#comment")
    assert db.session.scalar(select(func.count()).select_from(Demand)) == 0
