"""A sender run's bounds: how many messages it takes, how much of an error it keeps, and
what it does with a message another sender took between listing and claiming it."""

import threading
from datetime import timedelta

from flask_mail import email_dispatched
from sqlalchemy import select, update

from pilotes.infra.extensions import db, mail
from pilotes.infra.outbox import enqueue, send_due
from pilotes.models import OutboxMessage, utcnow

SIGN_IN = {"sign_in_url": "http://pilotes.test/equipe/connexion/lien/xyz", "valid_minutes": 15}


def _queue(*addresses: str) -> list[int]:
    for address in addresses:
        enqueue(db.session, "sign_in", address, "Votre lien", SIGN_IN)
    db.session.commit()
    return db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).all()


def _rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_a_run_takes_two_hundred_messages_and_leaves_the_rest_for_the_next(app):
    app.config["MAIL_SUPPRESS_SEND"] = True
    mail.init_app(app)  # development: recorded as sent, nothing leaves
    _queue(*(f"p{n}@exemple.fr" for n in range(201)))
    sender = app.config["MAIL_DEFAULT_SENDER"]
    assert send_due(db.session, mail, sender, 5).sent == 200  # the worker's batch
    (waiting,) = [row for row in _rows() if row.sent_at is None]
    assert (waiting.to_address, waiting.attempts) == ("p200@exemple.fr", 0)
    assert send_due(db.session, mail, sender, 5).sent == 1


def test_a_long_refusal_is_recorded_and_reported_cut_to_two_thousand_characters(app, smtp_server):
    (message_id,) = _queue("refus@exemple.fr")
    lines = [f"550-{n} " + "x" * 400 for n in range(6)]
    smtp_server.refuse("refus@exemple.fr", "\r\n".join([*lines, "550 fin"]))
    report = send_due(db.session, mail, app.config["MAIL_DEFAULT_SENDER"], 5)
    (row,) = _rows()
    assert row.last_error.startswith("SMTPRecipientsRefused: {'refus@exemple.fr': (550, b'0 xx")
    assert len(row.last_error) == 2000 and "fin" not in row.last_error
    assert report.errors == [f"message {message_id} : {row.last_error}"]


def test_a_message_another_sender_took_meanwhile_is_left_to_it_and_the_run_goes_on(
    app, smtp_server
):
    first, second, third = _queue("a@exemple.fr", "b@exemple.fr", "c@exemple.fr")
    sender = app.config["MAIL_DEFAULT_SENDER"]
    other = {}

    def other_sender():  # another worker, its own session and SMTP connection
        with app.app_context():
            try:
                other["report"] = send_due(db.session, mail, sender, 5, limit=1)
            finally:
                db.session.remove()

    def on_dispatch(_app, message, **_):
        # While this run sends the first message, with the other two listed but not
        # claimed yet, another sender takes the next due one: the second.
        if message.recipients == ["a@exemple.fr"] and not other:
            other["report"] = None  # once: the other sender's own sends come here too
            thread = threading.Thread(target=other_sender)
            thread.start()
            thread.join()

    with email_dispatched.connected_to(on_dispatch):
        report = send_due(db.session, mail, sender, 5)
    assert other["report"].sent == 1
    assert report.sent == 2  # the first and the third: the second was not its to send
    assert [m["To"] for m in smtp_server.messages] == [
        "a@exemple.fr",
        "b@exemple.fr",
        "c@exemple.fr",
    ]
    assert [(row.id, row.attempts) for row in _rows()] == [(first, 1), (second, 1), (third, 1)]
    assert all(row.sent_at is not None for row in _rows())


def test_a_run_takes_the_oldest_queued_first_whatever_its_retry_time(app, smtp_server):
    older, newer = _queue("ancien@exemple.fr", "recent@exemple.fr")
    now = utcnow()
    # The older one was retried (due a minute ago), the newer one has waited for an hour.
    for message_id, due in ((newer, now - timedelta(hours=1)), (older, now - timedelta(minutes=1))):
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id).values(next_attempt_at=due)
        )
    db.session.commit()
    assert send_due(db.session, mail, app.config["MAIL_DEFAULT_SENDER"], 5, limit=1).sent == 1
    assert [m["To"] for m in smtp_server.messages] == ["ancien@exemple.fr"]


def test_a_server_that_closes_the_connection_ends_the_run_the_rest_waits(app, smtp_server):
    ids = _queue("a@exemple.fr", "ferme@exemple.fr", "b@exemple.fr", "c@exemple.fr", "d@exemple.fr")
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == ids[2])
        .values(subject="Lien\nBcc: tous@exemple.fr")
    )
    db.session.commit()
    # 421: the server closes the connection (RFC 5321 § 3.8); smtplib closes its side too.
    smtp_server.refuse("ferme@exemple.fr", "421 Service not available, closing channel")
    report = send_due(db.session, mail, app.config["MAIL_DEFAULT_SENDER"], 5)
    # Sent, refused, broken (failed for good, though the reset finds no connection left),
    # then the next one finds the connection gone: the run stops, the last one waits.
    assert (report.sent, report.failed) == (1, 3)
    assert [m["To"] for m in smtp_server.messages] == ["a@exemple.fr"]
    rows = _rows()
    assert [row.attempts for row in rows] == [1, 1, 1, 1, 0]
    assert rows[2].last_error.startswith("BadHeaderError")
    assert rows[3].last_error.startswith("SMTPServerDisconnected")
    assert rows[2].failed_at is not None and rows[3].failed_at is None
