"""The beta page: pitch, where it is open, public counters, the postal-code field."""

from pilotes.domain.opening import open_territory
from pilotes.infra.extensions import db
from tests.factories import make_demand, make_service
from tests.pages import get_page


def test_beta_page_shows_pitch_open_territories_and_counters(client):
    service = make_service(
        tagline="Grâce à Mon service, tout va plus vite.",
        problem="Les dossiers **papier** se perdent.",
        description="- un formulaire\n- un suivi",
    )
    open_territory(db.session, service, "35", "https://exemple.fr/35")
    for code in ("13001", "13001", "75001", "75001", "75001"):
        make_demand(service, code)
    make_demand(service, "69001", email="a@exemple.fr")

    soup = get_page(client, "/services/mon-service")
    text = soup.get_text(" ", strip=True)
    assert "Grâce à Mon service, tout va plus vite." in text
    assert soup.select_one(".pilotes-prose strong").get_text() == "papier"
    assert [li.get_text(strip=True) for li in soup.select(".pilotes-prose ul li")] == [
        "un formulaire",
        "un suivi",
    ]
    assert "Ille-et-Vilaine" in text
    assert soup.find("a", href="https://exemple.fr/35")
    counter = soup.find(id="counter").get_text(" ", strip=True)
    assert counter == "moins de 15 demandes"  # 6, hidden: and nothing says how they split
    assert "dont" not in soup.find(id="counter").parent.get_text()
    assert soup.find("input", attrs={"name": "code_postal"})


def test_team_markdown_cannot_inject_html_or_scripts(client):
    make_service(
        description="<script>alert(1)</script> [lien](javascript:alert(2)) <img src=x onerror=y>"
    )
    soup = get_page(client, "/services/mon-service")
    prose = soup.select_one(".pilotes-prose")
    assert prose.find("script") is None and prose.find("img") is None
    assert not [a for a in prose.find_all("a") if "javascript" in a.get("href", "")]
    assert "<script>alert(1)</script>" in prose.get_text()  # shown as text, harmless


def test_draft_and_archived_services_have_no_public_page(client):
    make_service(slug="brouillon", status="draft")
    make_service(slug="archive", status="archived")
    get_page(client, "/services/brouillon", status=404)
    get_page(client, "/services/archive/demande?code_postal=35000", status=404)


def test_small_counts_on_the_beta_page_are_shown_as_less_than_the_threshold(client):
    service = make_service()
    for _ in range(3):
        make_demand(service, "35000")
    counter = get_page(client, "/services/mon-service").find(id="counter")
    assert counter.get_text(" ", strip=True).startswith("moins de 15 demandes")
