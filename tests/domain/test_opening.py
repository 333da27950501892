"""Opening a territory: everyone who opted in there hears it once, even if repeated."""

import pytest
from sqlalchemy import select

from pilotes.domain.opening import choose, open_territory
from pilotes.domain.services import ServiceError
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import Demand, OutboxMessage, Service
from pilotes.reports.engine import key_figures
from tests.email_links import link, parts, recipients, send_outbox, with_subject
from tests.factories import confirm_everything, make_demand, make_service, outbox_bodies
from tests.pages import check_page, get_page, submit
from tests.threads import run_in_app_at_once


def demands_in_ille_et_vilaine(service):
    """In 35: 3 confirmed and opted in, 1 opted out, 1 unconfirmed, 1 without email.
    Elsewhere: 1 confirmed and opted in (Lyon)."""
    for n in range(3):
        make_demand(service, "35000", email=f"oui{n}@exemple.fr")
    make_demand(service, "35400", email="plus-rien@exemple.fr")
    make_demand(service, "69001", email="lyon@exemple.fr")
    confirm_everything()
    opted_out = db.session.scalar(select(Demand).where(Demand.email == "plus-rien@exemple.fr"))
    opted_out.notify = False
    db.session.commit()
    make_demand(service, "35000", email="pas-confirme@exemple.fr")
    make_demand(service, "35000")


def opening_emails(server):
    return with_subject(server, "Bonne nouvelle")


def test_opening_emails_each_opted_in_person_there_exactly_once(app, runner, smtp_server, client):
    service = make_service(name="Mon service")
    demands_in_ille_et_vilaine(service)
    first = db.session.scalar(select(Demand).where(Demand.email == "oui0@exemple.fr"))
    first.comment = "Vite, svp"
    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()
    before = key_figures(db.session, service)

    result = runner.invoke(
        args=["pilotes", "open-territory", "mon-service", "35", "--url", "https://exemple.fr/35"]
    )
    assert result.exit_code == 0, result.output
    assert "3 courriel(s)" in result.output
    send_outbox(runner)
    received = opening_emails(smtp_server)
    assert sorted(m["To"] for m in received) == [
        "oui0@exemple.fr",
        "oui1@exemple.fr",
        "oui2@exemple.fr",
    ]
    text, html = parts(received[0])
    assert "Mon service est maintenant disponible" in text and "Ille-et-Vilaine" in text
    assert "https://exemple.fr/35" in html
    assert received[0]["List-Unsubscribe"]

    again = runner.invoke(args=["pilotes", "open-territory", "mon-service", "35"])
    assert "déjà ouvert ; 0 courriel(s)" in again.output
    send_outbox(runner)
    assert len(opening_emails(smtp_server)) == 3
    # The counts stay; the addresses served their purpose and are gone (default setting).
    after = key_figures(db.session, service)
    assert (after.confirmed, after.unconfirmed) == (before.confirmed, before.unconfirmed)
    # Every address given in 35 is gone, told or not (opted out, unconfirmed); Lyon's stays.
    left = db.session.scalars(select(Demand.email).where(Demand.email.is_not(None))).all()
    assert left == ["lyon@exemple.fr"]
    # The link in the email still erases what is left (the comment, the dedupe key).
    to_first = next(m for m in received if m["To"] == "oui0@exemple.fr")
    path = link(to_first, "/e/effacer/")
    page = submit(client, get_page(client, path), {}, path, status=200)
    assert "Vos données sont effacées" in check_page(page).get_text()
    db.session.expire_all()
    erased = db.session.get(Demand, first.id)
    assert (erased.email, erased.email_key, erased.comment) == (None, None, None)
    assert erased.erased_at is not None
    assert key_figures(db.session, service).demands == before.demands


def test_opening_from_two_threads_at_once_still_sends_three(app, runner, smtp_server):
    service = make_service()
    for n in range(3):
        make_demand(service, "35000", email=f"oui{n}@exemple.fr")
    make_demand(service, "35000", email="non@exemple.fr", consent=False)
    confirm_everything()
    service_id = service.id
    db.session.close()

    def open_it():
        with unit_of_work():
            open_territory(db.session, db.session.get(Service, service_id), "35")

    assert run_in_app_at_once(app, open_it) == []
    send_outbox(runner)
    assert recipients(opening_emails(smtp_server)) == [
        "oui0@exemple.fr",
        "oui1@exemple.fr",
        "oui2@exemple.fr",
    ]


def test_opening_erases_the_untold_addresses_and_their_unsent_mail(app, runner, smtp_server):
    """An unconfirmed person's confirmation, not sent yet, goes with the address: it would
    ask to confirm an address kept for nothing."""
    service = make_service()
    make_demand(service, "35000", email="pas-confirme@exemple.fr")
    make_demand(service, "69001", email="lyon@exemple.fr")
    open_territory(db.session, service, "35")
    unsent = db.session.scalars(select(OutboxMessage.to_address)).all()
    assert unsent == ["lyon@exemple.fr"]
    assert db.session.scalars(select(Demand.email).where(Demand.email.is_not(None))).all() == [
        "lyon@exemple.fr"
    ]


def test_a_service_that_keeps_addresses_still_emails_once(app, runner, smtp_server):
    service = make_service(after_opening="keep")
    make_demand(service, "35000", email="garde@exemple.fr")
    confirm_everything()
    open_territory(db.session, service, "35")
    open_territory(db.session, service, "35")
    send_outbox(runner)
    assert len(opening_emails(smtp_server)) == 1
    assert db.session.scalar(select(Demand.email)) == "garde@exemple.fr"


def test_a_service_that_now_keeps_addresses_erases_those_it_promised_to_erase(
    app, runner, smtp_server
):
    """Who read « qu'elle la supprime après l'ouverture » is held to it: the team's later
    choice to keep addresses applies only to those who agreed to it."""
    service = make_service()
    make_demand(service, "35000", email="avant@exemple.fr")
    with unit_of_work():
        db.session.get(Service, service.id).after_opening = "keep"
    make_demand(service, "35000", email="apres@exemple.fr")
    confirm_everything()
    with unit_of_work():
        open_territory(db.session, service, "35")
    send_outbox(runner)
    assert recipients(opening_emails(smtp_server)) == ["apres@exemple.fr", "avant@exemple.fr"]
    kept = db.session.scalars(select(Demand.email).where(Demand.email.is_not(None))).all()
    assert kept == ["apres@exemple.fr"]


def test_a_service_that_now_erases_addresses_erases_even_those_it_could_have_kept(app):
    """Agreeing to « au plus … jours » allows erasing sooner: the service's choice wins."""
    service = make_service(after_opening="keep")
    make_demand(service, "35000", email="garde@exemple.fr")
    confirm_everything()
    with unit_of_work():
        db.session.get(Service, service.id).after_opening = "erase"
    with unit_of_work():
        open_territory(db.session, service, "35")
    assert db.session.scalar(select(Demand.email)) is None


def test_a_region_level_service_tells_the_whole_region(app, runner, smtp_server):
    service = make_service(level="region")
    make_demand(service, "35000", email="rennes@exemple.fr")
    make_demand(service, "29200", email="brest@exemple.fr")
    make_demand(service, "44000", email="nantes@exemple.fr")
    confirm_everything()
    assert open_territory(db.session, service, "53").notified == 2  # Bretagne


def test_an_unknown_territory_code_is_refused(runner):
    make_service()
    result = runner.invoke(args=["pilotes", "open-territory", "mon-service", "99"])
    assert result.exit_code != 0 and "n'est pas un code de département connu" in result.output


def test_opened_without_an_address_the_email_still_says_what_to_do_next(app):
    """As the beta page does: the team's contact, and the service's page in any case."""
    with_contact = make_service(contact_email="equipe@service.gouv.fr")
    without = make_service(slug="sans-contact", name="Sans contact")
    for service in (with_contact, without):
        make_demand(service, "35000", email=f"{service.slug}@exemple.fr")
    confirm_everything()
    db.session.execute(OutboxMessage.__table__.delete())
    for service in (with_contact, without):
        with unit_of_work():
            open_territory(db.session, service, "35")
    query = select(OutboxMessage).where(OutboxMessage.kind == "territory_opened")
    bodies = dict(
        zip(
            [m.to_address for m in db.session.scalars(query.order_by(OutboxMessage.id))],
            outbox_bodies(db.session.scalars(query.order_by(OutboxMessage.id))),
            strict=True,
        )
    )
    told = " ".join(bodies["mon-service@exemple.fr"].split())
    assert "Pour savoir comment l'utiliser, écrivez à l'équipe : equipe@service.gouv.fr" in told
    assert "consultez la page du service : http://pilotes.test/services/mon-service" in told
    told = " ".join(bodies["sans-contact@exemple.fr"].split())
    assert "Pour savoir comment l'utiliser, consultez la page du service : " in told
    assert "http://pilotes.test/services/sans-contact" in told


def test_homonym_communes_are_offered_with_their_departement(app):
    service = make_service(level="commune")
    with pytest.raises(ServiceError) as raised:
        choose(db.session, service, "Saint-Denis")
    message = str(raised.value)
    for shown in (
        "Saint-Denis (Aude, 11339)",
        "Saint-Denis (Gard, 30247)",
        "Saint-Denis (Seine-Saint-Denis, 93066)",
        "Saint-Denis (La Réunion, 97411)",
    ):
        assert shown in message, shown
    # Names that differ need nothing more: « Rennes (35238) » stays short.
    with pytest.raises(ServiceError, match=r"Rennes \(35238\),"):
        choose(db.session, service, "Renn")


def test_an_opening_email_queued_before_the_fallback_existed_says_no_half_sentence(app):
    """Mail in the outbox at deploy time holds the old context: no address, no page."""
    from pilotes.infra.outbox import enqueue

    service = {"name": "Mon service", "slug": "mon-service"}
    old = {"territory_name": "Ille-et-Vilaine", "url": None, "service": service}
    with unit_of_work():
        enqueue(db.session, "territory_opened", "a@exemple.fr", "Bonne nouvelle", old)
    (body,) = outbox_bodies(db.session.scalars(select(OutboxMessage)))
    assert "Ille-et-Vilaine" in body and "Pour savoir" not in body
