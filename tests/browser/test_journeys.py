"""What a person sees works, in Chromium: the journeys, with axe on every page."""

import re

from sqlalchemy import select

from pilotes.infra.extensions import db, mail
from pilotes.infra.outbox import send_due
from pilotes.models import Demand, Partner, ServiceTerritory
from tests.browser.a11y import assert_accessible
from tests.email_links import BASE_URL
from tests.factories import confirm_everything, make_demand, make_service
from tests.web.team.helpers import make_member


def deliver(app):
    """The outbox sender, as `send-mail` runs it."""
    send_due(db.session, mail, app.config["MAIL_DEFAULT_SENDER"], 3)
    db.session.commit()


def link_in(message, prefix: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(re.escape(BASE_URL + prefix) + r"\S*", text).group(0).removeprefix(BASE_URL)


def test_a_citizen_with_an_ambiguous_postal_code_asks_and_confirms(app, page, smtp_server):
    make_service(name="Mon service")
    db.session.commit()
    page.goto("/services/mon-service")
    assert_accessible(page)
    page.get_by_label("Votre code postal").fill("05110")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(re.compile("code_postal=05110"))
    assert_accessible(page)
    page.get_by_role("button", name="Continuer").click()  # nothing chosen: an error
    assert page.locator("#error-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_accessible(page)
    page.locator("label[for=commune-0]").click()  # DSFR draws the radio on its label
    page.get_by_role("button", name="Continuer").click()
    assert "pas encore disponible" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.get_by_label("Votre adresse électronique, pour être prévenu").fill("pas-valide")
    page.get_by_role("button", name="Je veux ce service ici").click()
    assert "adresse électronique valide" in page.locator("#email-messages").inner_text()
    assert_accessible(page)
    page.get_by_label("Votre adresse électronique, pour être prévenu").fill("jeanne@exemple.fr")
    page.locator("label[for=profile-1]").click()  # a profile chosen, then cleared
    page.locator("label[for=profile-0]").click()
    page.get_by_role("button", name="Je veux ce service ici").click()
    page.wait_for_url(re.compile("/merci"))
    assert "Votre demande est enregistrée" in page.locator("h1").inner_text()
    assert "jeanne@exemple.fr" in page.locator("#email-given").inner_text()
    assert_accessible(page)

    deliver(app)
    (message,) = smtp_server.to("jeanne@exemple.fr")
    page.goto(link_in(message, "/e/confirmer/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    page.wait_for_load_state()
    assert "Adresse confirmée" in page.locator("h1").inner_text()
    assert_accessible(page)
    assert db.session.scalar(select(Demand.confirmed_at)) is not None


def test_a_partner_volunteers(page):
    make_service()
    db.session.commit()
    page.goto("/services/mon-service/partenaire")
    assert_accessible(page)
    page.get_by_role("button", name="Proposer mon organisation").click()
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Nom de l'organisation").fill("MDPH d'Ille-et-Vilaine")
    page.get_by_label("Type d'organisation").select_option("mdph")
    page.locator("summary", has_text="Bretagne").click()
    page.locator("label", has_text="Ille-et-Vilaine (35)").click()
    page.get_by_label("Votre nom et prénom").fill("Camille Martin")
    page.get_by_label("Votre adresse électronique professionnelle").fill("camille@mdph35.fr")
    page.locator("label[for=consent]").click()
    page.get_by_role("button", name="Proposer mon organisation").click()
    page.wait_for_url(re.compile("/partenaire/merci"))
    assert_accessible(page)
    partner = db.session.scalar(select(Partner))
    assert [t.code for t in partner.territories] == ["35"]


def test_a_team_member_signs_in_opens_a_territory_and_people_are_told(app, page, smtp_server):
    service = make_service()
    make_demand(service, "35000", email="attend@exemple.fr")
    confirm_everything()
    make_member(service, "owner@equipe.fr", "owner")
    smtp_server.messages.clear()
    db.session.commit()
    page.goto("/equipe/connexion")
    assert_accessible(page)
    page.get_by_label("Adresse électronique").fill("owner@equipe.fr")
    page.get_by_role("button", name="Se connecter").click()
    assert_accessible(page)
    deliver(app)
    sign_in = [m for m in smtp_server.to("owner@equipe.fr") if "connexion" in m["Subject"].lower()][
        -1
    ]
    page.goto(link_in(sign_in, "/equipe/connexion/lien/"))
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Mon service").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir un territoire").click()
    assert_accessible(page)
    page.get_by_label("Territoire (nom ou code)").fill("ille et vilaine")
    page.get_by_role("button", name="Voir qui sera prévenu").click()
    assert page.locator("h1").inner_text() == "Ouvrir Ille-et-Vilaine (35) ?"
    assert "1 personne recevra ce courriel" in page.locator("#opening-summary").inner_text()
    assert "Ille-et-Vilaine" in page.locator("#email-text").inner_text()
    assert db.session.scalar(select(ServiceTerritory.opened_at)) is None
    db.session.rollback()  # end the read: SQLite's lock would stop the server's write
    assert_accessible(page)
    page.get_by_role("button", name="Ouvrir et envoyer 1 courriel").click()
    assert "Ille-et-Vilaine est ouvert. 1 personne va" in page.locator("main").inner_text()
    assert_accessible(page)
    assert db.session.scalar(select(ServiceTerritory.opened_at)) is not None
    deliver(app)
    told = [m for m in smtp_server.to("attend@exemple.fr") if "Bonne nouvelle" in m["Subject"]]
    assert len(told) == 1

    for name in (
        "Territoires",
        "Page du service",
        "Volontaires pour tester",
        "Organisations partenaires",
        "Paramètres",
        "Équipe",
        "Modération",
        "Rapports",
    ):
        with page.expect_navigation():
            page.get_by_role("link", name=name, exact=True).click()
        assert_accessible(page)

    downloads = {}
    for label in ("Rapport PDF (A4)", "Tableur (XLSX)"):
        with page.expect_download() as info:
            page.get_by_role("link", name=label).click()
        downloads[label] = info.value.path().read_bytes()
    assert downloads["Rapport PDF (A4)"].startswith(b"%PDF")
    assert downloads["Tableur (XLSX)"].startswith(b"PK")
    for label in ("CSV pour tableur français (département)", "JSON (département)"):
        with page.expect_download() as info:
            page.get_by_role("link", name=label).click()
        assert info.value.path().stat().st_size > 100


def test_the_csp_blocks_nothing_of_ours(browser, live_server):
    make_service()
    db.session.commit()
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    refused = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    for path in (
        "/services/mon-service",
        "/services/mon-service/demande?code_postal=35000",
        "/services/mon-service/stats",
    ):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    # The charts are drawn on the server: nothing for the CSP to refuse, and there.
    page.locator("#map .pilotes-chart svg").wait_for()
    context.close()
    assert refused == []
