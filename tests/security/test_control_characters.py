"""Fields that reach a header, a subject or a file name stay on one line (forms and CLI)."""

import pytest
from sqlalchemy import select

from pilotes.domain.accounts import get_or_create_user
from pilotes.domain.services import ServiceError, create_service
from pilotes.domain.volunteers import ContactRefused, contact
from pilotes.infra.extensions import db
from pilotes.infra.outbox import enqueue
from pilotes.infra.single_line import has_control_characters, one_line
from pilotes.models import OutboxMessage, Service
from tests.factories import add_volunteer, make_service
from tests.pages import field_error, fill_and_send
from tests.web.team.helpers import make_member, sign_in

POISONS = ["X\nBcc: a@b.fr", "X\r\nY", "X\tY", "X\u2028Y", "X\x85Y", "X\u202eY", "X\x0bY"]
MESSAGE = "Sur une seule ligne"


@pytest.mark.parametrize("poison", POISONS)
def test_every_kind_of_line_break_or_direction_override_is_seen(poison):
    assert has_control_characters(poison)
    assert not has_control_characters(one_line(poison))
    assert not has_control_characters("MDPH en ligne — l'Aisne, « 02 » ; 100 %")


@pytest.mark.parametrize("poison", POISONS[:4])
def test_an_editor_cannot_put_a_line_break_in_the_service_name(client, poison):
    service = make_service(name="Ancien nom")
    make_member(service, "editor@equipe.fr", "editor")
    sign_in(client, "editor@equipe.fr")
    page = fill_and_send(
        client,
        f"/equipe/services/{service.slug}/page",
        {"name": poison, "tagline": "Gardée", "action": "save"},
        status=422,
    )
    assert MESSAGE in field_error(page, "name")
    assert page.find(id="tagline")["value"] == "Gardée"  # the other answers are kept
    db.session.expire_all()
    assert db.session.get(Service, service.id).name == "Ancien nom"


def test_an_admin_cannot_create_a_service_whose_name_breaks_a_line(client):
    get_or_create_user(db.session, "admin@pilotes.fr", is_admin=True)
    db.session.commit()
    sign_in(client, "admin@pilotes.fr")
    page = fill_and_send(
        client,
        "/equipe/admin/services",
        {"name": "A\nB", "slug": "a-b", "owner_email": "r@c.fr"},
        status=422,
    )
    assert MESSAGE in field_error(page, "name")
    assert db.session.scalar(select(Service.id)) is None


def test_the_contact_subject_to_a_volunteer_stays_on_one_line(client):
    service = make_service()
    volunteer = add_volunteer(service)
    make_member(service, "editor@equipe.fr", "editor")
    sign_in(client, "editor@equipe.fr")
    page = fill_and_send(
        client,
        f"/equipe/services/{service.slug}/volontaires/{volunteer.id}",
        {"c-subject": "Test\nBcc: tous@exemple.fr", "c-message": "Bonjour"},
        status=422,
        selector="form:has(input[value=contact])",
    )
    assert MESSAGE in field_error(page, "c-subject")
    with pytest.raises(ContactRefused):
        contact(db.session, volunteer, "cli", "A\rB", "Bonjour")


def test_the_domain_refuses_such_a_name_whoever_calls_it():
    with pytest.raises(ServiceError, match=MESSAGE):
        create_service(db.session, slug="x", name="X\nY", level="departement")


@pytest.mark.parametrize(
    "args",
    [
        ["service", "create", "--slug", "x", "--name", "X\nBcc: a@b.fr"],
        ["volunteer", "contact", "1", "--by", "cli", "--subject", "A\r\nB", "--message", "M"],
    ],
)
def test_the_command_line_refuses_them_too(runner, args):
    result = runner.invoke(args=["pilotes", *args])
    assert result.exit_code == 2 and MESSAGE in result.output
    assert db.session.scalar(select(Service.id)) is None


def test_a_subject_is_queued_on_one_line_even_from_old_data(app):
    with app.test_request_context():
        enqueue(db.session, "sign_in", "a@exemple.fr", "Lien\r\nBcc: b@exemple.fr", {})
    assert db.session.scalar(select(OutboxMessage.subject)) == "Lien Bcc: b@exemple.fr"
