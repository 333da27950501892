"""Demands: a person says "I want this service where I live", and may confirm by email."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pilotes.email_address import email_key
from pilotes.mail import enqueue
from pilotes.models import Demand, Service, utcnow
from pilotes.reports.counters import DEMAND_CONFIRMED, DEMAND_UNCONFIRMED, CountedPlace, bump
from pilotes.territories.lookup import Place
from pilotes.tokens import CONFIRM_MAX_AGE, TokenExpired, TokenInvalid, read_token, signed_url

# The version of the consent text shown with the email field; stored with each demand.
CONSENT_VERSION = "2026-11-v1"
COMMENT_MAX_LENGTH = 500
# A person asking again before confirming gets the confirmation email again, at most this often.
RESEND_CONFIRMATION_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class DemandRequest:
    """What the form collected, already checked for syntax."""

    place: Place
    postal_code: str
    email: str | None = None
    consent: bool = False
    profile: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class FiledDemand:
    demand: Demand
    created: bool  # False when the same person had asked already


def _enqueue_confirmation(session: Session, service: Service, demand: Demand) -> None:
    enqueue(
        session,
        "demand_confirm",
        demand.email,
        f"Confirmez votre demande pour {service.name}",
        {
            "service": service,
            "confirm_url": signed_url("public.confirm", "confirm", "demand", demand.id),
            "erase_url": signed_url("public.erase", "erase", "demand", demand.id),
            "valid_days": CONFIRM_MAX_AGE // 86400,
        },
        unsubscribe_url=signed_url("public.unsubscribe", "unsubscribe", "demand", demand.id),
    )
    demand.confirmation_sent_at = utcnow()


def file_demand(session: Session, service: Service, request: DemandRequest) -> FiledDemand:
    """Record a demand, count it, and queue its confirmation email, in one transaction.

    The same person (same normalised email) asking again for the same service does not
    make a second demand; an unconfirmed one gets its confirmation email again.
    """
    key = email_key(current_app.config["SECRET_KEY"], request.email) if request.email else None
    if key:
        existing = session.scalar(
            select(Demand).where(Demand.service_id == service.id, Demand.email_key == key)
        )
        if existing is not None:
            return _asked_again(session, service, existing, request)

    place = request.place
    demand = Demand(
        service_id=service.id,
        postal_code=request.postal_code,
        commune_code=place.commune_code,
        arrondissement_code=place.arrondissement_code,
        departement_code=place.departement_code,
        region_code=place.region_code,
        email=request.email,
        email_key=key,
        notify=bool(request.email and request.consent),
        consent_version=CONSENT_VERSION if request.email else None,
        profile=request.profile,
        comment=(request.comment or None),
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(demand)
            session.flush()
    except IntegrityError:
        # The same person, a moment ago, in another request: theirs stands.
        existing = session.scalar(
            select(Demand).where(Demand.service_id == service.id, Demand.email_key == key)
        )
        if existing is None:
            raise
        return _asked_again(session, service, existing, request)
    bump(session, service.id, CountedPlace.of(demand), {DEMAND_UNCONFIRMED: 1})
    if demand.email:
        _enqueue_confirmation(session, service, demand)
    session.commit()
    return FiledDemand(demand, created=True)


def _asked_again(
    session: Session, service: Service, demand: Demand, request: DemandRequest
) -> FiledDemand:
    sent = demand.confirmation_sent_at
    if (
        demand.confirmed_at is None
        and demand.email
        and (sent is None or utcnow() - sent > RESEND_CONFIRMATION_AFTER)
    ):
        _enqueue_confirmation(session, service, demand)
    session.commit()
    return FiledDemand(demand, created=False)


@dataclass(frozen=True)
class Confirmation:
    outcome: str  # "confirmed", "already", "expired", "invalid"
    demand: Demand | None = None


def confirm_demand(session: Session, token: str) -> Confirmation:
    """Confirm the demand a link names; moves it from unconfirmed to confirmed counts."""
    secret = current_app.config["SECRET_KEY"]
    try:
        kind, demand_id = read_token(secret, "confirm", token, max_age=CONFIRM_MAX_AGE)
    except TokenExpired:
        return Confirmation("expired")
    except TokenInvalid:
        return Confirmation("invalid")
    demand = session.get(Demand, demand_id) if kind == "demand" else None
    if demand is None or demand.erased_at is not None:
        return Confirmation("invalid")
    moved = session.execute(
        update(Demand)
        .where(Demand.id == demand.id, Demand.confirmed_at.is_(None))
        .values(confirmed_at=utcnow())
    ).rowcount
    if not moved:
        session.commit()
        return Confirmation("already", demand)
    bump(
        session,
        demand.service_id,
        CountedPlace.of(demand),
        {DEMAND_UNCONFIRMED: -1, DEMAND_CONFIRMED: 1},
    )
    session.commit()
    session.refresh(demand)
    return Confirmation("confirmed", demand)


def demand_from_token(session: Session, purpose: str, token: str) -> Demand | None:
    """The demand an unsubscribe or erase link names, or None for a bad link."""
    try:
        kind, demand_id = read_token(current_app.config["SECRET_KEY"], purpose, token)
    except TokenInvalid:
        return None
    return session.get(Demand, demand_id) if kind == "demand" else None


def unsubscribe(session: Session, demand: Demand) -> None:
    """No more emails about this demand; the demand itself still counts. Idempotent."""
    demand.notify = False
    session.commit()


def erase(session: Session, demand: Demand) -> None:
    """Erase what identifies the person; the demand still counts. Idempotent."""
    demand.email = None
    demand.email_key = None
    demand.comment = None
    demand.notify = False
    demand.erased_at = demand.erased_at or utcnow()
    session.commit()
