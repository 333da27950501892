"""The audit log: every export of personal data, and every decision that changes who is
told, counted or on the team, is written down, with who and how much."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.models import AuditEntry, Service, User


def record(
    session: Session,
    service: Service | None,
    user: User | None,
    action: str,
    rows: int | None = None,
    **details,
) -> AuditEntry:
    """Add an audit entry; no commit (it belongs to the transaction of what it records)."""
    entry = AuditEntry(
        service_id=service.id if service else None,
        user_id=user.id if user else None,
        actor=user.email if user else "système",
        action=action,
        rows=rows,
        details=details,
    )
    session.add(entry)
    return entry


def newest(session: Session, model: type, service: Service, limit: int) -> list:
    """The last ``limit`` rows of one of a service's records (``model``: its audit entries,
    its invalidation decisions), newest first by date: rows can be dated back (the demo's
    recordings), so the id alone is not the order."""
    query = (
        select(model)
        .where(model.service_id == service.id)
        .order_by(model.created_at.desc(), model.id.desc())
    )
    return list(session.scalars(query.limit(limit)))


def entries(session: Session, service: Service, limit: int = 500) -> list[AuditEntry]:
    return newest(session, AuditEntry, service, limit)
