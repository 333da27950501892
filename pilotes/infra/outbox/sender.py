"""Delivering what the outbox holds: claim a message, send it, record the outcome.

A message is claimed with a lease (``locked_until``) by a conditional UPDATE, so two
senders never send the same message; a sender that dies mid-send leaves the lease to
expire and the message is tried again. On failure the next try is pushed back
exponentially; after ``OUTBOX_MAX_ATTEMPTS`` the message is marked failed. A message
that cannot be made or sent at all (a line break in a header, a broken address, a
template that fails) is marked failed at once with the reason, and the others go on.
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


def due_and_free(model, now: datetime) -> tuple:
    """Conditions on a leased work row (``model``: an outbox message, a SIRET check): its
    next attempt has come, and no worker holds it (or that worker's lease ran out)."""
    return (
        model.next_attempt_at <= now,
        or_(model.locked_until.is_(None), model.locked_until < now),
    )


def _due(now: datetime):
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_at.is_(None),
        *due_and_free(OutboxMessage, now),
    )


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _claim(session: Session, message_id: int, now: datetime) -> int | None:
    """Take the lease on a due message and return its attempts, or None if taken.

    The transaction ends here: no transaction stays open while talking to SMTP.
    """
    claimed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_due(now))
        .values(locked_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
    ).rowcount
    attempts = (
        session.scalar(select(OutboxMessage.attempts).where(OutboxMessage.id == message_id))
        if claimed
        else None
    )
    session.commit()
    return attempts


def _compose(session: Session, message_id: int, sender: str) -> Message:
    """The mail to send, rendered here (not in the request that queued it); ends its read."""
    try:
        message = session.get(OutboxMessage, message_id, populate_existing=True)
        content = rendered(message)
        return Message(
            subject=message.subject,
            recipients=[message.to_address],
            body=content["body_text"],
            html=content["body_html"],
            sender=sender,
            extra_headers=content["headers"],
        )
    finally:
        session.commit()


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
            if not _send_one(session, connection, message_id, now, sender, max_attempts, report):
                break  # the connection is gone; the rest waits for the next run
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.__exit__(None, None, None)
    return report


def _send_one(session, connection, message_id, now, sender, max_attempts, report) -> bool:
    """Claim, make and send one message and record the outcome; False if SMTP is gone."""
    attempts = _claim(session, message_id, now)
    if attempts is None:
        return True  # another sender has it
    try:
        # Making the message raises only for the message itself (jinja2's TemplateNotFound
        # is an OSError too): the SMTP errors below are the connection's.
        try:
            outgoing = _compose(session, message_id, sender)
        except Exception as exc:
            raise _Unsendable(exc) from exc
        connection.send(outgoing)
    except _Unsendable as wrapped:
        return _poisoned(session, connection, message_id, report, wrapped.error, attempts)
    except (smtplib.SMTPException, OSError) as exc:
        _failed(session, message_id, report, exc, attempts, final=attempts >= max_attempts)
        # An SMTPException is an OSError too: a refused recipient leaves the connection up;
        # only a disconnection or a socket error ends this run.
        return isinstance(exc, smtplib.SMTPException) and not isinstance(
            exc, smtplib.SMTPServerDisconnected
        )
    except Exception as exc:  # the message itself is bad (logged, recorded): fail it, go on
        return _poisoned(session, connection, message_id, report, exc, attempts)
    _record(session, message_id, sent_at=utcnow(), last_error=None)
    report.sent += 1
    return True


class _Unsendable(Exception):
    """Making the message failed: whatever the error's type, the message is at fault."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


def _poisoned(session, connection, message_id, report, exc, attempts) -> bool:
    """Fail a message that can never go, with the reason, and keep the connection usable."""
    log.error("message %d cannot be sent, marked failed: %r", message_id, exc)
    _failed(session, message_id, report, exc, attempts, final=True)
    if connection.host is not None:  # None when sending is suppressed (development)
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.host.rset()  # whatever it left half-said on the connection
    return True


def _failed(session, message_id: int, report: SendReport, exc: Exception, attempts, final) -> None:
    """Record a failed try: retried later with backoff, or failed for good (``final``)."""
    reason = f"{type(exc).__name__}: {exc}"[:2000]
    _record(
        session,
        message_id,
        last_error=reason,
        failed_at=utcnow() if final else None,
        next_attempt_at=utcnow() + retry_delay(attempts),
    )
    report.failed += 1
    report.errors.append(f"message {message_id} : {reason}")
    log.warning("sending message %d failed: %s", message_id, reason)
