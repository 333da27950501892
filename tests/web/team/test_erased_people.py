"""A person who erased their data through their email's link: what the team still sees of
them (nothing that identifies them, no note, no way to write to them)."""

import pytest
from sqlalchemy import select

from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.models import InclusionAnswers, Partner, PartnerEvent, Volunteer, VolunteerEvent
from tests.email_links import email_link
from tests.factories import make_service
from tests.pages import check_page, confirm_by_link, field_error, get_page, submit
from tests.web.team.helpers import make_member, sign_in

VOLUNTEER_FORM = "/services/mon-service/volontaire"
NOTE = "Personne sourde : prévoir interprète LSF"
ERASED = "a effacé ses données"


@pytest.fixture
def team(app, client):
    service = make_service(name="Mon service")  # two messages a month
    make_member(service, "editor@equipe.fr", "editor")
    sign_in(client, "editor@equipe.fr")
    return service


def form_of(action: str) -> str:
    return f"main form:has(input[name=action][value={action}])"


def work_on(client, path: str) -> None:
    """The team writes a note, then moves the status with a note of its own."""
    submit(client, get_page(client, path), {"n-body": NOTE}, path, form_of("note"), status=303)
    status = {"s-status": "contacted", "s-note": "Appelée le 3, rappeler en janvier"}
    submit(client, get_page(client, path), status, path, form_of("status"), status=303)


def erase_by_link(client, runner, smtp_server, address: str) -> None:
    path = email_link(smtp_server, runner, address, "erase")
    page = check_page(submit(client, get_page(client, path), {}, path, status=200))
    assert "Ce qui permettait de vous identifier a été supprimé" in page.get_text()


def test_an_erased_volunteer_leaves_the_team_no_note_no_answer_and_no_contact(
    client, runner, smtp_server, team
):
    form = "/services/mon-service/volontaire"
    answers = {
        "code_postal": "35000",
        "email": "camille@exemple.fr",
        "ways": "entretien",
        "availability": "Le mardi matin",
        "consent": "y",
        "access_needs": ["hearing"],
        "inclusion_consent": "y",
    }
    submit(client, get_page(client, form), answers, form, status=303)
    confirm_by_link(client, email_link(smtp_server, runner, "camille@exemple.fr", "confirm"))
    volunteer = db.session.scalar(select(Volunteer))
    path = f"/equipe/services/{team.slug}/volontaires/{volunteer.id}"
    work_on(client, path)
    before = get_page(client, path).get_text(" ", strip=True)
    assert NOTE in before and "Encore 2 message(s)" in before  # the page showed it all

    erase_by_link(client, runner, smtp_server, "camille@exemple.fr")

    page = get_page(client, path)
    text = page.get_text(" ", strip=True)
    assert ERASED in text
    for gone in (
        NOTE,
        "rappeler en janvier",
        "camille@exemple.fr",
        "35000",
        "35238",
        "Le mardi matin",
        "Un entretien",
        "audition",
        "Contacter",
        "message(s) possible(s)",
    ):
        assert gone not in text, gone
    assert not page.select(form_of("contact")) and not page.select(form_of("note"))
    # In the database too, not only on the page; the dated statuses stay.
    db.session.expire_all()
    events = db.session.scalars(select(VolunteerEvent)).all()
    assert [e.kind for e in events] == ["status", "status"]
    assert all(e.body is None for e in events)
    assert db.session.scalar(select(InclusionAnswers)) is None
    assert (volunteer.ways, volunteer.availability) == ([], None)
    assert volunteer.commune_code == "35238"  # counted down to the commune


def test_no_note_can_be_written_about_an_erased_person(client, runner, smtp_server, team):
    form = "/services/mon-service/volontaire"
    answers = {"code_postal": "35000", "email": "camille@exemple.fr", "ways": "test"}
    submit(client, get_page(client, form), {**answers, "consent": "y"}, form, status=303)
    volunteer = db.session.scalar(select(Volunteer))
    path = f"/equipe/services/{team.slug}/volontaires/{volunteer.id}"
    page = get_page(client, path)  # the form as it was before the erasure
    erase_by_link(client, runner, smtp_server, "camille@exemple.fr")
    refused = check_page(submit(client, page, {"n-body": NOTE}, path, form_of("note"), status=422))
    assert "effacé ses données" in field_error(refused, "n-body")
    assert db.session.scalar(select(VolunteerEvent).where(VolunteerEvent.kind == "note")) is None


def test_an_erased_partner_contact_takes_the_team_notes_and_their_text_along(
    client, runner, smtp_server, team
):
    form = "/services/mon-service/partenaire"
    answers = {
        "organisation_name": "Maison des solidarités",
        "organisation_type": "association",
        "territories": "35",
        "contact_name": "Dominique Martin",
        "contact_role": "Directrice",
        "email": "dominique@asso.fr",
        "phone": "0299000000",
        "offer": "Dominique peut accueillir des tests le jeudi",
        "consent": "y",
    }
    submit(client, get_page(client, form), answers, form, status=303)
    confirm_by_link(client, email_link(smtp_server, runner, "dominique@asso.fr", "confirm"))
    partner = db.session.scalar(select(Partner))
    path = f"/equipe/services/{team.slug}/partenaires/{partner.id}"
    work_on(client, path)

    erase_by_link(client, runner, smtp_server, "dominique@asso.fr")

    text = get_page(client, path).get_text(" ", strip=True)
    assert "Maison des solidarités" in text  # the organisation stays, and counts
    for gone in (NOTE, "rappeler en janvier", "Dominique", "Directrice", "0299000000"):
        assert gone not in text, gone
    db.session.expire_all()
    events = db.session.scalars(select(PartnerEvent)).all()
    assert [(e.kind, e.body) for e in events] == [("status", None)]
    assert partner.status == "contacted"


def volunteers_on_the_dashboard(client, service) -> str:
    page = get_page(client, f"/equipe/services/{service.slug}/")
    figures = page.find(id="key-figures").get_text(" ", strip=True)
    return figures.split(" volontaires pour tester confirmés")[0].split()[-1]


# Erasing after unsubscribing: withdrawn once, counted out once.
@pytest.mark.parametrize("links", [["unsubscribe"], ["erase"], ["unsubscribe", "erase"]])
def test_a_volunteer_who_withdraws_leaves_the_count_as_recount_sees_it(
    client, runner, smtp_server, team, links
):
    for address in ("camille@exemple.fr", "dominique@exemple.fr"):
        answers = {"code_postal": "35000", "email": address, "ways": "test", "consent": "y"}
        submit(client, get_page(client, VOLUNTEER_FORM), answers, VOLUNTEER_FORM, status=303)
        confirm_by_link(client, email_link(smtp_server, runner, address, "confirm"))
    assert volunteers_on_the_dashboard(client, team) == "2"
    for link in links:
        path = email_link(smtp_server, runner, "camille@exemple.fr", link)
        submit(client, get_page(client, path), {}, path, status=200)
    assert volunteers_on_the_dashboard(client, team) == "1"
    assert recount(db.session, team.id, fix=False) == []


def test_a_volunteer_who_withdrew_before_confirming_is_not_counted_by_the_link(
    client, runner, smtp_server, team
):
    answers = {"code_postal": "35000", "email": "camille@exemple.fr", "ways": "test"}
    submit(client, get_page(client, VOLUNTEER_FORM), {**answers, "consent": "y"}, VOLUNTEER_FORM)
    confirm_path = email_link(smtp_server, runner, "camille@exemple.fr", "confirm")
    path = email_link(smtp_server, runner, "camille@exemple.fr", "unsubscribe")
    submit(client, get_page(client, path), {}, path, status=200)
    confirm_by_link(client, confirm_path)
    assert volunteers_on_the_dashboard(client, team) == "0"
    assert recount(db.session, team.id, fix=False) == []
