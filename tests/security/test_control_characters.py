"""Fields that reach a header, a subject or a file name stay on one line (forms and CLI)."""

import pytest
from sqlalchemy import select

from pilotes.domain import mediators
from pilotes.domain.accounts import get_or_create_user
from pilotes.domain.services import ServiceError, create_service
from pilotes.domain.volunteers import ContactRefused, contact
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.infra.outbox import enqueue
from pilotes.infra.single_line import has_control_characters, one_line
from pilotes.models import OutboxMessage, Partner, Service
from tests.domain.test_partners import ANSWERS as PARTNER
from tests.factories import add_partner, add_volunteer, make_service
from tests.pages import field_error, fill_and_send
from tests.web.team.helpers import make_member, sign_in

POISONS = ["X\nBcc: a@b.fr", "X\r\nY", "X\tY", "X\u2028Y", "X\x85Y", "X\u202eY", "X\x0bY"]
# The Arabic letter mark, the zero-width and other format characters (Cf), the spaces no one
# types (Zs): a name that reads as another. U+180E and U+00AD were let through (outside review).
INVISIBLES = [
    "X\u061cY",
    "X\u200bY",
    "X\u2060Y",
    "X\ufeffY",
    "X\u180eY",
    "X\u00adY",
    "X\u200fY",
    "X\u2062Y",
    "X\u2064Y",
    "X\U000e0041Y",
    "X\u2003Y",
    "X\u3000Y",
]
# French typography's spaces are typed: no-break, thin, narrow no-break.
TYPED = ["Pilotes\u00a0: MDPH", "MDPH\u202f!", "« 35\u2009»"]
# Joiners are writing, not hiding: a Persian name (ZWNJ), an emoji family (ZWJ).
JOINED = ["\u0645\u06cc\u200c\u0631\u0648\u0632", "\U0001f469\u200d\U0001f467"]
MESSAGE = "Sur une seule ligne"


@pytest.mark.parametrize("poison", POISONS + INVISIBLES)
def test_every_kind_of_line_break_or_direction_override_is_seen(poison):
    assert has_control_characters(poison)
    assert not has_control_characters(one_line(poison))
    assert one_line(poison).startswith("X ")
    assert not has_control_characters("MDPH en ligne — l'Aisne, « 02 » ; 100 %")


@pytest.mark.parametrize("written", JOINED + TYPED)
def test_joiners_and_french_spaces_that_are_part_of_writing_are_kept(written):
    assert not has_control_characters(written) and one_line(written) == written


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


@pytest.mark.parametrize("poison", ["X\nY", *INVISIBLES])
def test_the_domain_refuses_such_a_name_whoever_calls_it(poison):
    with pytest.raises(ServiceError, match=MESSAGE):
        create_service(db.session, slug="x", name=poison, level="departement")


@pytest.mark.parametrize("field", ["organisation_name", "contact_name", "contact_role"])
@pytest.mark.parametrize(
    "poison",
    ["MDPH\r\nBcc: a@b.fr", "MDPH\u2028Y", "MDPH\u202e35", "MDPH\u180e35", "MDPH\u00ad35"],
)
def test_a_partner_cannot_put_a_line_break_in_a_name(client, field, poison):
    make_service()
    url = "/services/mon-service/partenaire"
    page = fill_and_send(client, url, {**PARTNER, field: poison}, status=422, selector="main form")
    assert MESSAGE in field_error(page, field)
    assert page.find(id="email")["value"] == PARTNER["email"]  # the other answers are kept
    assert db.session.scalar(select(Partner.id)) is None


def test_a_partners_old_name_reaches_its_mediator_account_on_one_line(app):
    service = make_service()
    partner = add_partner(service, name="MDPH\r\n35\u202e\u2028Accueil", email="c@mdph35.fr")
    with unit_of_work():
        mediator = mediators.from_partner(db.session, partner)
    assert mediator.organisation == "MDPH 35 Accueil"


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
