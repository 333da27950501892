"""Delivering what the outbox holds: claim a message, send it, record the outcome.

A message is claimed with a lease (``locked_until``) by a conditional UPDATE, so two
senders never send the same message; a sender that dies mid-send leaves the lease to
expire and the message is tried again. On failure the next try is pushed back
exponentially; after ``OUTBOX_MAX_ATTEMPTS`` the message is marked failed.
"""

import contextlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_mail import Mail, Message
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from pilotes.infra.outbox.queue import rendered
from pilotes.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=6)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now: datetime):
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_at.is_(None),
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now),
    )


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _claim(session: Session, message_id: int, now: datetime, sender: str):
    """Take the lease on a due message and return it as a mail to send, or None if taken.

    The transaction ends here: no transaction stays open while talking to SMTP.
    """
    claimed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_due(now))
        .values(locked_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
    ).rowcount
    if not claimed:
        session.commit()
        return None, 0
    message = session.get(OutboxMessage, message_id, populate_existing=True)
    content = rendered(message)  # here, not in the request that queued it
    outgoing = Message(
        subject=message.subject,
        recipients=[message.to_address],
        body=content["body_text"],
        html=content["body_html"],
        sender=sender,
        extra_headers=content["headers"],
    )
    attempts = message.attempts
    session.commit()
    return outgoing, attempts


def _record(session: Session, message_id: int, **values) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(locked_until=None, **values)
    )
    session.commit()


def send_due(session: Session, mail: Mail, sender: str, max_attempts: int, limit: int = 200):
    """Send up to ``limit`` due messages over one SMTP connection; commits each outcome."""
    now = utcnow()
    ids = session.scalars(
        select(OutboxMessage.id).where(*_due(now)).order_by(OutboxMessage.id).limit(limit)
    ).all()
    session.commit()
    report = SendReport()
    if not ids:
        return report
    connection = mail.connect()
    try:
        connection.__enter__()
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("SMTP server unreachable, %d messages wait: %s", len(ids), exc)
        report.errors.append(f"SMTP : {exc}")
        return report  # nothing was claimed: every message stays due
    try:
        for message_id in ids:
            outgoing, attempts = _claim(session, message_id, now, sender)
            if outgoing is None:
                continue  # another sender has it
            try:
                connection.send(outgoing)
            except (smtplib.SMTPException, OSError) as exc:
                gave_up = attempts >= max_attempts
                _record(
                    session,
                    message_id,
                    last_error=str(exc)[:2000],
                    failed_at=utcnow() if gave_up else None,
                    next_attempt_at=utcnow() + retry_delay(attempts),
                )
                report.failed += 1
                report.errors.append(f"message {message_id} : {exc}")
                log.warning("sending message %d failed: %s", message_id, exc)
                if isinstance(exc, OSError | smtplib.SMTPServerDisconnected):
                    break  # the connection is gone; the rest waits for the next run
            else:
                _record(session, message_id, sent_at=utcnow(), last_error=None)
                report.sent += 1
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.__exit__(None, None, None)
    return report
