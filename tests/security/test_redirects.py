"""After sign-in, ``next`` only ever leads to a page of this site."""

import pytest

from pilotes.domain.accounts import get_or_create_user, set_password
from pilotes.infra.extensions import db
from pilotes.web.team.auth import safe_next
from tests.pages import get_page, submit

TRICKS = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/ /evil.example",
    "/\x00/evil.example",
    "/\u200b/evil.example",
    "/\u202e/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d%0a/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%252F/evil.example",
    "/%25252F/evil.example",
    "https://evil.example",
    "http:/evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " /equipe/",
    "\t//evil.example",
    "evil.example",
    "",
    None,
]
GOOD = [
    "/equipe/",
    "/equipe/services/mon-service/page",
    "/equipe/services/mon-service/demandes?statut=new&page=2",
    "/equipe/mot-de-passe?",
]


@pytest.mark.parametrize("target", TRICKS)
def test_redirect_tricks_are_refused(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", GOOD)
def test_paths_of_this_site_are_kept(target):
    assert safe_next(target) == target


def test_password_sign_in_never_redirects_off_site(client):
    user = get_or_create_user(db.session, "ana@equipe.fr")
    set_password(db.session, user, "un mot de passe assez long")
    db.session.commit()
    for target in ("/%09/evil.example", "/\t/evil.example", "/%2F/evil.example"):
        page = get_page(client, "/equipe/connexion")
        response = submit(
            client,
            page,
            {"email": "ana@equipe.fr", "password": "un mot de passe assez long", "next": target},
            "/equipe/connexion",
            status=302,
        )
        assert response.headers["Location"] == "/equipe/"
        with client.session_transaction() as session:
            session.clear()
