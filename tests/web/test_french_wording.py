"""Sentences that hold for every territory's name and status, and one word for one step."""

import re

from tests.factories import make_service
from tests.pages import field_error, get_page

FORM = "main form[novalidate]"


def text(page) -> str:
    return page.get_text(" ", strip=True)


def test_the_opening_preview_names_the_territory_without_guessing_its_article(client_request):
    service = make_service()
    client_request.sign_in_as("owner", service)
    confirm = client_request.submit(
        "team.open_territory", {"code": "29"}, 200, _form=FORM, slug=service.slug
    )
    assert "indiqué comme ouvert pour ce territoire (Finistère)" in text(confirm)


def test_nouméa_and_papeete_are_territories_not_départements(client):
    make_service()
    for postal_code in ("98800", "98714", "35000"):
        page = get_page(client, f"/services/mon-service/demande?code_postal={postal_code}")
        assert "chaque demande compte pour convaincre votre territoire" in text(page)
        assert "votre département" not in text(page)


def test_the_goal_help_says_what_a_rate_means_in_demands(client_request):
    service = make_service()
    client_request.sign_in_as("owner", service)
    page = text(client_request.get("team.set_goal", slug=service.slug))
    assert "font 20 demandes pour 100 000 habitants" not in page
    assert "l'objectif est de 20 demandes dans un territoire de 100 000 habitants" in page


def test_the_postal_code_step_gives_one_example_and_one_button_word(client):
    make_service()
    beta = get_page(client, "/services/mon-service")
    start = get_page(client, "/services/mon-service/demande")
    wrong = get_page(client, "/services/mon-service/demande?code_postal=7500")
    example = re.search(r"par exemple (\d{5})", text(start)).group(1)
    assert f"par exemple {example}" in text(beta)
    assert f"par exemple {example}" in field_error(wrong, "code_postal")
    for page in (beta, start):
        form = page.find("input", id="code_postal").find_parent("form")
        assert [b.get_text(strip=True) for b in form.find_all("button")] == ["Continuer"]


def test_a_commune_with_an_article_takes_au_or_aux(client):
    make_service()
    for postal_code, words in (
        ("76600", "pas encore disponible au Havre"),
        ("97139", "pas encore disponible aux Abymes"),
        ("35000", "pas encore disponible à Rennes"),
    ):
        page = get_page(client, f"/services/mon-service/demande?code_postal={postal_code}")
        assert words in page.h1.get_text(" ", strip=True), page.h1
