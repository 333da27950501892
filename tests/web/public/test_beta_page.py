"""The beta page: pitch, where it is open, public counters, the postal-code field."""

from pilotes.domain.opening import open_territory
from pilotes.infra.extensions import db
from pilotes.infra.french import number_fr
from tests.factories import confirm_everything, make_demand, make_service
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


def test_the_counter_says_only_what_the_published_figures_say(client_request):
    """« N départements en comptent au moins 15 » was false: a published 15 can be 11.
    The sentence now counts the départements whose count the open data publishes."""
    service = make_service()
    for code, demands in (("35000", 40), ("75001", 24), ("69001", 3)):
        for n in range(demands):
            make_demand(service, code, email=f"{code}-{n}@exemple.fr" if n % 2 else None)
    confirm_everything()
    stats = client_request.json("api.service_stats", slug=service.slug, level="departement")
    published = [row for row in stats["territories"] if row["demands"] is not None]

    page = client_request.get("public.service_page", slug=service.slug)
    callout = page.find(id="counter").parent.get_text(" ", strip=True)
    assert "au moins" not in callout
    assert f"Nombre de demandes publié pour {len(published)} départements ;" in callout
    total, confirmed = stats["totals"]["demands"], stats["totals"]["confirmed"]
    assert page.find(id="counter").get_text(" ", strip=True) == (
        f"{number_fr(total)} demandes, dont {number_fr(confirmed)} confirmées par courriel"
    )


def test_the_beta_page_says_whom_to_write_to(client_request):
    """The legal, accessibility and privacy pages send people to the service's page."""
    service = make_service(contact_email="equipe@exemple.fr")
    contact = client_request.get("public.service_page", slug=service.slug).find(
        "section", attrs={"aria-labelledby": "contact-title"}
    )
    assert contact.find("a", href="mailto:equipe@exemple.fr")
    assert contact.find("a", href=f"/services/{service.slug}/donnees-personnelles")


def test_the_beta_page_elides_de_before_a_vowel(client_request):
    """« écrivez à l'équipe d'Autre service », not « de Autre service » (outside review)."""
    service = make_service(name="Autre service", contact_email="equipe@exemple.fr")
    contact = client_request.get("public.service_page", slug=service.slug).find(
        "section", attrs={"aria-labelledby": "contact-title"}
    )
    text = " ".join(contact.get_text().split())
    assert "écrivez à l'équipe d'Autre service," in text and "de Autre" not in text
