"""Mediators record demands for people without internet: consent noted, no email, limited
per account, counted apart and in the totals, erasable by the mediator, purged in time."""

import re
import threading
from datetime import timedelta

import flask_migrate
import pytest
from sqlalchemy import func, select, text

from pilotes.domain import accounts, mediators
from pilotes.domain.counting import recount
from pilotes.domain.privacy import CONSENT_TEXTS, purge
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import AuditEntry, Demand, Mediator, Membership, OutboxMessage, PartnerEvent
from pilotes.reports.payload import publish
from pilotes.reports.totals import territory_totals
from pilotes.territories.lookup import resolve_postal_code
from tests.factories import (
    add_partner,
    make_demand,
    make_mediator,
    make_service,
    record_accompanied,
)
from tests.old_schema import database_at, insert_demand


def test_an_accompanied_demand_is_counted_apart_without_email_and_audited(app):
    service = make_service()
    mediator = make_mediator(service)
    demand = record_accompanied(mediator, "35000")
    make_demand(service, "35000")
    assert demand.accompanied and demand.mediator_id == mediator.id
    assert demand.email is None and not demand.notify and demand.confirmed_at is None
    assert demand.oral_consent_version in CONSENT_TEXTS
    assert "accompanied" in CONSENT_TEXTS[demand.oral_consent_version]
    assert territory_totals(db.session, service.id, "departement") == {
        "35": {"demand_accompanied": 1, "demand_unconfirmed": 1}
    }
    assert recount(db.session, service.id) == []
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "demand_accompanied"))
    assert entry.actor == "mediateur@france-services.fr"
    assert entry.details["demand"] == demand.id and entry.details["mediator"] == mediator.id


def test_published_demands_include_the_accompanied_ones(app):
    service = make_service()
    mediator = make_mediator(service)
    for _ in range(20):
        record_accompanied(mediator, "35000")
    for _ in range(20):
        make_demand(service, "35000")
    departement = publish(db.session, service)["departement"]
    (rennes,) = [t for t in departement.territories if t.code == "35"]
    assert 16 <= rennes.accompanied <= 24 and 36 <= rennes.demands <= 44
    assert departement.totals.accompanied == rennes.accompanied


def test_no_demand_without_the_persons_oral_consent(app):
    service = make_service()
    mediator = make_mediator(service)
    place = resolve_postal_code(db.session, "35000").places[0]
    with pytest.raises(mediators.MediatorError, match="accord"):
        mediators.record_demand(db.session, mediator, mediator.user, place, "35000", False)
    assert db.session.scalar(select(Demand)) is None


def test_the_limit_is_per_account_not_per_address(app):
    app.config["MEDIATOR_DAILY_LIMIT"] = 3
    service = make_service()
    first = make_mediator(service)
    other = make_mediator(service, "autre@mediation.fr", "Médiation numérique")
    for _ in range(3):
        record_accompanied(first)
    with pytest.raises(mediators.LimitReached, match="3 demandes en 24 heures"):
        record_accompanied(first)
    record_accompanied(other)  # the same desk, the same network: another account
    # Yesterday's recordings no longer count against today's limit.
    for entry in db.session.scalars(select(AuditEntry)):
        entry.created_at -= timedelta(hours=25)
    db.session.commit()
    record_accompanied(first)


def test_erasing_a_demand_never_gives_its_place_under_the_limit_back(app):
    """Record, erase, record…: an account that could loop would read changes in hidden
    counts from the published figures; the erased demands still count for 24 hours."""
    app.config["MEDIATOR_DAILY_LIMIT"] = 3
    service = make_service()
    mediator = make_mediator(service)
    for _ in range(3):
        demand = record_accompanied(mediator)
        with unit_of_work():
            assert mediators.erase_demand(db.session, mediator, mediator.user, demand.reference)
    assert db.session.scalar(select(Demand)) is None
    assert mediators.recorded_recently(db.session, mediator) == 3
    with pytest.raises(mediators.LimitReached, match="3 demandes en 24 heures"):
        record_accompanied(mediator)
    assert db.session.scalar(select(Demand)) is None


def test_references_say_nothing_of_the_demands_filed_between_two_recordings(app):
    """Between two recordings another service gets 0, 1, 2… demands: the references the
    mediator is given follow neither the ids nor the order they were recorded in."""
    service, elsewhere = make_service(), make_service(slug="ailleurs")
    mediator = make_mediator(service)
    recorded = []
    for filed_between in range(12):
        for _ in range(filed_between):
            make_demand(elsewhere, "69001")
        recorded.append(record_accompanied(mediator))
    references = [demand.reference for demand in recorded]
    assert len(set(references)) == 12
    # In order either way by a chance of 2 in 12! (one in 240 million).
    assert references not in (sorted(references), sorted(references, reverse=True))


def test_a_reference_another_recording_of_the_account_has_is_drawn_again(app, monkeypatch):
    mediator = make_mediator(make_service())
    first = record_accompanied(mediator)
    drawn = iter([first.reference, first.reference, "ZZZZ-2222"])
    monkeypatch.setattr(mediators, "new_reference", lambda: next(drawn))
    assert record_accompanied(mediator).reference == "ZZZZ-2222"


def test_demands_recorded_before_references_get_one_each(tmp_path):
    with database_at(tmp_path, "0017_editions"):
        db.session.execute(
            text(
                "INSERT INTO services (id, slug, name, tagline, problem, problem_html, "
                "description, description_html, phase, status, level, contact_email, "
                "retention_days, created_at) VALUES (1, 's', 'S', '', '', '', '', '', 'beta', "
                "'published', 'departement', 'a@b.fr', 365, '2026-01-01')"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO users (id, email, is_admin, session_version, created_at) "
                "VALUES (1, 'm@fs.fr', false, 1, '2026-01-01')"
            )
        )
        for mediator_id in (1, 2):
            db.session.execute(
                text(
                    "INSERT INTO mediators (id, service_id, user_id, organisation, kind, "
                    "created_at) VALUES (:id, 1, 1, 'FS', 'autre', '2026-01-01')"
                ),
                {"id": mediator_id},
            )
        for demand_id in (1, 2, 3, 4):
            insert_demand(demand_id, "2026-01-10 10:00:00")
        for demand_id, mediator_id in ((1, 1), (2, 1), (3, 2)):
            db.session.execute(
                text("UPDATE demands SET accompanied = true, mediator_id = :m WHERE id = :d"),
                {"m": mediator_id, "d": demand_id},
            )
        db.session.commit()
        flask_migrate.upgrade()
        references = db.session.scalars(select(Demand.reference).order_by(Demand.id)).all()
    assert references[3] is None  # not recorded by a mediator
    assert len(set(references[:3])) == 3
    assert all(re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", r) for r in references[:3])


def test_concurrent_requests_of_one_account_never_pass_its_limit(app):
    """Eight requests of one account at once, one place left under its limit: one passes.
    Without the row lock, on PostgreSQL, several count the same total and all insert."""
    app.config["MEDIATOR_DAILY_LIMIT"] = 3
    service = make_service()
    mediator = make_mediator(service)
    for _ in range(2):
        record_accompanied(mediator)
    mediator_id = mediator.id
    db.session.close()
    barrier = threading.Barrier(8)
    outcomes = []

    def record_one():
        with app.app_context():
            try:
                barrier.wait()
                record_accompanied(db.session.get(Mediator, mediator_id))
                outcomes.append("recorded")
            except mediators.LimitReached:
                outcomes.append("refused")
            except Exception as error:  # surfaced below
                outcomes.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=record_one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == ["recorded"] + ["refused"] * 7
    recorded = select(func.count()).select_from(Demand).where(Demand.mediator_id == mediator_id)
    assert db.session.scalar(recorded) == 3


def test_a_mediators_burst_up_to_its_limit_is_not_flagged(app):
    """Thirty-five demands in a few seconds would be a burst online; from a known account
    under its limit they are a day at a France Services desk."""
    service = make_service()
    mediator = make_mediator(service)
    for _ in range(35):
        record_accompanied(mediator)
    flagged = db.session.scalars(select(Demand).where(Demand.flagged_at.is_not(None))).all()
    assert flagged == []
    totals = territory_totals(db.session, service.id, "departement")
    assert totals == {"35": {"demand_accompanied": 35}}


def test_a_mediator_erases_only_the_demands_it_recorded(app):
    service = make_service()
    mediator = make_mediator(service)
    other = make_mediator(service, "autre@mediation.fr", "Autre")
    demand = record_accompanied(mediator)
    kept = record_accompanied(other)
    with unit_of_work():
        assert not mediators.erase_demand(db.session, other, other.user, demand.reference)
        assert mediators.erase_demand(db.session, mediator, mediator.user, demand.reference)
    assert db.session.scalars(select(Demand.id)).all() == [kept.id]
    assert territory_totals(db.session, service.id, "departement") == {
        "35": {"demand_accompanied": 1}
    }
    assert recount(db.session, service.id) == []
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "demand_accompanied_erased")
    ).details == {"demand": demand.id, "mediator": mediator.id}


def test_past_retention_a_demand_forgets_its_mediator_and_still_counts(app):
    service = make_service()
    mediator = make_mediator(service)
    old, recent = record_accompanied(mediator), record_accompanied(mediator)
    old.created_at -= timedelta(days=service.retention_days + 1)
    db.session.commit()
    with unit_of_work():
        report = purge(db.session)
    assert report.erased["accompanied"] == 1
    db.session.refresh(old), db.session.refresh(recent)
    assert old.mediator_id is None and old.erased_at is not None and old.accompanied
    assert old.reference is None  # it named the demand to its mediator, now forgotten
    assert recent.mediator_id == mediator.id and recent.erased_at is None
    assert recent.reference is not None
    assert mediators.recorded_by(db.session, mediator) == [recent]
    recount(db.session, service.id)  # dates moved by hand: counters rebuilt from the rows
    assert territory_totals(db.session, service.id, "departement") == {
        "35": {"demand_accompanied": 2}
    }


def test_each_service_detaches_past_its_own_retention_and_a_dry_run_detaches_nothing(app):
    short, long_ = make_service(retention_days=30), make_service(slug="autre", retention_days=400)
    first, second = make_mediator(short), make_mediator(long_, email="m2@france-services.fr")
    gone, kept, old = (
        record_accompanied(first),
        record_accompanied(second),
        record_accompanied(second),
    )
    for row, days in ((gone, 40), (kept, 40), (old, 401)):
        row.created_at -= timedelta(days=days)
    db.session.commit()
    assert purge(db.session, dry_run=True).erased["accompanied"] == 2  # one per service
    db.session.flush()
    assert (gone.mediator_id, kept.mediator_id, old.mediator_id) == (
        first.id,
        second.id,
        second.id,
    )  # a dry run
    db.session.rollback()
    with unit_of_work():
        assert purge(db.session).erased["accompanied"] == 2
    for row in (gone, kept, old):
        db.session.refresh(row)
    assert (gone.mediator_id, kept.mediator_id, old.mediator_id) == (None, second.id, None)


def test_a_confirmed_partner_becomes_a_mediator_with_a_sign_in_link(app):
    service = make_service()
    partner = add_partner(service, email="contact@france-services-35.fr")
    unconfirmed = add_partner(service, name="Asso", email="asso@exemple.fr", confirmed_at=None)
    with unit_of_work(), pytest.raises(mediators.MediatorError, match="confirmé"):
        mediators.from_partner(db.session, unconfirmed)
    with unit_of_work():
        mediator = mediators.from_partner(db.session, partner)
    assert mediator.partner_id == partner.id and mediator.organisation == "MDPH 35"
    assert mediator.user.email == "contact@france-services-35.fr"
    (message,) = db.session.scalars(select(OutboxMessage)).all()
    assert message.to_address == "contact@france-services-35.fr"
    assert "/equipe/connexion/lien/" in message.body_text
    assert "accès médiateur" in message.subject
    note = db.session.scalar(select(PartnerEvent).where(PartnerEvent.partner_id == partner.id))
    assert "médiateur" in note.body


def test_a_mediator_account_never_becomes_a_team_role(app):
    service = make_service()
    mediator = make_mediator(service)
    member = db.session.scalar(select(Membership).where(Membership.user_id == mediator.user_id))
    assert member.role == "mediator" and not member.allows("viewer")
    with pytest.raises(accounts.AccountError, match="médiateur"):
        accounts.set_role(db.session, member, "viewer")
    viewer = accounts.add_member(db.session, service, "v@equipe.fr", "viewer")
    assert not viewer.allows("mediator") and viewer.allows("viewer")


def test_a_closed_account_loses_its_access_and_keeps_its_demands(app):
    service = make_service()
    mediator = make_mediator(service)
    record_accompanied(mediator)
    with unit_of_work():
        mediators.remove(db.session, mediator)
    assert mediators.active(db.session, service, mediator.user) is None
    assert db.session.scalar(select(Membership)) is None
    assert db.session.scalar(select(Demand)).mediator_id == mediator.id
    assert mediators.mediators_of(db.session, service) == []
