"""Checking partners' SIRET numbers against the national register, after the form is saved.

The partner's form never waits on the register: a ``SiretCheck`` row is written in the same
transaction as the partner, and the worker (``send-mail --loop``, ``pilotes.cli.integrations``)
works the due rows later, each step in its own unit of work,
as it works the outbox: a row is claimed with a lease by a conditional UPDATE, no
transaction stays open while the register is asked, and an unusable answer (down, slow,
garbled) pushes the next try back exponentially until ``max_attempts``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pilotes.infra.outbox.sender import due_and_free, retry_delay
from pilotes.infra.register import Establishment, RegisterUnavailable
from pilotes.models import SiretCheck, utcnow

LEASE = timedelta(minutes=2)


@dataclass
class CheckReport:
    checked: int = 0
    postponed: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now):
    return (SiretCheck.status == "pending", *due_and_free(SiretCheck, now))


def due_ids(session: Session, limit: int = 20) -> list[int]:
    """The ids of up to ``limit`` rows due for a check."""
    return session.scalars(
        select(SiretCheck.id).where(*_due(utcnow())).order_by(SiretCheck.id).limit(limit)
    ).all()


def claim(session: Session, check_id: int) -> SiretCheck | None:
    """Take a lease on one due row (None: another worker has it); no commit."""
    now = utcnow()
    claimed = session.execute(
        update(SiretCheck)
        .where(SiretCheck.id == check_id, *_due(now))
        .values(locked_until=now + LEASE, attempts=SiretCheck.attempts + 1)
    ).rowcount
    return session.get(SiretCheck, check_id, populate_existing=True) if claimed else None


def record(
    session: Session,
    check_id: int,
    found: Establishment | None,
    error: RegisterUnavailable | None,
    max_attempts: int,
) -> SiretCheck:
    """Write down what the register said about a claimed row (or why it could not); no commit."""
    check = session.get(SiretCheck, check_id)
    check.locked_until = None
    if error is not None:
        check.last_error = str(error)[:2000]
        check.next_attempt_at = utcnow() + retry_delay(check.attempts)
        if check.attempts >= max_attempts:
            check.status = "failed"
        return check
    check.checked_at, check.last_error = utcnow(), None
    if found is None:
        check.status = "unknown"
    else:
        check.status = "active" if found.active else "closed"
        check.name, check.address = found.name[:250], (found.address or "")[:400] or None
        check.commune_code, check.active = found.commune_code, found.active
    return check
