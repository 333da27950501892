"""Sign-in by magic link (single use, 15 minutes) or password; sign-out; rate limit."""

import pytest

from pilotes import create_app
from pilotes.domain.accounts import get_or_create_user, set_password
from pilotes.infra.extensions import db
from tests.client_request import ClientRequest
from tests.email_links import links_age
from tests.pages import check_page, field_error, get_page, submit
from tests.web.team.helpers import sign_in, sign_in_link


@pytest.fixture
def account(app):
    user = get_or_create_user(db.session, "Ana@Equipe.fr")
    db.session.commit()
    return user


def test_a_magic_link_signs_in_once(client, client_request, account):
    path = sign_in_link("ana@equipe.fr")
    page = get_page(client, path)  # opening the link (as a mail scanner would) spends nothing
    get_page(client, path)
    response = submit(client, page, {}, path, status=302)
    assert response.headers["Location"].endswith("/equipe/")
    assert "Mes services" in get_page(client, "/equipe/").h1.get_text()
    # The same link again: refused with a clear page.
    client_request.sign_out()
    refused = check_page(submit(client, get_page(client, path), {}, path, status=400))
    assert "déjà servi" in refused.get_text()


def test_only_the_latest_sign_in_link_signs_in(client, account):
    earlier = sign_in_link("ana@equipe.fr")
    latest = sign_in_link("ana@equipe.fr")
    refused = check_page(submit(client, get_page(client, earlier), {}, earlier, status=400))
    assert "un lien plus récent" in refused.get_text()
    response = submit(client, get_page(client, latest), {}, latest, status=302)
    assert response.headers["Location"].endswith("/equipe/")


def test_a_magic_link_older_than_15_minutes_is_refused(client, account, monkeypatch):
    path = sign_in_link("ana@equipe.fr")
    page = get_page(client, path)
    links_age(monkeypatch, 15 * 60 + 1)
    refused = check_page(submit(client, page, {}, path, status=400))
    assert "expiré" in refused.get_text() and "15 minutes" in refused.get_text()


def test_asking_for_a_link_says_the_same_whether_or_not_the_account_exists(client, account):
    for email in ("ana@equipe.fr", "inconnu@exemple.fr"):
        page = get_page(client, "/equipe/connexion")
        response = submit(client, page, {"email": email}, "/equipe/connexion", status=200)
        assert "Si " + email + " a un compte" in check_page(response).get_text()


def test_password_sign_in_and_sign_out(client, client_request, account):
    set_password(db.session, account, "un mot de passe assez long")
    page = get_page(client, "/equipe/connexion")
    bad = check_page(
        submit(
            client,
            page,
            {"email": "ana@equipe.fr", "password": "faux"},
            "/equipe/connexion",
            status=422,
        )
    )
    assert "incorrect" in field_error(bad, "password")
    assert bad.find(id="email")["value"] == "ana@equipe.fr"
    submit(
        client,
        page,
        {"email": "ana@equipe.fr", "password": "un mot de passe assez long"},
        "/equipe/connexion",
        status=302,
    )
    home = get_page(client, "/equipe/")
    submit(client, home, {}, "/equipe/", selector="form.pilotes-account", status=302)
    client_request.get("team.home", _status=302, _redirect="team.sign_in")


def test_a_short_password_is_refused_in_french(client, account):
    sign_in(client, "ana@equipe.fr")
    page = get_page(client, "/equipe/mot-de-passe")
    response = submit(
        client,
        page,
        {"password": "court", "confirm": "court"},
        "/equipe/mot-de-passe",
        selector="main form[novalidate]",
        status=422,
    )
    assert "Au moins 12 caractères" in field_error(check_page(response), "password")


def test_setting_a_password_ends_other_sessions(client_request, account):
    first, second = client_request, client_request.other()
    for browser in (first, second):
        sign_in(browser.client, "ana@equipe.fr")
        browser.get("team.home")
    set_password(db.session, account, "un autre mot de passe long")
    for browser in (first, second):
        browser.get("team.home", _status=302, _redirect="team.sign_in")


def test_sign_in_is_rate_limited(migrated_database, app, account):
    limited = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=migrated_database,
        RATELIMIT_ENABLED=True,
    )
    browser = ClientRequest.browser(limited)
    # Per client, 10 a minute (link requests are outside the per-address limit, which
    # counts passwords: tests/security/test_sign_in_lockout.py).
    for status in [200] * 10 + [429]:
        browser.post("team.sign_in", {"email": "ana@equipe.fr"}, status)
    refused = browser.post("team.sign_in", {"email": "ana@equipe.fr"}, 429)
    assert "Trop de demandes" in refused.get_text()
