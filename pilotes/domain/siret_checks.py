"""Checking partners' SIRET numbers against the national register, after the form is saved.

The partner's form never waits on the register: a ``SiretCheck`` row is written in the same
transaction as the partner, and the worker (``send-mail --loop``) works the due rows later,
as it works the outbox: a row is claimed with a lease by a conditional UPDATE, no
transaction stays open while the register is asked, and an unusable answer (down, slow,
garbled) pushes the next try back exponentially until ``max_attempts``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from pilotes.infra.outbox.sender import retry_delay
from pilotes.infra.register import RegisterClient, RegisterUnavailable
from pilotes.models import SiretCheck, utcnow

LEASE = timedelta(minutes=2)


@dataclass
class CheckReport:
    checked: int = 0
    postponed: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now):
    return (
        SiretCheck.status == "pending",
        SiretCheck.next_attempt_at <= now,
        or_(SiretCheck.locked_until.is_(None), SiretCheck.locked_until < now),
    )


def _claim(session: Session, check_id: int) -> SiretCheck | None:
    now = utcnow()
    claimed = session.execute(
        update(SiretCheck)
        .where(SiretCheck.id == check_id, *_due(now))
        .values(locked_until=now + LEASE, attempts=SiretCheck.attempts + 1)
    ).rowcount
    check = session.get(SiretCheck, check_id, populate_existing=True) if claimed else None
    session.commit()
    return check


def _record(session: Session, check: SiretCheck, client: RegisterClient, max_attempts: int):
    """Ask the register about one claimed row and write down what it said; commits."""
    try:
        found = client.lookup(check.siret)
    except RegisterUnavailable as error:
        check.last_error = str(error)[:2000]
        check.next_attempt_at = utcnow() + retry_delay(check.attempts)
        if check.attempts >= max_attempts:
            check.status = "failed"
        check.locked_until = None
        session.commit()
        return error
    check.checked_at, check.last_error, check.locked_until = utcnow(), None, None
    if found is None:
        check.status = "unknown"
    else:
        check.status = "active" if found.active else "closed"
        check.name, check.address = found.name[:250], (found.address or "")[:400] or None
        check.commune_code, check.active = found.commune_code, found.active
    session.commit()
    return None


def check_due(session: Session, client: RegisterClient, max_attempts: int, limit: int = 20):
    """Check up to ``limit`` due SIRET numbers; each outcome is committed on its own."""
    ids = session.scalars(
        select(SiretCheck.id).where(*_due(utcnow())).order_by(SiretCheck.id).limit(limit)
    ).all()
    session.commit()
    report = CheckReport()
    for check_id in ids:
        check = _claim(session, check_id)
        if check is None:
            continue  # another worker has it
        error = _record(session, check, client, max_attempts)
        if error is None:
            report.checked += 1
        else:
            report.postponed += 1
            report.errors.append(f"SIRET {check.siret} : {error}")
    return report
