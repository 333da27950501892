"""The small guards of team sign-in: where a redirect may go, how long a session lasts."""

import pytest

from pilotes.web.team.auth import safe_next
from tests.factories import make_service
from tests.web.team.helpers import make_member, sign_in

STAYS = ["/equipe/", "/equipe/services/mon-service/?niveau=commune", "/"]
LEAVES = [
    None,
    "",
    "equipe/",
    "http://evil.example/",
    "https://evil.example/equipe/",
    "//evil.example",
    "//evil.example/equipe/",
    "/\\evil.example",
    "/equipe\\..\\x",
]


@pytest.mark.parametrize("target", STAYS)
def test_a_path_of_this_site_is_a_redirect_target(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", LEAVES)
def test_anything_that_could_leave_the_site_is_not(target):
    assert safe_next(target) is None


def test_a_session_outlives_the_browser_window(client):
    service = make_service()
    make_member(service, "owner@equipe.fr", "owner")
    response = sign_in(client, "owner@equipe.fr")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires=" in cookie  # permanent: kept until SESSION_LIFETIME, not the window


def test_a_session_without_its_sign_in_time_is_signed_out(client, client_request):
    service = make_service()
    member = make_member(service, "owner@equipe.fr", "owner")
    with client.session_transaction() as session:
        session["uid"], session["sv"] = member.user_id, 1  # no "at"
    client_request.get("team.home", _status=302, _redirect="team.sign_in")
