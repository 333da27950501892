"""Demands: a person says "I want this service where I live", and may confirm by email."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from pilotes import goals
from pilotes.email_address import email_key
from pilotes.models import Demand, Service
from pilotes.reports.counters import DEMAND_CONFIRMED, DEMAND_UNCONFIRMED, CountedPlace, bump
from pilotes.signups import Filed, SignupKind, file_signup
from pilotes.territories.lookup import Place

# The version of the consent text shown with the email field; stored with each demand.
CONSENT_VERSION = "2026-11-v1"
COMMENT_MAX_LENGTH = 500


@dataclass(frozen=True)
class DemandRequest:
    """What the form collected, already checked for syntax."""

    place: Place
    postal_code: str
    email: str | None = None
    consent: bool = False
    profile: str | None = None
    comment: str | None = None


def _count_new(session: Session, demand: Demand) -> None:
    bump(session, demand.service_id, CountedPlace.of(demand), {DEMAND_UNCONFIRMED: 1})


def _count_confirmed(session: Session, demand: Demand) -> None:
    bump(
        session,
        demand.service_id,
        CountedPlace.of(demand),
        {DEMAND_UNCONFIRMED: -1, DEMAND_CONFIRMED: 1},
    )
    goals.check_goal(session, demand.service, demand.territory_code(demand.service.level))


def _erase_comment(session: Session, demand: Demand) -> None:
    demand.comment = None


KIND = SignupKind(
    name="demand",
    model=Demand,
    confirm_template="demand_confirm",
    confirm_subject="Confirmez votre demande pour {service}",
    on_confirmed=_count_confirmed,
    on_erased=_erase_comment,
)


def file_demand(session: Session, service: Service, request: DemandRequest) -> Filed:
    """Record a demand, count it, and queue its confirmation email, in one transaction.

    The same person (same normalised email) asking again for the same service does not
    make a second demand; an unconfirmed one gets its confirmation email again.
    """
    demand = Demand(
        service_id=service.id,
        service=service,
        email=request.email,
        email_key=email_key(current_app.config["SECRET_KEY"], request.email)
        if request.email
        else None,
        notify=bool(request.email and request.consent),
        consent_version=CONSENT_VERSION if request.email else None,
        profile=request.profile,
        comment=request.comment or None,
    )
    demand.set_place(request.place, request.postal_code)
    return file_signup(
        session, KIND, demand, unique_by=("service_id", "email_key"), after_insert=_count_new
    )
