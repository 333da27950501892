"""Owners review flagged demands: restore or invalidate, each decision recorded."""

import flask_migrate
import pytest
from sqlalchemy import select

from pilotes.domain import flags
from pilotes.domain.abuse import Signals
from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.models import AuditEntry, Demand, Invalidation
from pilotes.reports.engine import key_figures
from tests.factories import confirm_everything, make_demand, make_service
from tests.old_schema import database_at, insert_demand, insert_service
from tests.pages import fill_and_send, get_page, submit
from tests.web.team.helpers import make_member, sign_in

BOT = Signals(ip="203.0.113.9", honeypot="x")


def url(service) -> str:
    return f"/equipe/services/{service.slug}/moderation/signalements"


def counts(service) -> tuple[int, int, int]:
    figures = key_figures(db.session, service)
    return figures.confirmed, figures.unconfirmed, figures.flagged


@pytest.fixture
def flagged_service(app):
    service = make_service()
    make_demand(service, "35000", email="mairie@exemple.fr", signals=BOT)
    make_demand(service, "69001", signals=BOT)
    make_demand(service, "13001", email="vrai@exemple.fr")
    confirm_everything()
    make_member(service, "owner@equipe.fr", "owner")
    return service


def _ids(service) -> dict[str, int]:
    rows = db.session.execute(select(Demand.departement_code, Demand.id)).all()
    return dict(rows)


def test_a_flagged_demand_confirmed_by_email_comes_back_when_the_owner_restores_it(
    client, flagged_service
):
    assert counts(flagged_service) == (1, 0, 2)  # confirming did not bring it back
    sign_in(client, "owner@equipe.fr")
    page = get_page(client, url(flagged_service))
    labels = page.select_one("#demands").get_text(" ", strip=True)
    assert "champ piège rempli" in labels and "confirmée par courriel" in labels
    ids = _ids(flagged_service)
    submit(
        client,
        page,
        {"demands": str(ids["35"]), "action": "restore"},
        url(flagged_service),
        selector="main form[novalidate]",
        status=303,
    )
    assert counts(flagged_service) == (2, 0, 1)
    assert recount(db.session, flagged_service.id, fix=False) == []
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "flags_restored"))
    assert entry.actor == "owner@equipe.fr" and entry.rows == 1
    assert entry.details["criteria"] == {"demandes": [ids["35"]], "motifs": ["honeypot"]}
    journal = get_page(client, f"/equipe/services/{flagged_service.slug}/journal")
    assert f"demandes : {ids['35']} ; motifs : honeypot" in journal.select_one("#audit").text


def test_an_invalidation_is_a_saved_decision_the_demands_point_to(client, flagged_service):
    sign_in(client, "owner@equipe.fr")
    ids = _ids(flagged_service)
    page = get_page(client, url(flagged_service))
    submit(
        client,
        page,
        {"demands": [str(ids["35"]), str(ids["69"])], "action": "invalidate"},
        url(flagged_service),
        selector="main form[novalidate]",
        status=303,
    )
    decision = db.session.scalar(select(Invalidation))
    assert (decision.actor, decision.count, decision.service_id) == (
        "owner@equipe.fr",
        2,
        flagged_service.id,
    )
    assert decision.criteria == {
        "revue": {"demandes": sorted([ids["35"], ids["69"]]), "motifs": ["honeypot"]}
    }
    invalidated = db.session.scalars(
        select(Demand.invalidation_id).where(Demand.invalidated_at.is_not(None))
    ).all()
    assert invalidated == [decision.id, decision.id]
    assert counts(flagged_service) == (1, 0, 0)
    assert recount(db.session, flagged_service.id, fix=False) == []
    page = get_page(client, url(flagged_service))
    assert page.find(id="no-flags") is not None
    assert "owner@equipe.fr" in page.select_one("#invalidations").text


def test_a_bulk_invalidation_is_saved_with_its_criteria(client, flagged_service):
    sign_in(client, "owner@equipe.fr")
    moderation = f"/equipe/services/{flagged_service.slug}/moderation"
    page = fill_and_send(
        client, moderation, {"email_domain": "exemple.fr", "action": "preview"}, status=200
    )
    submit(client, page, {"action": "confirm"}, moderation, "main form[novalidate]", 303)
    decision = db.session.scalar(select(Invalidation))
    assert decision.criteria == {"domaine": "exemple.fr"} and decision.count == 2
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "demands_invalidated"))
    assert entry.details == {"criteria": {"domaine": "exemple.fr"}, "invalidation": decision.id}


def test_choosing_nothing_is_explained_next_to_the_list(client, flagged_service):
    sign_in(client, "owner@equipe.fr")
    page = fill_and_send(client, url(flagged_service), {"action": "restore"}, status=422)
    assert "Cochez au moins une demande" in page.find(id="demands-messages").text
    assert counts(flagged_service) == (1, 0, 2)


@pytest.mark.parametrize(("role", "status"), [("editor", 403), ("viewer", 403), (None, 404)])
def test_only_owners_review_flags(client_request, flagged_service, role, status):
    other = make_service(slug="autre", name="Autre")
    client_request.sign_in_as(role or "owner", other if role is None else flagged_service)
    client_request.get("team.flag_review", _status=status, slug=flagged_service.slug)
    ids = _ids(flagged_service)
    data = {"demands": ids["35"], "action": "restore"}
    client_request.post("team.flag_review", data, status, slug=flagged_service.slug)
    assert counts(flagged_service) == (1, 0, 2)


def test_a_decision_never_reaches_another_services_demands(flagged_service):
    other = make_service(slug="autre", name="Autre")
    ids = _ids(flagged_service)
    assert flags.restore(db.session, other, None, list(ids.values())) == 0
    assert flags.invalidate_flagged(db.session, other, None, list(ids.values())) is None
    db.session.commit()
    assert counts(flagged_service) == (1, 0, 2)


def test_demands_invalidated_before_decisions_were_kept_get_one(tmp_path):
    with database_at(tmp_path, "0006_issue13b_paris_weeks"):
        insert_service()
        for n in (1, 2):
            insert_demand(n, "2026-01-10 10:00:00", invalidated_at="2026-01-11 09:00:00")
        insert_demand(3, "2026-01-10 10:00:00")
        db.session.commit()
        flask_migrate.upgrade()
        decision = db.session.scalar(select(Invalidation))
        assert (decision.count, decision.service_id, decision.criteria) == (2, 1, {})
        assert "antérieure" in decision.actor
        pointers = db.session.scalars(select(Demand.invalidation_id).order_by(Demand.id)).all()
    assert pointers == [decision.id, decision.id, None]
