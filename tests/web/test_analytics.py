"""Optional Matomo (CNIL-exempt) and the « Je donne mon avis » button, off unless configured."""

import pytest

from pilotes import create_app
from pilotes.infra.extensions import db
from tests.client_request import ClientRequest
from tests.factories import make_service
from tests.pages import fill_and_send, get_page, submit
from tests.web.team.helpers import make_member, sign_in

MATOMO = {"MATOMO_URL": "https://stats.beta.gouv.fr/", "MATOMO_SITE_ID": "42"}


@pytest.fixture
def matomo_app(app):
    tracked = create_app(
        "test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], **MATOMO
    )
    yield tracked
    with tracked.app_context():
        db.engine.dispose()


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";"))}


def test_without_matomo_there_is_no_tag_and_the_csp_allows_only_this_site(client_request):
    make_service()
    response = client_request.get("public.service_page", slug="mon-service").response
    assert "matomo" not in response.get_data(as_text=True)
    policy = directives(response)
    assert policy["script-src"].split()[1] == "'self'" and "https:" not in str(policy)


def test_with_matomo_the_tag_is_there_and_the_csp_allows_its_origin_only(matomo_app):
    make_service()
    db.session.commit()
    page = ClientRequest.browser(matomo_app).get("public.service_page", slug="mon-service")
    response = page.response
    tag = page.find("script", attrs={"data-matomo-url": True})
    assert (tag["data-matomo-url"], tag["data-site-id"], tag["data-page"]) == (
        "https://stats.beta.gouv.fr/",
        "42",
        "/services/mon-service",
    )
    assert tag["src"].startswith("/") and tag["src"].endswith("matomo.js")  # served here
    policy = directives(response)
    for name in ("script-src", "img-src", "connect-src"):
        assert "https://stats.beta.gouv.fr" in policy[name].split()
    for name in ("default-src", "style-src", "font-src", "frame-ancestors", "form-action"):
        assert "stats.beta.gouv.fr" not in policy[name]


def test_a_page_whose_address_holds_a_token_is_tracked_as_its_pattern(matomo_app):
    browser = ClientRequest.browser(matomo_app)
    page = browser.get("public.confirm", _status=400, token="un-jeton-secret")
    tag = page.find("script", attrs={"data-matomo-url": True})
    assert tag["data-page"] == "/e/confirmer/<token>"
    assert "un-jeton-secret" not in str(tag)


def test_the_feedback_button_shows_once_the_owner_sets_both_numbers(client):
    service = make_service(name="Mon service")
    assert "Je donne mon avis" not in get_page(client, "/services/mon-service").get_text()
    make_member(service, "responsable@exemple.gouv.fr", "owner")
    sign_in(client, "responsable@exemple.gouv.fr")
    url = "/equipe/services/mon-service/parametres"
    page = fill_and_send(client, url, {"feedback_demarche_id": "3540"}, status=422)
    assert "ou aucun" in page.find(id="feedback_button_key-messages").get_text()
    assert page.find(id="feedback_demarche_id")["value"] == "3540"  # kept
    page = fill_and_send(
        client, url, {"feedback_demarche_id": "35x", "feedback_button_key": "3732"}, status=422
    )
    assert "des chiffres" in page.find(id="feedback_demarche_id-messages").get_text()
    answers = {"feedback_demarche_id": "3540", "feedback_button_key": "3732"}
    submit(client, get_page(client, url), answers, url, "main form[novalidate]", status=303)
    button = get_page(client, "/services/mon-service").find("a", string="Je donne mon avis")
    assert button["href"] == "https://jedonnemonavis.numerique.gouv.fr/Demarches/3540?button=3732"
    assert button["rel"] == ["noopener"] and button["target"] == "_blank"
