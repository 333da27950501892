"""Double opt-in through a real SMTP server on loopback."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Demand, OutboxMessage
from pilotes.reports.engine import key_figures
from tests.email_links import link, links_age, only_message_to, parts, send_outbox
from tests.factories import make_demand, make_service, outbox_bodies
from tests.pages import check_page, confirm_by_link, get_page, submit


def test_demand_with_email_is_confirmed_by_the_link_it_receives(client, runner, smtp_server):
    service = make_service(name="Mon service")
    url = "/services/mon-service/demande?code_postal=35000"
    soup = get_page(client, url)
    submit(
        client,
        soup,
        {"email": "Jeanne.Martin@Exemple.fr", "consent": "y", "profile": "usager"},
        url,
        selector="main form[method=post]",
        status=303,
    )
    thanks = get_page(client, "/services/mon-service/merci?courriel=1&code_postal=35000")
    assert "cliquez sur son lien" in thanks.get_text()
    assert (
        key_figures(db.session, service).confirmed,
        key_figures(db.session, service).unconfirmed,
    ) == (0, 1)

    assert "1 envoyés" in send_outbox(runner)
    message = only_message_to(smtp_server, "Jeanne.Martin@exemple.fr")
    assert message["Subject"] == "Confirmez votre demande pour Mon service"
    text, html = parts(message)
    assert "Mon service" in text and "Confirmer ma demande" in html
    assert message["List-Unsubscribe"].startswith("<http://pilotes.test/e/desinscription/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/e/effacer/" in text

    assert key_figures(db.session, service).confirmed == 0  # opening the link is not enough
    page = confirm_by_link(client, link(message, "/e/confirmer/"))
    assert "Adresse confirmée" in page.h1.get_text()
    assert "Nous vous préviendrons quand le service ouvrira" in page.get_text()
    db.session.expire_all()
    assert (
        key_figures(db.session, service).confirmed,
        key_figures(db.session, service).unconfirmed,
    ) == (1, 0)
    # The same link again: still fine, counted once.
    page = get_page(client, link(message, "/e/confirmer/"))
    assert "déjà confirmée" in page.h1.get_text()
    assert key_figures(db.session, service).confirmed == 1
    assert "0 envoyés" in send_outbox(runner)


def test_a_demand_without_email_counts_as_unconfirmed_and_sends_nothing(app, runner, smtp_server):
    service = make_service()
    make_demand(service, "35000")
    assert key_figures(db.session, service).unconfirmed == 1
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_the_same_gmail_person_asking_again_makes_one_demand(app, smtp_server, runner):
    service = make_service()
    first = make_demand(service, "35000", email="Jean.Dupont+x@gmail.com")
    again = make_demand(service, "75001", email="jeandupont@gmail.com")
    assert first.created and not again.created
    assert again.row.id == first.row.id
    assert len(db.session.scalars(select(Demand)).all()) == 1
    assert key_figures(db.session, service).demands == 1
    send_outbox(runner)
    assert len(smtp_server.messages) == 1  # no second email within minutes


def test_asking_again_later_before_confirming_sends_the_link_again(app, smtp_server, runner):
    service = make_service()
    filed = make_demand(service, "35000", email="jeanne@exemple.fr")
    filed.row.confirmation_sent_at -= timedelta(hours=1)
    db.session.commit()
    make_demand(service, "35000", email="JEANNE@exemple.fr")
    send_outbox(runner)
    assert len(smtp_server.to("jeanne@exemple.fr")) == 2


def test_the_same_address_may_ask_for_two_services(app):
    one, two = make_service(slug="un"), make_service(slug="deux")
    assert make_demand(one, "35000", email="a@exemple.fr").created
    assert make_demand(two, "35000", email="a@exemple.fr").created


def test_a_confirmation_link_older_than_seven_days_is_refused_clearly(client, monkeypatch):
    service = make_service()
    demand = make_demand(service, "35000", email="jeanne@exemple.fr").row
    (body,) = outbox_bodies(db.session.scalars(select(OutboxMessage)).all())
    path = body.split("http://pilotes.test", 1)[1].split()[0]
    links_age(monkeypatch, 7 * 24 * 3600 + 60)
    page = get_page(client, path, status=400)
    assert "a expiré" in page.h1.get_text()
    assert db.session.get(Demand, demand.id).confirmed_at is None


@pytest.mark.parametrize("path", ["/e/confirmer/abc", "/e/effacer/abc", "/e/desinscription/abc"])
def test_a_tampered_link_gets_a_clear_page(client, path):
    page = get_page(client, path, status=400)
    assert "ne fonctionne pas" in page.h1.get_text()
    assert page.find(id="next-steps").find("a", href="/")  # somewhere to go


def test_one_click_unsubscribe_works_without_a_form_token(client_request, runner, smtp_server):
    service = make_service()
    demand = make_demand(service, "35000", email="jeanne@exemple.fr").row
    send_outbox(runner)
    target = only_message_to(smtp_server, "jeanne@exemple.fr")["List-Unsubscribe"].strip("<>")
    # Raw: a mail client's one-click POST (RFC 8058) carries no form token.
    response = client_request.raw_post(
        target.removeprefix("http://pilotes.test"), data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Demand, demand.id).notify is False
    assert key_figures(db.session, service).demands == 1


def test_confirming_after_unsubscribing_is_not_promised_the_news(client, runner, smtp_server):
    """Unsubscribed first, then confirmed from the same email: the demand counts as
    confirmed, and the page does not promise an email that opening will not send."""
    service = make_service(name="Mon service")
    make_demand(service, "35000", email="jeanne@exemple.fr")
    send_outbox(runner)
    message = only_message_to(smtp_server, "jeanne@exemple.fr")
    path = link(message, "/e/desinscription/")
    submit(client, get_page(client, path), {}, path, status=200)
    page = confirm_by_link(client, link(message, "/e/confirmer/"))
    text = page.select_one(".fr-alert").get_text()
    assert "compte parmi les demandes confirmées" in text
    assert "Nous vous préviendrons" not in text
    assert "ne vous préviendrons donc pas" in text
    assert key_figures(db.session, service).confirmed == 1


def test_the_erase_link_erases_the_address_keeps_the_count_and_works_twice(
    client, client_request, runner, smtp_server
):
    service = make_service()
    demand = make_demand(service, "35000", email="jeanne@exemple.fr", comment="Vite !").row
    send_outbox(runner)
    path = link(only_message_to(smtp_server, "jeanne@exemple.fr"), "/e/effacer/")
    page = get_page(client, path)
    response = submit(client, page, {}, path, status=200)
    assert "Vos données sont effacées" in check_page(response).get_text()
    again = get_page(client, path)  # the link opened again: nothing left to erase
    assert "Vos données ont déjà été effacées" in again.h1.get_text()
    assert again.find("button", string="Effacer mes données") is None
    assert again.find(id="next-steps").find("a", href="/services/mon-service")
    replayed = check_page(submit(client, page, {}, path, status=200))  # the old form, sent again
    assert "déjà été effacées" in replayed.h1.get_text()
    db.session.expire_all()
    erased = db.session.get(Demand, demand.id)
    assert (erased.email, erased.email_key, erased.comment) == (None, None, None)
    assert key_figures(db.session, service).demands == 1
    # An erased demand cannot be confirmed any more.
    confirm = link(only_message_to(smtp_server, "jeanne@exemple.fr"), "/e/confirmer/")
    get_page(client, confirm, status=400)
    refused = client_request.post(confirm, _status=400)  # with a good form token
    assert "ne fonctionne pas" in refused.h1.get_text()
