"""Owners review the demands that were set aside as automated-looking: restore or invalidate.

Every decision is a record: an invalidation is a row (who, when, criteria, how many) that
the invalidated demands point to, as e-petitions keeps its invalidations, and each review
goes to the audit log with its criteria. A flagged demand stays out of the counts even
when its email is confirmed (a robot may own a mailbox); an owner who restores it brings
it back, confirmed or not.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.domain import audit
from pilotes.domain.counting import demand_metric, move
from pilotes.models import Demand, Invalidation, Service, User, utcnow
from pilotes.reports.protection import withdraw_edition

REASONS = {
    "honeypot": "champ piège rempli",
    "formulaire_non_charge": "formulaire envoyé sans avoir été affiché",
    "trop_rapide": "formulaire envoyé trop vite",
    "rafale": "rafale depuis un même réseau",
}
REVIEW_LIMIT = 500


def _awaiting(service: Service) -> list:
    """Flagged and not invalidated yet: what a review decides on."""
    return [
        Demand.service_id == service.id,
        Demand.flagged_at.is_not(None),
        Demand.invalidated_at.is_(None),
    ]


def flagged(session: Session, service: Service, limit: int = REVIEW_LIMIT) -> list[Demand]:
    """The demands awaiting review, oldest first."""
    return list(
        session.scalars(
            select(Demand)
            .where(*_awaiting(service))
            .order_by(Demand.created_at, Demand.id)
            .limit(limit)
        )
    )


def _criteria(demands: list[Demand]) -> dict:
    return {
        "demandes": sorted(d.id for d in demands),
        "motifs": sorted({d.flag_reason or "inconnu" for d in demands}),
    }


def _chosen(session: Session, service: Service, ids: list[int]) -> list[Demand]:
    """The demands among ``ids`` awaiting review in ``service``: any other id is ignored."""
    return list(session.scalars(select(Demand).where(*_awaiting(service), Demand.id.in_(ids))))


def restore(session: Session, service: Service, user: User | None, ids: list[int]) -> int:
    """Put chosen flagged demands back into the counts; audited; no commit."""
    demands = _chosen(session, service, ids)
    for demand in demands:
        before = demand_metric(demand)
        demand.flagged_at = None  # flag_reason stays: the history of the decision
        move(session, demand, before, demand_metric(demand))
    if demands:
        audit.record(
            session, service, user, "flags_restored", len(demands), criteria=_criteria(demands)
        )
        withdraw_edition(session, service)  # a decision of the team is published at once
    return len(demands)


def invalidate_flagged(
    session: Session, service: Service, user: User | None, ids: list[int]
) -> Invalidation | None:
    """Invalidate chosen flagged demands as one recorded decision; no commit."""
    demands = _chosen(session, service, ids)
    if not demands:
        return None
    return record_invalidation(session, service, user, {"revue": _criteria(demands)}, demands)


def record_invalidation(
    session: Session, service: Service, user: User | None, criteria: dict, demands: list[Demand]
) -> Invalidation:
    """Take ``demands`` out of every count under one saved decision; audited; no commit."""
    decision = Invalidation(
        service_id=service.id,
        user_id=user.id if user else None,
        actor=user.email if user else "ligne de commande",
        criteria=criteria,
        count=len(demands),
    )
    session.add(decision)
    session.flush()
    now = utcnow()
    for demand in demands:
        before = demand_metric(demand)
        demand.invalidated_at, demand.invalidation_id = now, decision.id
        move(session, demand, before, None)
    withdraw_edition(session, service)  # a decision of the team is published at once
    audit.record(
        session,
        service,
        user,
        "demands_invalidated",
        len(demands),
        criteria=criteria,
        invalidation=decision.id,
    )
    return decision


def invalidations(session: Session, service: Service, limit: int = 100) -> list[Invalidation]:
    return audit.newest(session, Invalidation, service, limit)
