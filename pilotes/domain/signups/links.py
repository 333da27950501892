"""Following the links of a signup's emails: confirm, and find the row of an unsubscribe
or erase link. The token names the kind; ``kinds`` says what it is."""

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm import Session

from pilotes.domain.signups.kinds import kinds
from pilotes.infra.signing import CONFIRM, Purpose, TokenExpired, TokenInvalid, read_token
from pilotes.models import utcnow


@dataclass(frozen=True)
class Confirmation:
    outcome: str  # "confirmed", "already", "pending" (not yet), "expired", "invalid"
    kind: str | None = None
    row: object = None


def confirmation_for(session: Session, token: str) -> Confirmation:
    """What a confirmation link names, changing nothing: "pending", "already" or an error."""
    try:
        kind_name, row_id = read_token(CONFIRM, token)
    except TokenExpired:
        return Confirmation("expired")
    except TokenInvalid:
        return Confirmation("invalid")
    kind = kinds().get(kind_name)
    row = session.get(kind.model, row_id) if kind else None
    if row is None or row.erased_at is not None:
        return Confirmation("invalid")
    return Confirmation("already" if row.confirmed_at else "pending", kind_name, row)


def confirm(session: Session, token: str) -> Confirmation:
    """Confirm the signup a link names, once, and let its kind react (counts, goals)."""
    found = confirmation_for(session, token)
    if found.outcome not in ("pending", "already"):
        return found
    kind, row = kinds()[found.kind], found.row
    moved = session.execute(
        update(kind.model)
        .where(kind.model.id == row.id, kind.model.confirmed_at.is_(None))
        .values(confirmed_at=utcnow())
    ).rowcount
    if moved:
        session.refresh(row)
        kind.on_confirmed(session, row)
    return Confirmation("confirmed" if moved else "already", found.kind, row)


def from_token(session: Session, purpose: Purpose, token: str):
    """(kind, row) for an unsubscribe or erase link, or None for a bad link."""
    try:
        kind_name, row_id = read_token(purpose, token)
    except TokenInvalid:
        return None
    kind = kinds().get(kind_name)
    row = session.get(kind.model, row_id) if kind else None
    return (kind, row) if row is not None else None
