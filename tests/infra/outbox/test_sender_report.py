"""What the sender tells: the report the worker prints, the log an operator reads."""

import logging
from datetime import timedelta

from sqlalchemy import select, update

from pilotes.infra.extensions import db, mail
from pilotes.infra.outbox import send_due
from pilotes.infra.outbox.sender import retry_delay
from pilotes.models import OutboxMessage, utcnow
from tests.email_links import parts
from tests.factories import make_demand, make_service


def _send(app):
    return send_due(db.session, mail, app.config["MAIL_DEFAULT_SENDER"], 5)


def _queue_three():
    service = make_service()
    for address in ("bon@exemple.fr", "refus@exemple.fr", "casse@exemple.fr"):
        make_demand(service, email=address)
    ids = db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).all()
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == ids[2]).values(kind="no_such_template")
    )
    db.session.commit()
    return ids


def test_each_failure_is_reported_and_logged_with_its_message_and_reason(app, smtp_server, caplog):
    _, refused, broken = _queue_three()
    smtp_server.refuse("refus@exemple.fr")
    with caplog.at_level(logging.WARNING, logger="pilotes.infra.outbox.sender"):
        report = _send(app)
    assert (report.sent, report.failed) == (1, 2)  # a refused recipient stops nothing
    reason = "SMTPRecipientsRefused: {'refus@exemple.fr': (550, b'Mailbox unavailable')}"
    assert report.errors == [
        f"message {refused} : {reason}",
        f"message {broken} : TemplateNotFound: email/no_such_template.txt",
    ]
    logged = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert ("WARNING", f"sending message {refused} failed: {reason}") in logged
    assert (
        "ERROR",
        f"message {broken} cannot be sent, marked failed: "
        "TemplateNotFound('email/no_such_template.txt')",
    ) in logged
    assert [m["To"] for m in smtp_server.messages] == ["bon@exemple.fr"]


def test_with_sending_suppressed_a_broken_message_is_failed_and_the_rest_recorded(app):
    app.config["MAIL_SUPPRESS_SEND"] = True
    mail.init_app(app)  # development: Flask-Mail opens no connection (its host is None)
    good, refused, broken = _queue_three()
    report = _send(app)
    assert (report.sent, report.failed) == (2, 1)
    rows = {m.id: m for m in db.session.scalars(select(OutboxMessage)).all()}
    for row in rows.values():
        db.session.refresh(row)
    assert rows[good].sent_at and rows[refused].sent_at and rows[broken].failed_at


def test_a_lapsed_lease_is_taken_again_a_live_one_is_left(app, smtp_server):
    _queue_three()
    ids = db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)).all()
    now = utcnow()
    lapsed = update(OutboxMessage).where(OutboxMessage.id == ids[0])
    db.session.execute(lapsed.values(locked_until=now - timedelta(seconds=1)))  # sender died
    live = update(OutboxMessage).where(OutboxMessage.id != ids[0])
    db.session.execute(live.values(locked_until=now + timedelta(minutes=1)))  # being sent
    db.session.commit()
    sent = send_due(db.session, mail, "Équipe <equipe@exemple.fr>", 5)  # not the default
    assert sent.sent == 1
    (delivered,) = smtp_server.messages
    assert (delivered["To"], delivered["From"]) == ("bon@exemple.fr", "Équipe <equipe@exemple.fr>")
    assert delivered["List-Unsubscribe"].startswith("<http://pilotes.test/e/desinscription/")
    text, html = parts(delivered)
    assert "/e/confirmer/" in text and "/e/confirmer/" in html and "<html" in html


def test_retries_wait_thirty_seconds_then_twice_as_long_each_time_up_to_six_hours():
    assert [retry_delay(n).total_seconds() for n in range(0, 5)] == [30, 30, 60, 120, 240]
    assert retry_delay(10) == timedelta(seconds=30 * 2**9)
    assert retry_delay(11) == timedelta(hours=6)


def test_a_run_sends_at_most_its_limit_oldest_first(app, smtp_server):
    service = make_service()
    for n in range(3):
        make_demand(service, email=f"p{n}@exemple.fr")
    sender = app.config["MAIL_DEFAULT_SENDER"]
    assert send_due(db.session, mail, sender, 5, limit=2).sent == 2
    assert [m["To"] for m in smtp_server.messages] == ["p0@exemple.fr", "p1@exemple.fr"]
    assert send_due(db.session, mail, sender, 5, limit=2).sent == 1
    for row in db.session.scalars(select(OutboxMessage)).all():
        db.session.refresh(row)
        assert row.sent_at is not None and row.locked_until is None and row.attempts == 1


def test_an_unreachable_server_is_reported_and_logged_and_nothing_is_claimed(
    app, smtp_server, caplog
):
    _queue_three()
    smtp_server.stop()
    with caplog.at_level(logging.WARNING, logger="pilotes.infra.outbox.sender"):
        report = _send(app)
    assert (report.sent, report.failed) == (0, 0)
    (error,) = report.errors
    assert error.startswith("SMTP : ") and "Connection refused" in error
    (record,) = caplog.records
    assert record.getMessage() == f"SMTP server unreachable, 3 messages wait: {error[7:]}"
    attempts = db.session.scalars(select(OutboxMessage.attempts)).all()
    assert attempts == [0, 0, 0]
