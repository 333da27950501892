"""The outbox: nothing acknowledged is lost when SMTP is down, nothing is sent twice."""

import threading
from datetime import timedelta

from sqlalchemy import select

from pilotes.infra.extensions import db, mail
from pilotes.infra.outbox import send_due
from pilotes.infra.outbox.sender import retry_delay
from pilotes.models import Demand, OutboxMessage, utcnow
from tests.factories import make_demand, make_service
from tests.pages import get_page, submit


def file_demands_through_the_site(client, count):
    url = "/services/mon-service/demande?code_postal=35000"
    for n in range(count):
        soup = get_page(client, url)
        submit(
            client,
            soup,
            {"email": f"personne{n}@exemple.fr", "consent": "y"},
            url,
            selector="main form[method=post]",
            status=303,
        )


def send(app):
    return send_due(
        db.session, mail, app.config["MAIL_DEFAULT_SENDER"], app.config["OUTBOX_MAX_ATTEMPTS"]
    )


def test_demands_are_kept_while_smtp_is_down_and_each_email_goes_once_it_is_back(
    app, client, smtp_server, runner
):
    make_service()
    smtp_server.stop()
    file_demands_through_the_site(client, 5)
    assert len(db.session.scalars(select(Demand)).all()) == 5

    result = runner.invoke(args=["pilotes", "send-mail"])
    assert result.exit_code == 0 and "0 envoyés" in result.output
    pending = db.session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
    assert len(pending.all()) == 5

    smtp_server.start()
    assert "5 envoyés" in runner.invoke(args=["pilotes", "send-mail"]).output
    assert "0 envoyés" in runner.invoke(args=["pilotes", "send-mail"]).output
    assert sorted(m["To"] for m in smtp_server.messages) == [
        f"personne{n}@exemple.fr" for n in range(5)
    ]


def test_a_refused_message_is_retried_later_with_backoff(app, smtp_server):
    make_demand(make_service(), "35000", email="refus@exemple.fr")
    smtp_server.refuse("refus@exemple.fr")
    report = send(app)
    assert (report.sent, report.failed) == (0, 1)
    message = db.session.scalar(select(OutboxMessage))
    db.session.refresh(message)
    assert message.attempts == 1 and message.sent_at is None and message.failed_at is None
    assert message.next_attempt_at > utcnow() + retry_delay(1) - timedelta(seconds=5)
    assert send(app).sent == 0  # not due yet

    smtp_server.refuse(None)
    message.next_attempt_at = utcnow()
    db.session.commit()
    assert send(app).sent == 1
    assert len(smtp_server.to("refus@exemple.fr")) == 1
    db.session.refresh(message)
    assert message.sent_at is not None and message.last_error is None  # no stale error


def test_backoff_grows_and_is_capped():
    delays = [retry_delay(n) for n in range(1, 20)]
    assert delays == sorted(delays)
    assert delays[0] == timedelta(seconds=30) and delays[-1] == timedelta(hours=6)


def test_a_message_is_marked_failed_after_the_last_attempt(app, smtp_server):
    make_demand(make_service(), "35000", email="refus@exemple.fr")
    smtp_server.refuse("refus@exemple.fr")
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    for _ in range(2):
        send(app)
        db.session.execute(OutboxMessage.__table__.update().values(next_attempt_at=utcnow()))
        db.session.commit()
    message = db.session.scalar(select(OutboxMessage))
    db.session.refresh(message)
    assert message.failed_at is not None and message.attempts == 2
    assert send(app).failed == 0  # left for a human


def test_two_senders_at_once_send_each_message_once(app, client, smtp_server):
    make_service()
    file_demands_through_the_site(client, 30)
    errors = []

    def sender():
        with app.app_context():
            try:
                send(app)
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                db.session.remove()

    db.session.close()  # this thread's transaction must not hold SQLite's write lock
    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    recipients = [m["To"] for m in smtp_server.messages]
    assert len(recipients) == 30 == len(set(recipients))
