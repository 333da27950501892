"""The test client and its page checks: they must catch what they claim to catch."""

import pytest
from flask import Response

from tests.factories import make_service
from tests.pages import check_page

GOOD = (
    '<html lang="fr"><head><title>Mon service — Pilotes</title></head>'
    "<body><h1>Mon service</h1>{}</body></html>"
)


def test_a_well_formed_page_passes_the_checks():
    page = check_page(Response(GOOD.format("<p>Bienvenue</p>"), mimetype="text/html"))
    assert page.h1.get_text() == "Mon service"


@pytest.mark.parametrize(
    "html",
    [
        GOOD.replace('lang="fr"', 'lang="en"'),
        GOOD.replace("<title>Mon service — Pilotes</title>", ""),
        GOOD.format("<h1>Encore un titre</h1>"),
        GOOD.replace("<h1>Mon service</h1>", "<h2>Mon service</h2>"),
        GOOD.format('<form method="post"><input name="email"></form>'),
        GOOD.format('<script src="https://cdn.example/x.js"></script>'),
        GOOD.format('<link rel="stylesheet" href="//cdn.example/x.css">'),
        GOOD.format("<p>Bonjour {{ name }}</p>"),
        GOOD.format("<p>Vous &amp;amp; nous</p>"),
        GOOD.format("<p>Commune : None</p>"),
    ],
    ids=[
        "not French",
        "no title",
        "two h1",
        "no h1",
        "form without CSRF",
        "script from another site",
        "stylesheet from another site",
        "template syntax",
        "escaped twice",
        "None printed",
    ],
)
def test_the_page_checks_refuse_a_broken_page(html):
    with pytest.raises(AssertionError):
        check_page(Response(html, mimetype="text/html"))


def test_pages_are_addressed_by_endpoint_and_their_status_asserted(client_request):
    make_service(name="Mon service")
    page = client_request.get("public.service_page", slug="mon-service")
    assert "Mon service" in page.h1.get_text()
    assert page.response.status_code == 200
    with pytest.raises(AssertionError, match="GET /services/inconnu: 404, wanted 200"):
        client_request.get("public.service_page", slug="inconnu")
    client_request.get("public.service_page", slug="inconnu", _status=404)
    redirected = client_request.get("team.home", _status=302, _redirect="team.sign_in")
    assert redirected.response.headers["Location"].startswith("/equipe/connexion")
    with pytest.raises(AssertionError, match="went to"):
        client_request.get("team.home", _status=302, _redirect="public.index")


def test_a_request_never_sees_what_the_previous_one_left_in_g(app, client_request):
    """Each request has its own app context: one person's account (``g.user``) never
    serves the next request, whoever makes it."""
    service = make_service()
    client_request.sign_in_as("owner", service)
    client_request.get("team.dashboard", slug=service.slug)
    stranger = app.test_client()
    assert stranger.get("/equipe/").status_code == 302
    client_request.sign_out()
    client_request.get("team.home", _status=302, _redirect="team.sign_in")


def test_sign_in_as_gives_the_role_and_no_more(client_request):
    service = make_service()
    client_request.sign_in_as("viewer", service)
    client_request.get("team.dashboard", slug=service.slug)
    client_request.get("team.members", slug=service.slug, _status=403)
    client_request.sign_in_as("admin")
    client_request.get("team.admin_services")


def test_a_form_is_sent_as_a_person_sends_it_and_its_email_link_followed(
    client_request, email_link
):
    make_service()
    page = client_request.get("public.demand_start", slug="mon-service", code_postal="35000")
    assert "Rennes" in page.h1.get_text()
    client_request.submit(
        "public.demand_start",
        {"email": "jeanne@exemple.fr"},
        _status=303,
        _redirect=client_request.url("public.demand_thanks", slug="mon-service"),
        _form="main form[method=post]",
        slug="mon-service",
        code_postal="35000",
    )
    path = email_link("jeanne@exemple.fr", "confirm")
    assert path.startswith("/e/confirmer/")
    asked = client_request.get_url(path)
    assert asked.h1.get_text() == "Confirmer mon adresse"
    with pytest.raises(AssertionError, match="no unsubscribe link"):
        email_link("personne@exemple.fr", "unsubscribe")
