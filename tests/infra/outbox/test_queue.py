"""Writing to the outbox: what a queued message holds, rendered now or when it is sent."""

from datetime import datetime

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.infra.outbox import enqueue, once_per_quarter_hour
from pilotes.infra.outbox.queue import rendered
from pilotes.models import OutboxMessage
from tests.factories import make_demand, make_service

UNSUBSCRIBE = "http://pilotes.test/e/desinscription/abc"
SIGN_IN = {"sign_in_url": "http://pilotes.test/equipe/connexion/lien/xyz", "valid_minutes": 15}


def _queued(**kwargs) -> OutboxMessage:
    enqueue(db.session, "sign_in", "ana@equipe.fr", "Votre lien", SIGN_IN, **kwargs)
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()


def test_a_message_rendered_now_carries_its_subject_and_its_unsubscribe_link(app):
    message = _queued(unsubscribe_url=UNSUBSCRIBE)
    assert message.headers == {
        "List-Unsubscribe": f"<{UNSUBSCRIBE}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert f"Ne plus recevoir de courriels : {UNSUBSCRIBE}" in message.body_text
    assert SIGN_IN["sign_in_url"] in message.body_text and "15 minutes" in message.body_text
    assert "<title>Votre lien</title>" in message.body_html
    assert f'<a href="{UNSUBSCRIBE}"' in message.body_html
    assert rendered(message) == {
        "body_text": message.body_text,
        "body_html": message.body_html,
        "headers": message.headers,
    }


def test_a_message_without_an_unsubscribe_link_offers_none(app):
    message = _queued()
    assert message.headers == {} and rendered(message)["headers"] == {}
    assert "Ne plus recevoir" not in message.body_text + message.body_html


def test_a_subject_is_one_line_and_a_dedupe_key_queues_once(app):
    assert enqueue(db.session, "sign_in", "a@exemple.fr", "Un\r\nBcc: x@exemple.fr", SIGN_IN)
    assert db.session.scalar(select(OutboxMessage.subject)) == "Un Bcc: x@exemple.fr"
    assert enqueue(db.session, "sign_in", "a@exemple.fr", "Deux", SIGN_IN)  # no key: both
    assert enqueue(db.session, "sign_in", "a@exemple.fr", "Clé", SIGN_IN, dedupe_key="k")
    assert not enqueue(db.session, "sign_in", "a@exemple.fr", "Clé", SIGN_IN, dedupe_key="k")
    assert enqueue(db.session, "sign_in", "a@exemple.fr", "Clé", SIGN_IN, dedupe_key="l")
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 4
    fresh = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert (fresh.attempts, fresh.sent_at, fresh.failed_at) == (0, None, None)
    assert fresh.next_attempt_at is not None and fresh.kind == "sign_in"


def test_a_signups_email_is_made_when_sent_with_its_signed_links(app):
    demand = make_demand(make_service(name="Mon service"), email="jeanne@exemple.fr").row
    message = db.session.scalars(select(OutboxMessage)).one()
    assert (message.body_text, message.body_html) == (None, None)  # nothing rendered yet
    assert message.signup == ["demand", demand.id]
    made = rendered(message)
    assert "/e/confirmer/" in made["body_text"] and "Mon service" in made["body_text"]
    assert "<title>Confirmez votre demande pour Mon service</title>" in made["body_html"]
    unsubscribe = made["headers"]["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://pilotes.test/e/desinscription/")
    assert f"Ne plus recevoir de courriels : {unsubscribe[1:-1]}" in made["body_text"]


def test_once_per_quarter_hour_is_one_key_per_clock_quarter():
    def key(hour: int, minute: int) -> str:
        return once_per_quarter_hour("k", datetime(2026, 11, 25, hour, minute, 30))

    assert key(10, 0) == key(10, 14) != key(10, 15) == key(10, 29) != key(10, 30)
    assert key(10, 45) == key(10, 59) != key(11, 0)
    assert key(10, 0).startswith("k:") and key(10, 0) != key(11, 0)
