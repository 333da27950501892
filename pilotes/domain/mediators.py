"""Mediators: organisations that record a demand for someone who does not use the internet.

A France Services adviser, a social worker or a digital mediator is invited by the team
(or made from a confirmed partner) and signs in like a team member, with the role
"mediator": it may record demands, see and erase the ones it recorded, nothing else. Such
a demand has no email (nothing to confirm), notes the person's oral consent with the
version of the text read to them, and counts apart as « accompagnée » and in the totals.
The automatic flags (burst from one network, form speed) do not apply: the account is
known and limited per day instead (``MEDIATOR_DAILY_LIMIT``), whatever its address.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.domain import accounts, audit, pipelines
from pilotes.domain.counting import demand_metric, move
from pilotes.infra.single_line import one_line
from pilotes.models import (
    MEDIATOR,
    MEDIATOR_KINDS,
    AuditEntry,
    Demand,
    Mediator,
    Membership,
    Partner,
    Service,
    User,
    utcnow,
)
from pilotes.territories.lookup import Place

# The version of the oral consent text (privacy.CONSENT_TEXTS) a mediator reads out.
ORAL_CONSENT_VERSION = "2026-11-m1"
LIMIT_WINDOW = timedelta(hours=24)
ORGANISATION_MAX_LENGTH = 200
RECORDED = "demand_accompanied"  # the audit action of a recording, counted by the limit
# A recorded demand's reference is read aloud and copied by hand: no 0/O, no 1/I/L.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class MediatorError(ValueError):
    """Carries a message in French."""


class LimitReached(MediatorError):
    pass


# ---------------------------------------------------------------------------- accounts


def invite(
    session: Session,
    service: Service,
    email: str,
    organisation: str,
    kind: str,
    invited_by: User | None = None,
    partner: Partner | None = None,
) -> Mediator:
    """Open a mediator account for ``organisation`` and email its sign-in link; no commit."""
    # A backstop for names typed before forms refused line breaks and direction overrides
    # (a partner's, copied here): the name reaches the flash, the pages and the exports.
    organisation = " ".join(one_line(organisation or "").split())
    if not organisation or len(organisation) > ORGANISATION_MAX_LENGTH:
        raise MediatorError(
            f"Indiquez le nom de l'organisation ({ORGANISATION_MAX_LENGTH} caractères au plus)."
        )
    if kind not in MEDIATOR_KINDS:
        raise MediatorError("Choisissez le type d'organisation dans la liste.")
    try:
        member = accounts.add_mediator_member(session, service, email, invited_by)
    except accounts.AccountError as error:
        raise MediatorError(str(error)) from None
    mediator = Mediator(
        service_id=service.id,
        user_id=member.user_id,
        organisation=organisation,
        kind=kind,
        partner_id=partner.id if partner else None,
        invited_by=invited_by.email if invited_by else None,
    )
    session.add(mediator)
    session.flush()
    audit.record(
        session,
        service,
        invited_by,
        "mediator_invited",
        mediator=mediator.id,
        organisation=organisation,
        partner=mediator.partner_id,
    )
    return mediator


def from_partner(session: Session, partner: Partner, invited_by: User | None = None) -> Mediator:
    """A mediator account for a confirmed partner, at the address it confirmed; no commit."""
    if partner.confirmed_at is None or not partner.email:
        raise MediatorError("Seul un partenaire qui a confirmé son adresse peut devenir médiateur.")
    mediator = invite(
        session,
        partner.service,
        partner.email,
        partner.organisation_name,
        "autre",
        invited_by=invited_by,
        partner=partner,
    )
    pipelines.add_note(
        session,
        partner,
        invited_by.email if invited_by else "système",
        "Compte médiateur ouvert : l'organisation peut enregistrer des demandes accompagnées.",
    )
    return mediator


def active(session: Session, service: Service, user: User) -> Mediator | None:
    """The mediator account ``user`` signs in as on ``service`` (None: removed or never)."""
    return session.scalar(
        select(Mediator)
        .where(
            Mediator.service_id == service.id,
            Mediator.user_id == user.id,
            Mediator.removed_at.is_(None),
        )
        .order_by(Mediator.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Listed:
    mediator: Mediator
    recorded: int  # demands it recorded that still name it


def mediators_of(session: Session, service: Service) -> list[Listed]:
    """The service's mediator accounts still open, with how many demands each recorded."""
    recorded = dict(
        session.execute(
            select(Demand.mediator_id, func.count())
            .where(Demand.service_id == service.id, Demand.mediator_id.is_not(None))
            .group_by(Demand.mediator_id)
        ).all()
    )
    rows = session.scalars(
        select(Mediator)
        .where(Mediator.service_id == service.id, Mediator.removed_at.is_(None))
        .order_by(Mediator.organisation, Mediator.id)
    )
    return [Listed(row, recorded.get(row.id, 0)) for row in rows]


def remove(session: Session, mediator: Mediator, user: User | None = None) -> None:
    """Close the account: it can no longer sign in to the service; its demands stay."""
    session.execute(
        Membership.__table__.delete().where(
            Membership.service_id == mediator.service_id,
            Membership.user_id == mediator.user_id,
            Membership.role == MEDIATOR,
        )
    )
    mediator.removed_at = utcnow()
    audit.record(
        session,
        mediator.service,
        user,
        "mediator_removed",
        mediator=mediator.id,
        organisation=mediator.organisation,
    )


# ---------------------------------------------------------------------------- demands


def recorded_recently(session: Session, mediator: Mediator) -> int:
    """Demands the account recorded in the last 24 hours, erased ones included (its own
    limit, not its address's): read from the audit entries of recordings, which erasing
    leaves, so that recording and erasing in a loop never gives the quota back."""
    return session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.service_id == mediator.service_id,
            AuditEntry.action == RECORDED,
            AuditEntry.details["mediator"].as_integer() == mediator.id,
            AuditEntry.created_at > utcnow() - LIMIT_WINDOW,
        )
    )


def record_demand(
    session: Session,
    mediator: Mediator,
    user: User,
    place: Place,
    postal_code: str,
    oral_consent: bool,
) -> Demand:
    """Record a demand for someone the mediator helps; counted, audited; no commit."""
    if not oral_consent:
        raise MediatorError("Cochez la case : la personne doit avoir donné son accord à l'oral.")
    # Two requests of one account take turns (PostgreSQL; SQLite's writes already do).
    session.execute(select(Mediator.id).where(Mediator.id == mediator.id).with_for_update())
    limit = current_app.config["MEDIATOR_DAILY_LIMIT"]
    if recorded_recently(session, mediator) >= limit:
        raise LimitReached(
            f"Ce compte a enregistré {limit} demandes en 24 heures (supprimées comprises), sa "
            "limite : réessayez "
            "demain, ou écrivez à l'équipe du service si vous en accompagnez davantage."
        )
    demand = Demand(
        service_id=mediator.service_id,
        accompanied=True,
        mediator_id=mediator.id,
        oral_consent_version=ORAL_CONSENT_VERSION,
        notify=False,
        reference=_free_reference(session, mediator),
    )
    demand.set_place(place, postal_code)
    session.add(demand)
    session.flush()
    move(session, demand, None, demand_metric(demand))
    audit.record(
        session,
        mediator.service,
        user,
        RECORDED,
        1,
        demand=demand.id,
        mediator=mediator.id,
        organisation=mediator.organisation,
    )
    return demand


def new_reference() -> str:
    """Eight random characters (about 40 bits), « ABCD-2345 »: nothing of the id in it."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def _free_reference(session: Session, mediator: Mediator) -> str:
    """A reference none of the account's demands has (its recordings take turns, above)."""
    while True:
        reference = new_reference()
        taken = select(Demand.id).where(
            Demand.mediator_id == mediator.id, Demand.reference == reference
        )
        if session.scalar(taken) is None:
            return reference


def recorded_by(session: Session, mediator: Mediator, limit: int = 200) -> list[Demand]:
    """The demands the account recorded that still name it, newest first."""
    return list(
        session.scalars(
            select(Demand)
            .where(Demand.mediator_id == mediator.id)
            .order_by(Demand.created_at.desc(), Demand.id.desc())
            .limit(limit)
        )
    )


def erase_demand(session: Session, mediator: Mediator, user: User, reference: str) -> bool:
    """The person asked their mediator to erase their demand, named by its reference: it
    goes, and leaves the counts (False: not one this account recorded). Audited; no commit."""
    demand = session.scalar(
        select(Demand).where(Demand.mediator_id == mediator.id, Demand.reference == reference)
    )
    if demand is None:
        return False
    move(session, demand, demand_metric(demand), None)
    session.delete(demand)
    audit.record(
        session,
        mediator.service,
        user,
        "demand_accompanied_erased",
        1,
        demand=demand.id,
        mediator=mediator.id,
    )
    return True
