"""RGPD rules at the domain's edge: what purge takes and leaves, what a data copy shows."""

from datetime import timedelta

from sqlalchemy import select, update

from pilotes.domain import privacy
from pilotes.domain.accounts import get_or_create_user, send_sign_in_link
from pilotes.domain.email_address import email_key
from pilotes.infra import signing
from pilotes.infra.extensions import db
from pilotes.models import Demand, OutboxMessage, SignInLink, SpentFormToken, utcnow
from tests.factories import (
    add_partner,
    add_volunteer,
    confirm_everything,
    make_demand,
    make_service,
)

DAY = timedelta(days=1)


def _age(model, row_id, **ages) -> None:
    """Set the timestamps of a row ``ages`` ago (columns to timedeltas)."""
    values = {column: utcnow() - age for column, age in ages.items()}
    db.session.execute(update(model).where(model.id == row_id).values(values))


def test_the_consent_text_says_the_services_retention_in_months_at_least_one(app):
    service = make_service(name="Mon service", retention_days=20, contact_limit_per_month=3)
    assert "au plus 1 mois" in privacy.consent_text("2026-11-v1", "demand", service)
    service.retention_days = 180  # six months of 30 days (not of 31)
    volunteer = privacy.consent_text("2026-11-v1", "volunteer", service)
    assert volunteer.startswith("J'accepte que l'équipe de Mon service me contacte")
    assert "au plus 3 fois par mois" in volunteer and "au plus 6 mois" in volunteer


def test_purge_takes_each_service_at_its_own_retention_and_only_what_identifies(app):
    short = make_service(slug="court", retention_days=30)
    long = make_service(slug="long", retention_days=90)
    gone = make_demand(short, email="ancienne@exemple.fr").row
    kept = make_demand(long, email="gardee@exemple.fr").row
    anonymous = make_demand(short).row
    volunteer = add_volunteer(short, email="vol@exemple.fr")
    partner = add_partner(long, email="org@exemple.fr")
    for model, row in ((Demand, gone), (Demand, kept), (Demand, anonymous)):
        _age(model, row.id, created_at=60 * DAY)
    _age(type(volunteer), volunteer.id, created_at=31 * DAY)
    _age(type(partner), partner.id, created_at=91 * DAY)
    db.session.commit()

    dry = privacy.purge(db.session, dry_run=True)
    assert dry.erased == {"demand": 1, "volunteer": 1, "partner": 1, "accompanied": 0}
    db.session.expire_all()
    assert db.session.get(Demand, gone.id).email == "ancienne@exemple.fr"  # a dry run
    report = privacy.purge(db.session)
    assert report.erased == dry.erased
    db.session.flush()
    db.session.expire_all()
    assert db.session.get(Demand, gone.id).email is None
    assert db.session.get(Demand, gone.id).erased_at is not None
    assert db.session.get(Demand, kept.id).email == "gardee@exemple.fr"  # 60 of its 90 days
    assert db.session.get(type(volunteer), volunteer.id).email is None
    assert db.session.get(type(partner), partner.id).email is None
    assert privacy.purge(db.session).erased == dict.fromkeys(
        ("demand", "volunteer", "partner", "accompanied"), 0
    )


def test_purge_deletes_old_mail_once_done_and_old_links_and_spent_tokens(app):
    service = make_service()
    for n in range(4):
        make_demand(service, email=f"p{n}@exemple.fr")
    ids = db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).all()
    _age(OutboxMessage, ids[0], created_at=31 * DAY, sent_at=31 * DAY)  # old, sent: goes
    _age(OutboxMessage, ids[1], created_at=31 * DAY, failed_at=31 * DAY)  # old, failed: goes
    _age(OutboxMessage, ids[2], created_at=31 * DAY)  # old, still to send: stays
    _age(OutboxMessage, ids[3], created_at=29 * DAY, sent_at=29 * DAY)  # recent: stays
    get_or_create_user(db.session, "ana@equipe.fr")
    send_sign_in_link(db.session, "ana@equipe.fr")
    send_sign_in_link(db.session, "ana@equipe.fr")
    old_link, new_link = db.session.scalars(select(SignInLink.id).order_by(SignInLink.id)).all()
    _age(SignInLink, old_link, created_at=DAY + timedelta(minutes=1))
    _age(SignInLink, new_link, created_at=DAY - timedelta(minutes=1))
    expired = utcnow() - timedelta(seconds=signing.FORM_TIME.max_age + 3600 + 60)
    db.session.add_all(
        [SpentFormToken(nonce="expire", spent_at=expired), SpentFormToken(nonce="recent")]
    )
    db.session.commit()

    dry = privacy.purge(db.session, dry_run=True)
    assert (dry.mails_deleted, dry.links_deleted) == (2, 1)
    assert len(db.session.scalars(select(SpentFormToken)).all()) == 2
    report = privacy.purge(db.session)
    assert (report.mails_deleted, report.links_deleted) == (2, 1)
    # The sign-in link messages are recent: of the old ones, only the one to send is left.
    left = set(db.session.scalars(select(OutboxMessage.id)).all())
    assert ids[2] in left and ids[3] in left and not {ids[0], ids[1]} & left
    assert db.session.scalars(select(SignInLink.id)).all() == [new_link]
    assert db.session.scalars(select(SpentFormToken.nonce)).all() == ["recent"]


def test_a_data_copy_shows_confirmed_live_signups_of_every_kind_in_order(app):
    one, two = make_service(slug="un"), make_service(slug="deux")
    first = make_demand(one, email="Jeanne@exemple.fr").row
    second = make_demand(two, email="jeanne@exemple.fr").row
    erased = make_demand(make_service(slug="trois"), email="jeanne@exemple.fr").row
    confirm_everything()
    make_demand(make_service(slug="quatre"), email="jeanne@exemple.fr")  # not confirmed
    make_demand(one, email="autre@exemple.fr")
    key = email_key("jeanne@exemple.fr")
    volunteer = add_volunteer(two, email="JEANNE@exemple.fr", email_key=key)
    add_volunteer(one, email="jeanne@exemple.fr", email_key=key, confirmed=False)
    _age(Demand, erased.id, erased_at=DAY)
    db.session.commit()
    found = [(kind, row.id) for kind, row in privacy.records_for(db.session, "jeanne@exemple.fr")]
    assert found == [("demand", first.id), ("demand", second.id), ("volunteer", volunteer.id)]

    db.session.execute(OutboxMessage.__table__.delete())
    privacy.send_data_copy_link(db.session, "personne@exemple.fr")  # no data: no mail
    privacy.send_data_copy_link(db.session, "autre@exemple.fr")  # not confirmed: no mail
    assert db.session.scalars(select(OutboxMessage)).all() == []
    privacy.send_data_copy_link(db.session, "jeanne@exemple.fr")
    message = db.session.scalars(select(OutboxMessage)).one()
    # To an address as a confirmed signup stored it (the first, as the copy page shows it).
    assert (message.to_address, message.subject) == ("Jeanne@exemple.fr", "Vos données sur Pilotes")
    token = message.body_text.split("/mes-donnees/", 1)[1].split()[0]
    assert "24 heures" in message.body_text
    shown = privacy.records_from_copy_link(db.session, token)
    assert [(kind, row.id) for kind, row in shown] == found
    assert privacy.records_from_copy_link(db.session, token[:-2]) is None
    assert privacy.records_from_copy_link(db.session, signing.sign(signing.DATA_COPY, 7)) is None


def test_rehashing_the_email_keys_counts_each_row_whose_key_changed(app):
    service = make_service()
    make_demand(service, email="a@exemple.fr")
    make_demand(service, email="b@exemple.fr")
    make_demand(service)  # no address, no key
    add_volunteer(service, email="v@exemple.fr", email_key=email_key("v@exemple.fr"))
    assert privacy.rehash_email_keys(db.session) == 0  # the secret did not change
    app.config["EMAIL_KEY_SECRET"] = "the-next-email-key-secret"
    assert privacy.rehash_email_keys(db.session) == 3
    assert privacy.rehash_email_keys(db.session) == 0
    keys = db.session.scalars(select(Demand.email_key).order_by(Demand.id)).all()
    assert keys == [email_key("a@exemple.fr"), email_key("b@exemple.fr"), None]


def test_rehashing_drops_old_tags_so_a_mailbox_stays_one_signup_across_old_and_new_rows(app):
    """Rows keyed before ``+tag`` was dropped for every domain (outside review)."""
    service = make_service()
    old_rows = []
    for address in ("mallory+1@outlook.fr", "mallory+2@outlook.fr"):
        row = make_demand(service, email=address).row
        row.email_key = signing.email_hash(address)  # as keyed when the tag counted
        db.session.commit()
        old_rows.append(row)
    assert privacy.rehash_email_keys(db.session) == 1  # the oldest; the other keeps its own
    db.session.commit()
    assert [row.email_key for row in old_rows] == [
        email_key("mallory@outlook.fr"),
        signing.email_hash("mallory+2@outlook.fr"),
    ]
    again = make_demand(service, email="mallory+3@outlook.fr")
    assert not again.created and again.row.id == old_rows[0].id
    assert privacy.rehash_email_keys(db.session) == 0
