"""What each role does in the workspace, through its pages."""

from sqlalchemy import select

from pilotes.domain.accounts import get_or_create_user
from pilotes.infra.extensions import db
from pilotes.models import Membership, OutboxMessage, Service, ServiceTerritory
from tests.factories import (
    add_volunteer,
    confirm_everything,
    make_demand,
    make_service,
)
from tests.pages import check_page, csrf_token, field_error, fill_and_send, get_page, submit
from tests.web.team.helpers import make_member, sign_in


def as_role(client, service, role):
    make_member(service, f"{role}@equipe.fr", role)
    sign_in(client, f"{role}@equipe.fr")


def test_an_editor_previews_then_saves_the_page_then_publishes(client):
    service = make_service(status="draft", name="Ancien nom")
    as_role(client, service, "editor")
    url = f"/equipe/services/{service.slug}/page"
    page = get_page(client, url)
    preview = check_page(
        submit(
            client,
            page,
            {"name": "Nouveau nom", "problem": "**Grave**", "action": "preview"},
            url,
            selector="main form[novalidate]",
            status=200,
        )
    )
    assert "Nouveau nom" in preview.find(id="preview").get_text()
    assert preview.select_one("#preview strong").get_text() == "Grave"
    db.session.expire_all()
    assert db.session.get(Service, service.id).name == "Ancien nom"  # a preview saves nothing
    submit(client, preview, {"action": "save"}, url, selector="main form[novalidate]", status=302)
    db.session.expire_all()
    assert db.session.get(Service, service.id).name == "Nouveau nom"

    page = get_page(client, url)
    submit(
        client,
        page,
        {"status": "published"},
        url,
        selector=f"form[action='/equipe/services/{service.slug}/statut']",
        status=303,
    )
    assert get_page(client, f"/services/{service.slug}")
    # Archiving is for owners.
    response = client.post(
        f"/equipe/services/{service.slug}/statut",
        data={"status": "archived", "csrf_token": csrf_token(client, "/equipe/")},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Service, service.id).status == "published"


def test_page_errors_are_shown_next_to_the_field(client):
    service = make_service()
    as_role(client, service, "editor")
    url = f"/equipe/services/{service.slug}/page"
    page = fill_and_send(client, url, {"name": "", "contact_email": "x"}, status=422)
    assert "Saisissez le nom du service" in field_error(page, "name")
    assert "adresse électronique valide" in field_error(page, "contact_email")


def test_an_owner_opens_a_territory_from_the_dashboard(client):
    service = make_service()
    make_demand(service, "35000", email="a@exemple.fr")
    confirm_everything()
    as_role(client, service, "owner")
    url = f"/equipe/services/{service.slug}/"
    dashboard = get_page(client, url)
    assert dashboard.find("map-chart") and dashboard.find("line-chart")
    submit(
        client,
        dashboard,
        {"code": "35", "url": "https://exemple.fr"},
        url,
        selector=f"form[action='/equipe/services/{service.slug}/territoires/ouvrir']",
        status=303,
    )
    assert db.session.scalar(select(ServiceTerritory.opened_at)) is not None
    opened = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "territory_opened")
    )
    assert [m.to_address for m in opened] == ["a@exemple.fr"]
    dashboard = get_page(client, url)
    assert "Territoire 35 ouvert" in dashboard.get_text()
    submit(
        client,
        dashboard,
        {"goal-code": "29", "goal-goal": "10"},
        url,
        selector=f"form[action='/equipe/services/{service.slug}/objectifs']",
        status=303,
    )
    assert (
        db.session.scalar(select(ServiceTerritory.goal).where(ServiceTerritory.code == "29")) == 10
    )


def test_an_editor_works_a_volunteer_through_its_page(client):
    service = make_service(contact_limit_per_month=1)
    volunteer = add_volunteer(service)
    as_role(client, service, "editor")
    url = f"/equipe/services/{service.slug}/volontaires/{volunteer.id}"
    page = get_page(client, url)
    page = check_page(
        submit(
            client,
            page,
            {"c-subject": "Un test ?", "c-message": "Mardi ?"},
            url,
            selector="form:has(input[value=contact])",
            follow_redirects=True,
        )
    )
    assert "Message envoyé" in page.get_text()
    refused = check_page(
        submit(
            client,
            page,
            {"c-subject": "Encore", "c-message": "?"},
            url,
            selector="form:has(input[value=contact])",
            status=422,
        )
    )
    assert "déjà été contactée 1 fois" in field_error(refused, "c-message")
    page = check_page(
        submit(
            client,
            refused,
            {"s-status": "participant", "s-note": "OK"},
            url,
            selector="form:has(input[value=status])",
            follow_redirects=True,
        )
    )
    assert "Participant" in page.get_text() and "editor@equipe.fr" in page.get_text()
    listing = get_page(client, f"/equipe/services/{service.slug}/volontaires?statut=participant")
    assert "v@exemple.fr" in listing.get_text()


def test_owners_invite_members_and_keep_at_least_one_owner(client):
    service = make_service()
    as_role(client, service, "owner")
    url = f"/equipe/services/{service.slug}/membres"
    submit(
        client,
        get_page(client, url),
        {"email": "nouveau@equipe.fr", "role": "viewer"},
        url,
        selector="main form[novalidate]",
        status=303,
    )
    invitation = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "nouveau@equipe.fr")
    ).one()
    assert "/equipe/connexion/lien/" in invitation.body_text
    again = fill_and_send(client, url, {"email": "nouveau@equipe.fr", "role": "viewer"}, status=422)
    assert "déjà membre" in field_error(again, "email")
    own = db.session.scalar(
        select(Membership)
        .join(Membership.user)
        .where(Membership.service_id == service.id, Membership.role == "owner")
    )
    page = get_page(client, url)
    response = submit(
        client,
        page,
        {},
        url,
        selector=f"form[action$='/membres/{own.id}/retirer']",
        follow_redirects=True,
    )
    assert "au moins un responsable" in check_page(response).get_text()


def test_an_admin_creates_a_service_and_its_first_owner(client):
    get_or_create_user(db.session, "admin@pilotes.fr", is_admin=True)
    db.session.commit()
    sign_in(client, "admin@pilotes.fr")
    url = "/equipe/admin/services"
    submit(
        client,
        get_page(client, url),
        {
            "name": "Aides locales",
            "slug": "aides-locales",
            "level": "commune",
            "phase": "construction",
            "owner_email": "resp@commune.fr",
        },
        url,
        selector="main form[novalidate]",
        status=302,
    )
    service = db.session.scalar(select(Service).where(Service.slug == "aides-locales"))
    assert (service.level, service.status) == ("commune", "draft")
    assert db.session.scalar(select(Membership.role)) == "owner"
    bad = fill_and_send(
        client, url, {"name": "X", "slug": "Pas bon", "owner_email": "r@c.fr"}, status=422
    )
    assert field_error(bad, "slug")


def test_a_member_who_is_not_admin_cannot_reach_the_admin_pages(client):
    as_role(client, make_service(), "owner")
    assert client.get("/equipe/admin/services").status_code == 403


def test_owners_set_the_threshold_and_the_embedding_sites(client):
    service = make_service()
    as_role(client, service, "owner")
    url = f"/equipe/services/{service.slug}/parametres"
    bad = fill_and_send(client, url, {"embed_origins": "pas un site"}, status=422)
    assert "n'est pas une origine" in field_error(bad, "embed_origins")
    for out_of_bounds in ("4", "51", "0"):
        bad = fill_and_send(client, url, {"suppression_threshold": out_of_bounds}, status=422)
        assert "Entre 5 et 50" in field_error(bad, "suppression_threshold")
    submit(
        client,
        get_page(client, url),
        {
            "suppression_threshold": "10",
            "embed_origins": "https://mon-service.gouv.fr/\nhttp://127.0.0.1:8080",
        },
        url,
        selector="main form[novalidate]",
        status=303,
    )
    db.session.expire_all()
    service = db.session.get(Service, service.id)
    assert service.suppression_threshold == 10
    assert service.embed_origins == ["https://mon-service.gouv.fr", "http://127.0.0.1:8080"]
    page = get_page(client, url)
    assert "https://mon-service.gouv.fr" in page.find(id="embed_origins").get_text()
