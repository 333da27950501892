"""The mediator's pages: invited by an owner (or from a partner), signed in by the
invitation's link, recording a demand as the public journey asks for a place, erasing it."""

from sqlalchemy import select, text, update

from pilotes.infra.extensions import db
from pilotes.models import Demand, Mediator, OutboxMessage
from tests.client_request import csv_rows
from tests.factories import (
    add_partner,
    make_demand,
    make_mediator,
    make_service,
    record_accompanied,
)
from tests.pages import field_error, fill_and_send, get_page, submit
from tests.web.team.helpers import LINK, make_member, sign_in

RECORD = "/equipe/services/mon-service/accompagner"
FORM = "main form[novalidate]"


def invitation_link(address: str) -> str:
    body = db.session.scalar(
        select(OutboxMessage.body_text).where(OutboxMessage.to_address == address)
    )
    return LINK.search(body).group(1)


def test_an_owner_invites_a_mediator_who_signs_in_and_records_a_demand(app, client, client_request):
    service = make_service()
    make_member(service, "owner@equipe.fr", "owner")
    sign_in(client, "owner@equipe.fr")
    url = "/equipe/services/mon-service/mediateurs"
    response = submit(
        client,
        get_page(client, url),
        {
            "organisation": "France services de Rennes",
            "kind": "france_services",
            "email": "accueil@fs-rennes.fr",
        },
        url,
        selector="main form[novalidate]",
        status=303,
    )
    assert response.headers["Location"].endswith(url)
    assert "France services de Rennes" in get_page(client, url).find(id="mediators").text
    mediator = client_request.other()
    path = invitation_link("accueil@fs-rennes.fr")
    mediator.submit_form(mediator.get_url(path), _redirect="team.home")
    home = mediator.get("team.home")
    assert home.find("a", href=RECORD)
    mediator.get("team.dashboard", _status=403, slug="mon-service")
    page = mediator.get("team.mediator_record", slug="mon-service")
    assert "Acceptez-vous" in page.find(id="oral-consent-text").text
    mediator.submit_form(page, {"code_postal": "35000", "oral_consent": "y"}, 303, _form=FORM)
    demand = db.session.scalar(select(Demand))
    assert demand.accompanied and demand.commune_code == "35238" and demand.email is None
    listed = mediator.get("team.mediator_record", slug="mon-service")
    assert f"Demande {demand.reference} enregistrée" in listed.text
    assert listed.find(id="recorded").find("td").text == demand.reference


def test_a_code_with_several_communes_asks_which_and_keeps_the_answers(app, client):
    service = make_service()
    make_mediator(service, "m@fs.fr")
    sign_in(client, "m@fs.fr")
    page = fill_and_send(client, RECORD, {"code_postal": "01200", "oral_consent": "y"}, status=200)
    assert field_error(page, "commune") == ""  # a question the first time, not a mistake
    choices = [i["value"] for i in page.select("input[name=commune]")]
    assert len(choices) > 1
    assert page.find(id="oral_consent").has_attr("checked")
    submit(client, page, {"commune": choices[1]}, RECORD, FORM, 303)
    assert db.session.scalar(select(Demand.commune_code)) == choices[1]


def test_without_the_oral_consent_nothing_is_recorded_and_the_answers_stay(app, client):
    service = make_service()
    make_mediator(service, "m@fs.fr")
    sign_in(client, "m@fs.fr")
    page = fill_and_send(client, RECORD, {"code_postal": "35000"}, status=422)
    assert "accord" in field_error(page, "oral_consent")
    assert page.find(id="code_postal")["value"] == "35000"
    page = fill_and_send(client, RECORD, {"code_postal": "3500", "oral_consent": "y"}, 422)
    assert field_error(page, "code_postal")
    assert db.session.scalar(select(Demand)) is None


def test_past_its_limit_the_account_is_told_so_next_to_the_consent(app, client):
    app.config["MEDIATOR_DAILY_LIMIT"] = 1
    service = make_service()
    record_accompanied(make_mediator(service, "m@fs.fr"))
    sign_in(client, "m@fs.fr")
    page = fill_and_send(client, RECORD, {"code_postal": "35000", "oral_consent": "y"}, 422)
    assert "limite" in field_error(page, "oral_consent")
    assert len(db.session.scalars(select(Demand)).all()) == 1


def test_recording_and_erasing_in_a_loop_stops_at_the_limit_and_the_page_counts_both(app, client):
    app.config["MEDIATOR_DAILY_LIMIT"] = 2
    make_mediator(make_service(), "m@fs.fr")
    sign_in(client, "m@fs.fr")
    for _ in range(2):
        form = {"code_postal": "35000", "oral_consent": "y"}
        submit(client, get_page(client, RECORD), form, RECORD, FORM, 303)
        submit(client, get_page(client, RECORD), {}, RECORD, selector="#recorded form", status=303)
    assert db.session.scalar(select(Demand)) is None
    assert (
        "a enregistré 2 demandes en 24 heures, celles supprimées" in get_page(client, RECORD).text
    )
    page = fill_and_send(client, RECORD, {"code_postal": "35000", "oral_consent": "y"}, 422)
    assert "limite" in field_error(page, "oral_consent")
    assert db.session.scalar(select(Demand)) is None


def test_a_mediator_erases_a_demand_it_recorded_on_request(app, client, client_request):
    service = make_service()
    erased = record_accompanied(make_mediator(service, "m@fs.fr")).reference
    kept = record_accompanied(make_mediator(service, "autre@fs.fr", "Autre")).id
    sign_in(client, "m@fs.fr")
    page = get_page(client, RECORD)
    response = submit(client, page, {}, RECORD, selector="#recorded form", status=303)
    assert f"Demande {erased} supprimée" in get_page(client, RECORD).text
    assert response.headers["Location"].endswith(RECORD)
    assert db.session.scalars(select(Demand.id)).all() == [kept]
    for reference in (erased, "ZZZZ-2222", "x" * 300):  # gone, never given, nonsense
        client_request.post(
            "team.mediator_erase", _status=404, slug=service.slug, demand_reference=reference
        )


def test_another_mediators_reference_or_a_demands_id_erases_nothing(app, client_request):
    """Of the same service, as the mediator's own references: what one account recorded is
    no other's to erase (another service's are walked in ``test_isolation_ids``)."""
    service = make_service()
    ours = record_accompanied(make_mediator(service, "m@fs.fr"))
    theirs = record_accompanied(make_mediator(service, "autre@fs.fr", "Autre"))
    sign_in(client_request.client, "m@fs.fr")
    for reference in (theirs.reference, str(ours.id), str(theirs.id)):
        client_request.post(
            "team.mediator_erase", _status=404, slug=service.slug, demand_reference=reference
        )
    assert len(db.session.scalars(select(Demand.id)).all()) == 2


def start_demand_ids_at(start: int) -> None:
    """The next demands get ids past ``start``: long, so that one seen on a page is not there
    by chance (PostgreSQL: its sequence; SQLite numbers after the largest id: one row there)."""
    if db.engine.dialect.name == "postgresql":
        sequence = text("SELECT setval(pg_get_serial_sequence('demands', 'id'), :start)")
        db.session.execute(sequence, {"start": start})
    else:
        filler = make_demand(make_service(slug="ailleurs"), "69001").row
        db.session.execute(update(Demand).where(Demand.id == filler.id).values(id=start))
    db.session.commit()


def test_a_mediators_pages_and_forms_never_hold_a_demands_id(app, client):
    """Ids are one sequence over every service: two of them would tell the mediator how many
    demands were filed in between, a count the published figures protect."""
    service = make_service()
    start_demand_ids_at(736_918_245)
    make_mediator(service, "m@fs.fr")
    sign_in(client, "m@fs.fr")

    def shown(response) -> str:  # a redirect's headers, or a page with its forms
        return f"{response.headers}{response.get_data(as_text=True)}"

    seen = []
    for _ in range(2):
        form = {"code_postal": "35000", "oral_consent": "y"}
        seen.append(shown(submit(client, get_page(client, RECORD), form, RECORD, FORM, 303)))
        seen.append(shown(client.get(RECORD)))  # the list, and the flash of the recording
    recorded = db.session.execute(select(Demand.id, Demand.reference).where(Demand.accompanied))
    ids, references = zip(*recorded, strict=True)
    assert len(ids) == 2 and min(ids) > 736_918_245
    assert all(reference in seen[-1] for reference in references)
    erase = submit(client, get_page(client, RECORD), {}, RECORD, "#recorded form", 303)
    seen += [shown(erase), shown(client.get(RECORD))]  # the flash of the erasure
    for page in seen:
        for demand_id in ids:
            assert str(demand_id) not in page


def test_a_confirmed_partner_gets_a_mediator_account_from_its_page(app, client):
    service = make_service()
    partner = add_partner(service, email="contact@fs-35.fr")
    make_member(service, "owner@equipe.fr", "owner")
    sign_in(client, "owner@equipe.fr")
    url = f"/equipe/services/mon-service/partenaires/{partner.id}"
    page = get_page(client, url)
    submit(client, page, {}, url, selector="form[action$='/mediateur']", status=303)
    assert db.session.scalar(select(Mediator.partner_id)) == partner.id
    assert invitation_link("contact@fs-35.fr")


def test_a_closed_account_can_no_longer_record(app, client_request):
    service = make_service()
    mediator = make_mediator(service, "m@fs.fr")
    sign_in(client_request.client, "m@fs.fr")
    client_request.get("team.mediator_record", slug=service.slug)
    owner = client_request.other()
    owner.sign_in_as("owner", service)
    owner.submit("team.mediators_page", _status=303, _form="#mediators form", slug=service.slug)
    # no longer a member of the service
    client_request.get("team.mediator_record", _status=404, slug=service.slug)
    assert db.session.get(Mediator, mediator.id).removed_at is not None


def test_the_privacy_page_says_how_to_have_an_accompanied_demand_erased(app, client):
    make_service()
    page = get_page(client, "/services/mon-service/donnees-personnelles")
    assert "Acceptez-vous que j'enregistre" in page.find(id="accompanied").text
    assert "demandez-lui de la supprimer" in page.text


def test_the_teams_export_says_which_organisation_recorded_a_demand(app, client_request):
    service = make_service()
    record_accompanied(make_mediator(service, "m@fs.fr", "France services de Vitré"))
    client_request.sign_in_as("editor", service)
    header, row = csv_rows(client_request.response("team.demands_export", slug=service.slug))[:2]
    assert header[-1] == "accompagnée par" and row[-1] == "France services de Vitré"
