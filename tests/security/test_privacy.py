"""RGPD: the privacy page, consent versions, purge past retention, a copy of one's data."""

import base64
from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy import update

from pilotes.domain import pipelines, privacy
from pilotes.domain.abuse import Signals
from pilotes.domain.email_address import email_key
from pilotes.domain.privacy import CONSENT_TEXTS
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import Demand, OutboxMessage, utcnow
from pilotes.reports.engine import key_figures
from tests.email_links import link
from tests.factories import add_volunteer, confirm_everything, make_demand, make_service
from tests.pages import get_page, submit


def copies_to(smtp_server, address: str) -> list:
    """The data-copy messages to ``address`` (its signup's confirmation aside)."""
    return [m for m in smtp_server.to(address) if m["Subject"] == "Vos données sur Pilotes"]


def test_each_service_has_a_privacy_page_from_its_settings(client):
    make_service(
        name="Mon service",
        contact_email="dpo@exemple.fr",
        retention_days=200,
        suppression_threshold=7,
    )
    page = get_page(client, "/services/mon-service/donnees-personnelles")
    text = page.get_text(" ", strip=True)
    for expected in (
        "Mon service",
        "dpo@exemple.fr",
        "200 jours",
        "consentement",
        "inférieur à 7",
        "CNIL",
        "effacer",
    ):
        assert expected in text, expected
    assert page.find("a", href="/mes-donnees")
    footer = get_page(client, "/services/mon-service").select("footer a")
    assert any(a["href"] == "/services/mon-service/donnees-personnelles" for a in footer)


def test_the_consent_version_is_stored_and_its_text_kept(app):
    service = make_service()
    demand = make_demand(service, "35000", email="a@exemple.fr").row
    assert demand.consent_version in CONSENT_TEXTS
    assert make_demand(service, "35000").row.consent_version is None  # no email, no consent


def test_a_keeping_services_privacy_page_quotes_the_text_its_form_shows(client):
    """Not v2's « qu'elle la supprime après l'ouverture », which that service does not do;
    and who agreed to it earlier is told that it still holds."""
    service = make_service(after_opening="keep", retention_days=200)
    text = get_page(client, "/services/mon-service/donnees-personnelles").get_text(" ")
    text = " ".join(text.split())
    assert privacy.consent_text("2026-11-k1", "demand", service) in text
    assert "la supprime après l'ouverture" not in text
    assert "au plus 200 jours après votre demande" in text
    assert "annonçait son effacement à l'ouverture, elle est effacée à l'ouverture" in text


def test_the_data_copy_gives_the_text_each_person_agreed_to_word_for_word(
    client, runner, smtp_server
):
    """The text of the version stored, not the one the form shows today."""
    service = make_service(name="Mon service")
    make_demand(service, "35000", email="jeanne@exemple.fr")
    confirm_everything()
    service.after_opening = "keep"
    db.session.commit()
    submit(client, get_page(client, "/mes-donnees"), {"email": "jeanne@exemple.fr"}, "/mes-donnees")
    runner.invoke(args=["pilotes", "send-mail"])
    (message,) = copies_to(smtp_server, "jeanne@exemple.fr")
    text = get_page(client, link(message, "/mes-donnees/")).get_text(" ", strip=True)
    agreed = privacy.consent_text("2026-11-v2", "demand", service)
    assert f"Consentement version 2026-11-v2 : « {agreed} »" in " ".join(text.split())


def test_purge_erases_personal_data_past_retention_and_keeps_the_counts(app, runner):
    service = make_service(retention_days=30)
    old = make_demand(service, "35000", email="ancien@exemple.fr", comment="Vieux").row
    recent = make_demand(service, "35000", email="recent@exemple.fr").row
    confirm_everything()
    db.session.execute(
        update(Demand).where(Demand.id == old.id).values(created_at=utcnow() - timedelta(days=31))
    )
    db.session.execute(
        update(OutboxMessage).values(sent_at=utcnow(), created_at=utcnow() - timedelta(days=40))
    )
    db.session.commit()
    before = key_figures(db.session, service)
    dry = runner.invoke(args=["pilotes", "purge", "--dry-run"])
    assert "demand: 1 à effacer" in dry.output
    assert db.session.get(Demand, old.id).email == "ancien@exemple.fr"
    result = runner.invoke(args=["pilotes", "purge"])
    assert (
        "demand: 1 effacés" in result.output and "courriels envoyés supprimés : 2" in result.output
    )
    db.session.expire_all()
    assert (db.session.get(Demand, old.id).email, db.session.get(Demand, old.id).comment) == (
        None,
        None,
    )
    assert db.session.get(Demand, recent.id).email == "recent@exemple.fr"
    after = key_figures(db.session, service)
    assert (after.confirmed, after.unconfirmed) == (before.confirmed, before.unconfirmed)


def test_a_person_gets_a_copy_of_their_data_through_their_confirmed_address(
    client, runner, smtp_server
):
    service = make_service(name="Mon service")
    make_demand(service, "35000", email="jeanne@exemple.fr", comment="Vite, svp")
    confirm_everything()
    for address in ("JEANNE@EXEMPLE.FR", "inconnu@exemple.fr"):
        page = get_page(client, "/mes-donnees")
        response = submit(client, page, {"email": address}, "/mes-donnees", status=200)
        assert "Si nous avons des données confirmées" in response.get_data(as_text=True)
    runner.invoke(args=["pilotes", "send-mail"])
    # To the address as confirmed, not as typed: the link shows that address's data.
    (message,) = copies_to(smtp_server, "jeanne@exemple.fr")
    assert smtp_server.to("JEANNE@exemple.fr") == [] and smtp_server.to("inconnu@exemple.fr") == []
    path = link(message, "/mes-donnees/")
    payload = path.removeprefix("/mes-donnees/").split(".")[0]
    readable = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"jeanne" not in readable.lower()  # the link does not carry the address
    copy = get_page(client, path)
    text = copy.get_text(" ", strip=True)
    assert "Mon service" in text and "Vite, svp" in text and "35000" in text
    # The commune by its name, as the person knows it; its Insee code only beside it.
    assert "35000, Rennes (code Insee 35238)" in text
    # What the person agreed to, as it stands: not « prévenu », as if an email had gone.
    assert "Accepte d'être prévenu ou prévenue de l'ouverture oui" in text
    assert "Prévenu" not in text
    get_page(client, "/mes-donnees/falsifie", status=400)


def test_asking_again_and_again_sends_one_copy_per_quarter_hour_and_says_the_same(
    client, runner, smtp_server, monkeypatch
):
    service = make_service(name="Mon service")
    make_demand(service, "35000", email="jeanne@exemple.fr")
    confirm_everything()
    quarter = utcnow().replace(minute=7)  # well inside one quarter of an hour
    monkeypatch.setattr(privacy, "utcnow", lambda: quarter)
    answers = set()
    for address in ["jeanne@exemple.fr", "Jeanne@Exemple.FR"] * 5:
        page = get_page(client, "/mes-donnees")
        response = submit(client, page, {"email": address}, "/mes-donnees", status=200)
        answers.add(BeautifulSoup(response.data, "html.parser").main.get_text(" ").lower())
    assert len(answers) == 1  # the page does not tell a refused request from a sent one
    runner.invoke(args=["pilotes", "send-mail"])
    assert len(copies_to(smtp_server, "jeanne@exemple.fr")) == 1
    monkeypatch.setattr(privacy, "utcnow", lambda: quarter + timedelta(minutes=15))
    submit(client, get_page(client, "/mes-donnees"), {"email": "jeanne@exemple.fr"}, "/mes-donnees")
    runner.invoke(args=["pilotes", "send-mail"])
    assert len(copies_to(smtp_server, "jeanne@exemple.fr")) == 2
    # The limit is per address: another person asking in that quarter gets their copy.
    make_demand(service, "29200", email="paul@exemple.fr")
    confirm_everything()
    submit(client, get_page(client, "/mes-donnees"), {"email": "paul@exemple.fr"}, "/mes-donnees")
    runner.invoke(args=["pilotes", "send-mail"])
    assert len(copies_to(smtp_server, "paul@exemple.fr")) == 1


def test_the_data_copy_holds_the_team_notes_the_status_and_the_network_of_a_demand(
    client, runner, smtp_server
):
    service = make_service(name="Mon service")
    make_demand(service, "35000", email="jeanne@exemple.fr", signals=Signals(ip="192.0.2.7"))
    volunteer = add_volunteer(
        service, "jeanne@exemple.fr", email_key=email_key("jeanne@exemple.fr")
    )
    with unit_of_work():
        pipelines.set_status(db.session, volunteer, "contacted", "editor@equipe.fr")
        pipelines.add_note(db.session, volunteer, "editor@equipe.fr", "Prévoir un interprète LSF")
    confirm_everything()
    page = get_page(client, "/mes-donnees")
    submit(client, page, {"email": "jeanne@exemple.fr"}, "/mes-donnees", status=200)
    runner.invoke(args=["pilotes", "send-mail"])
    (message,) = copies_to(smtp_server, "jeanne@exemple.fr")
    text = get_page(client, link(message, "/mes-donnees/")).get_text(" ", strip=True)
    assert "Note de l'équipe" in text and "Prévoir un interprète LSF" in text
    assert "Nouveau → Contacté" in text and "Suivi par l'équipe du service Contacté" in text
    assert "192.0.2.0/24" in text and "Domaine de l'adresse électronique exemple.fr" in text
    assert "editor@equipe.fr" not in text  # the team member's own address is theirs
