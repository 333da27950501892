"""Partners' SIRET numbers are looked up in the register after the form is saved."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from bench.loadclient import free_port
from pilotes.infra.extensions import db
from pilotes.models import Partner, SiretCheck, utcnow
from tests.factories import make_service
from tests.http_server import HTTPServer, Reply
from tests.pages import get_page, submit
from tests.register_responses import NOTHING_FOUND, search_answer
from tests.web.team.helpers import make_member, sign_in

URL = "/services/mon-service/partenaire"
SIRET = "22350001800013"
ANSWERS = {
    "organisation_name": "Département d'Ille-et-Vilaine",
    "organisation_type": "conseil_departemental",
    "siret": "223 500 018 00013",
    "territories": ["35"],
    "contact_name": "Camille Martin",
    "email": "camille.martin@ille-et-vilaine.fr",
    "consent": "y",
}
FOUND = search_answer(
    SIRET, "DEPARTEMENT D'ILLE ET VILAINE", "35238", "1 AVENUE DE LA PREFECTURE 35000 RENNES"
)


@pytest.fixture
def register(app):
    """The register on loopback; its answer is ``register.reply`` (documented by default)."""
    server = HTTPServer(lambda request: server.reply)
    server.reply = Reply(200, FOUND)
    app.config.update(REGISTER_API_URL=server.url, REGISTER_TIMEOUT=0.5)
    with server:
        yield server


def file_partner(client, answers=ANSWERS):
    make_service()
    submit(client, get_page(client, URL), answers, URL, status=303)
    return db.session.scalar(select(Partner))


def run_worker(runner):
    result = runner.invoke(args=["pilotes", "send-mail"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def test_the_form_is_saved_without_asking_the_register(client, register):
    partner = file_partner(client)
    assert register.requests == []
    assert partner.siret_check.status == "pending"
    assert partner.siret_check.siret == SIRET


def test_no_check_is_queued_without_a_siret(client, register):
    partner = file_partner(client, {**ANSWERS, "siret": ""})
    assert partner.siret_check is None
    assert db.session.scalar(select(SiretCheck)) is None


def test_the_worker_records_what_the_register_says_and_the_team_sees_it(client, runner, register):
    partner = file_partner(client)
    run_worker(runner)
    [request] = register.requests
    assert (request.path, request.query["q"]) == ("/search", [SIRET])
    check = partner.siret_check
    assert (check.status, check.active, check.commune_code) == ("active", True, "35238")
    assert check.name == "DEPARTEMENT D'ILLE ET VILAINE"
    make_member(partner.service, "equipe@exemple.gouv.fr", "editor")
    sign_in(client, "equipe@exemple.gouv.fr")
    page = get_page(client, f"/equipe/services/mon-service/partenaires/{partner.id}")
    table = page.find("section", attrs={"aria-labelledby": "registre"}).find("table")
    rows = {
        tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr("td")]
        for tr in table.tbody("tr")
    }
    assert rows["Nom"] == ["Département d'Ille-et-Vilaine", "DEPARTEMENT D'ILLE ET VILAINE"]
    assert rows["Adresse"][1] == "1 AVENUE DE LA PREFECTURE 35000 RENNES"
    assert rows["Commune"][1] == "Rennes (35238)"
    assert rows["État"][1] == "actif"
    assert "fermé" not in page.get_text()


def test_a_closed_establishment_is_flagged_to_the_team(client, runner, register):
    register.reply = Reply(200, search_answer(SIRET, "ANCIEN SITE", "35238", "RENNES", "F"))
    partner = file_partner(client)
    run_worker(runner)
    assert (partner.siret_check.status, partner.siret_check.active) == ("closed", False)
    make_member(partner.service, "equipe@exemple.gouv.fr", "editor")
    sign_in(client, "equipe@exemple.gouv.fr")
    page = get_page(client, f"/equipe/services/mon-service/partenaires/{partner.id}")
    assert "cet établissement est fermé" in page.select_one(".fr-alert--error").get_text()
    listing = get_page(client, "/equipe/services/mon-service/partenaires")
    assert listing.select_one("tbody .fr-badge--error").get_text() == "établissement fermé"


def test_a_siret_the_register_does_not_know_is_said_so(client, runner, register):
    register.reply = Reply(200, NOTHING_FOUND)
    partner = file_partner(client)
    run_worker(runner)
    assert partner.siret_check.status == "unknown"
    assert partner.siret_check.checked_at is not None


@pytest.mark.parametrize(
    "reply",
    [
        Reply(503, "Service Unavailable"),
        Reply(429, {"erreur": "Trop de requêtes"}),
        Reply(200, FOUND, delay=1.5),  # slower than the timeout
        Reply(200, "<html>maintenance</html>", headers={"Content-Type": "text/html"}),
        Reply(200, {"resultats": []}),  # another shape
        Reply(drop=True),
    ],
    ids=["unavailable", "rate-limited", "slow", "html", "wrong-shape", "dropped"],
)
def test_an_unusable_answer_is_tried_again_later_and_nothing_is_lost(
    client, runner, register, reply
):
    register.reply = reply
    partner = file_partner(client)
    result = run_worker(runner)
    check = partner.siret_check
    assert check.status == "pending" and check.attempts == 1
    assert check.last_error and f"SIRET {SIRET}" in result.output
    assert check.next_attempt_at > utcnow() + timedelta(seconds=20)
    run_worker(runner)  # not due yet: the register is not asked again
    assert len(register.requests) == 1
    register.reply = Reply(200, FOUND)  # the register is back, and time has passed
    check.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    run_worker(runner)
    assert (check.status, check.attempts, check.last_error) == ("active", 2, None)
    assert partner.organisation_name == ANSWERS["organisation_name"]


def test_a_register_that_is_down_gives_up_after_the_last_attempt(client, runner, app):
    app.config.update(REGISTER_API_URL=f"http://127.0.0.1:{free_port()}", REGISTER_MAX_ATTEMPTS=2)
    partner = file_partner(client)
    for _ in range(2):
        partner.siret_check.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        run_worker(runner)
    assert (partner.siret_check.status, partner.siret_check.attempts) == ("failed", 2)


def test_an_empty_register_url_turns_the_check_off(client, runner, app):
    app.config.update(REGISTER_API_URL="")
    partner = file_partner(client)
    run_worker(runner)
    assert (partner.siret_check.status, partner.siret_check.attempts) == ("pending", 0)
    result = runner.invoke(args=["pilotes", "check-sirets"])
    assert result.exit_code != 0 and "coupée" in result.output
