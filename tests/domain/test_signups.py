"""What every signup shares, at the domain's edge: its row, the links of its emails, erasure."""

from datetime import timedelta

from sqlalchemy import select, update

from pilotes.domain import demands
from pilotes.domain.signups import links
from pilotes.domain.signups.core import (
    CONSENT_VERSION,
    RESEND_CONFIRMATION_AFTER,
    confirmation_row,
    erase,
    send_email,
)
from pilotes.domain.signups.kinds import kinds
from pilotes.infra.extensions import db
from pilotes.infra.signing import CONFIRM, ERASE, UNSUBSCRIBE, make_token
from pilotes.models import Demand, OutboxMessage, utcnow
from tests.factories import add_volunteer, make_demand, make_service, outbox_bodies


def test_a_row_keeps_contact_columns_only_with_an_address(app):
    service = make_service()
    with_address = make_demand(service, email="Jeanne@exemple.fr", consent=True).row
    assert (with_address.notify, with_address.consent_version) == (True, CONSENT_VERSION)
    assert with_address.email_key and with_address.confirmation_sent_at is not None
    without = make_demand(service).row
    assert (without.email, without.email_key, without.notify, without.consent_version) == (
        None,
        None,
        False,
        None,
    )
    assert without.confirmation_sent_at is None
    no_news = make_demand(service, email="muet@exemple.fr", consent=False).row
    assert no_news.notify is False and no_news.consent_version == CONSENT_VERSION


def test_the_confirmation_email_names_the_service_and_the_links_validity(app):
    make_demand(make_service(name="Mon service"), email="jeanne@exemple.fr")
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.subject == "Confirmez votre demande pour Mon service"
    assert message.signup == ["demand", message.signup[1]]
    (body,) = outbox_bodies([message])
    assert "Mon service" in body and "valable 7 jours" in body


def test_the_one_statement_confirmation_is_the_email_send_confirmation_writes(app):
    """PostgreSQL's one-statement demand writes its email from ``confirmation_row``;
    SQLite's path writes it with ``send_confirmation``: the two rows are one message."""
    service = make_service(name="Mon service")
    demand = make_demand(service, email="jeanne@exemple.fr").row
    written = db.session.scalars(select(OutboxMessage)).one()
    row = confirmation_row(demands.KIND, demand, service)
    assert row.pop("signup") == ["demand", demand.id]
    stored = {column: getattr(written, column) for column in row}
    assert row == stored
    assert set(row) == {"kind", "dedupe_key", "to_address", "subject", "context"}
    assert row["context"] == {
        "valid_days": 7,
        "service": {"name": "Mon service", "slug": "mon-service"},
    }


def test_a_confirmed_person_asking_again_gets_no_email_an_unconfirmed_one_after_a_while(app):
    service = make_service()
    filed = make_demand(service, email="jeanne@exemple.fr")
    old = utcnow() - RESEND_CONFIRMATION_AFTER - timedelta(minutes=1)
    db.session.execute(update(Demand).values(confirmation_sent_at=old))
    db.session.commit()
    again = make_demand(service, email="jeanne@exemple.fr")
    assert again.created is False and again.row.id == filed.row.id
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 2
    assert again.row.confirmation_sent_at > old  # the clock starts again
    make_demand(service, email="jeanne@exemple.fr")  # within the quarter of an hour: nothing
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 2
    db.session.execute(update(Demand).values(confirmation_sent_at=None))
    db.session.commit()
    make_demand(service, email="jeanne@exemple.fr")  # never sent (older rows): sent now
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 3
    db.session.execute(update(Demand).values(confirmed_at=utcnow(), confirmation_sent_at=old))
    db.session.commit()
    make_demand(service, email="jeanne@exemple.fr")  # confirmed already: nothing to confirm
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 3


def test_a_confirmation_link_is_read_then_spent_once(app):
    demand = make_demand(make_service(), email="jeanne@exemple.fr").row
    other = make_demand(demand.service, email="paul@exemple.fr").row
    token = make_token(CONFIRM, "demand", demand.id)
    found = links.confirmation_for(db.session, token)
    assert (found.outcome, found.kind, found.row) == ("pending", "demand", demand)
    assert demand.confirmed_at is None  # reading it changes nothing
    done = links.confirm(db.session, token)
    assert (done.outcome, done.kind, done.row) == ("confirmed", "demand", demand)
    assert demand.confirmed_at is not None  # the row seen is the row confirmed
    assert links.confirmation_for(db.session, token).outcome == "already"
    assert links.confirm(db.session, token).outcome == "already"
    db.session.refresh(other)
    assert other.confirmed_at is None  # one link confirms one signup


def test_a_confirmation_link_naming_nothing_live_is_invalid(app):
    demand = make_demand(make_service(), email="jeanne@exemple.fr").row
    for token in (
        make_token(CONFIRM, "petition", demand.id),  # no such kind
        make_token(CONFIRM, "demand", demand.id + 1000),  # no such row
        make_token(UNSUBSCRIBE, "demand", demand.id),  # another purpose
    ):
        assert links.confirmation_for(db.session, token).outcome == "invalid"
        assert links.confirm(db.session, token).outcome == "invalid"
    erase(db.session, kinds()["demand"], demand)
    erased = make_token(CONFIRM, "demand", demand.id)
    assert links.confirm(db.session, erased).outcome == "invalid"
    assert demand.confirmed_at is None


def test_unsubscribe_and_erase_links_find_their_row_and_nothing_else(app):
    demand = make_demand(make_service(), email="jeanne@exemple.fr").row
    kind, row = links.from_token(db.session, ERASE, make_token(ERASE, "demand", demand.id))
    assert (kind.name, row) == ("demand", demand)
    assert links.from_token(db.session, UNSUBSCRIBE, make_token(ERASE, "demand", demand.id)) is None
    assert links.from_token(db.session, ERASE, make_token(ERASE, "petition", demand.id)) is None
    assert links.from_token(db.session, ERASE, make_token(ERASE, "demand", demand.id + 9)) is None
    assert links.from_token(db.session, ERASE, "abc") is None


def test_erasing_takes_the_address_and_its_unsent_mail_only_and_keeps_its_first_date(app):
    service = make_service()
    jeanne = make_demand(service, email="jeanne@exemple.fr").row
    make_demand(service, email="paul@exemple.fr")
    make_demand(make_service(slug="autre"), email="jeanne@exemple.fr")
    sent = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()[2]
    sent.sent_at = utcnow()
    db.session.commit()
    erase(db.session, kinds()["demand"], jeanne)
    left = db.session.scalars(select(OutboxMessage.to_address).order_by(OutboxMessage.id)).all()
    assert left == ["paul@exemple.fr", "jeanne@exemple.fr"]  # the one sent stays, as sent
    assert (jeanne.email, jeanne.email_key, jeanne.notify) == (None, None, False)
    first = jeanne.erased_at
    assert first is not None
    erase(db.session, kinds()["demand"], jeanne)
    assert jeanne.erased_at == first


def test_an_email_with_a_dedupe_key_is_queued_once(app):
    demand = make_demand(make_service(), email="jeanne@exemple.fr").row
    kind = kinds()["demand"]
    for _ in range(2):
        send_email(db.session, kind, demand, "demand_confirm", "Une fois", dedupe_key="une-fois")
    send_email(db.session, kind, demand, "demand_confirm", "Sans clé")
    subjects = db.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()
    assert subjects[1:] == ["Une fois", "Sans clé"]


def test_erasing_a_volunteer_withdraws_them_with_what_they_said(app):
    service = make_service()
    volunteer = add_volunteer(service, email="vol@exemple.fr", availability="le soir")
    erase(db.session, kinds()["volunteer"], volunteer)
    db.session.flush()
    assert (volunteer.email, volunteer.availability) == (None, None)
    assert volunteer.withdrawn_at is not None and volunteer.erased_at is not None
