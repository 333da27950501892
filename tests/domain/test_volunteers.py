"""Pilot volunteers: the form, double opt-in, the team's pipeline, the contact limit."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pilotes.domain.opening import open_territory
from pilotes.domain.volunteers import ContactRefused, contact
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import Volunteer, VolunteerEvent, utcnow
from pilotes.reports.totals import territory_totals
from tests.email_links import link, only_message_to, send_outbox
from tests.factories import confirm_everything, make_service
from tests.pages import check_page, confirm_by_link, field_error, get_page, submit

URL = "/services/mon-service/volontaire"


def volunteer_through_the_form(client, email="camille@exemple.fr", postal_code="35000"):
    soup = get_page(client, URL)
    return submit(
        client,
        soup,
        {"code_postal": postal_code, "email": email, "ways": "test", "consent": "y"},
        URL,
        status=303,
    )


def make_volunteer(client, email="camille@exemple.fr"):
    volunteer_through_the_form(client, email)
    confirm_everything()
    return db.session.scalar(select(Volunteer).where(Volunteer.email == email))


def test_a_person_where_the_service_is_open_can_volunteer_and_confirm(client, runner, smtp_server):
    service = make_service(name="Mon service")
    open_territory(db.session, service, "35", "https://exemple.fr")
    page = get_page(client, "/services/mon-service/demande?code_postal=35000")
    offer = page.find("a", string="Devenir volontaire pour tester")
    form = get_page(client, offer["href"])
    assert form.find(id="code_postal")["value"] == "35000"
    submit(
        client,
        form,
        {
            "email": "camille@exemple.fr",
            "ways": ["entretien", "test"],
            "availability": "Le mardi",
            "consent": "y",
        },
        URL,
        status=303,
    )
    send_outbox(runner)
    message = only_message_to(smtp_server, "camille@exemple.fr")
    assert "participation aux tests" in message["Subject"]
    assert (
        "Adresse confirmée" in confirm_by_link(client, link(message, "/e/confirmer/")).h1.get_text()
    )
    volunteer = db.session.scalar(select(Volunteer))
    assert (volunteer.ways, volunteer.availability, volunteer.status) == (
        ["entretien", "test"],
        "Le mardi",
        "new",
    )
    assert territory_totals(db.session, service.id, "departement")["35"] == {"volunteers": 1}


def test_ambiguous_postal_code_asks_for_the_commune_on_the_same_page(client):
    make_service()
    soup = get_page(client, URL)
    page = check_page(
        submit(
            client,
            soup,
            {
                "code_postal": "05110",
                "email": "c@exemple.fr",
                "ways": "questionnaire",
                "consent": "y",
            },
            URL,
            status=422,
        )
    )
    assert "Choisissez votre commune" in field_error(page, "commune")
    assert page.find(id="email")["value"] == "c@exemple.fr"
    commune = page.select("input[name=commune]")[0]["value"]
    submit(client, page, {"commune": commune}, URL, status=303)
    assert db.session.scalar(select(Volunteer.commune_code)) == commune


def test_missing_answers_are_explained_and_kept(client):
    make_service()
    soup = get_page(client, URL)
    page = check_page(
        submit(client, soup, {"code_postal": "35000", "email": "pas-valide"}, URL, status=422)
    )
    assert "adresse électronique valide" in field_error(page, "email")
    assert "au moins une façon" in field_error(page, "ways")
    assert "sans votre accord" in field_error(page, "consent")
    assert page.find(id="code_postal")["value"] == "35000"


def test_the_contact_limit_per_month_holds(client, runner, smtp_server):
    make_service(contact_limit_per_month=2)
    volunteer = make_volunteer(client)
    for n in range(2):
        with unit_of_work():
            contact(
                db.session, volunteer, "equipe@exemple.fr", f"Test {n}", "Êtes-vous disponible ?"
            )
    with pytest.raises(ContactRefused, match="déjà été contactée 2 fois"):
        contact(db.session, volunteer, "equipe@exemple.fr", "Test 3", "Encore ?")
    result = runner.invoke(
        args=[
            "pilotes",
            "volunteer",
            "contact",
            str(volunteer.id),
            "--by",
            "equipe@exemple.fr",
            "--subject",
            "S",
            "--message",
            "M",
        ]
    )
    assert result.exit_code != 0 and "déjà été contactée" in result.output
    send_outbox(runner)
    assert len(smtp_server.to("camille@exemple.fr")) == 3  # confirmation + 2 contacts
    assert db.session.get(Volunteer, volunteer.id).status == "contacted"
    # A month later, the team may ask again.
    db.session.execute(
        VolunteerEvent.__table__.update().values(created_at=utcnow() - timedelta(days=31))
    )
    db.session.commit()
    with unit_of_work():
        contact(db.session, volunteer, "equipe@exemple.fr", "Le mois suivant", "Et maintenant ?")


def test_a_volunteer_who_withdraws_is_not_contacted_again(client, runner, smtp_server):
    make_service()
    volunteer = make_volunteer(client)
    send_outbox(runner)
    message = only_message_to(smtp_server, "camille@exemple.fr")
    unsubscribe = link(message, "/e/desinscription/")
    page = get_page(client, unsubscribe)
    submit(client, page, {}, unsubscribe, status=200)
    db.session.expire_all()
    volunteer = db.session.get(Volunteer, volunteer.id)
    assert volunteer.status == "declined" and volunteer.withdrawn_at is not None
    assert volunteer.events[-1].author == "la personne elle-même"
    with pytest.raises(ContactRefused, match="ne souhaite plus"):
        contact(db.session, volunteer, "equipe@exemple.fr", "S", "M")


def test_an_unconfirmed_volunteer_cannot_be_contacted(client):
    make_service()
    volunteer_through_the_form(client)
    volunteer = db.session.scalar(select(Volunteer))
    with pytest.raises(ContactRefused, match="pas confirmé"):
        contact(db.session, volunteer, "equipe@exemple.fr", "S", "M")


def test_the_team_moves_volunteers_through_statuses_with_dated_notes(client, runner):
    make_service()
    volunteer = make_volunteer(client)
    for args in (
        [
            "set-status",
            str(volunteer.id),
            "participant",
            "--by",
            "ana@equipe.fr",
            "--note",
            "Entretien le 3",
        ],
        ["note", str(volunteer.id), "--by", "leo@equipe.fr", "--text", "Très utile"],
    ):
        result = runner.invoke(args=["pilotes", "volunteer", *args])
        assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["pilotes", "volunteer", "list", "mon-service"]).output
    assert "Participant" in listing
    events = db.session.get(Volunteer, volunteer.id).events
    assert [(e.kind, e.author, e.from_status, e.to_status, e.body) for e in events] == [
        ("status", "ana@equipe.fr", "new", "participant", "Entretien le 3"),
        ("note", "leo@equipe.fr", None, None, "Très utile"),
    ]
    assert all(e.created_at for e in events)
    bad = runner.invoke(
        args=["pilotes", "volunteer", "set-status", str(volunteer.id), "perdu", "--by", "x"]
    )
    assert bad.exit_code != 0
