"""Demands: a person says "I want this service where I live", and may confirm by email."""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from pilotes.domain import goals
from pilotes.domain.abuse import (
    Signals,
    email_domain,
    flag_reason,
    network_prefix,
)
from pilotes.domain.counting import demand_metric, move
from pilotes.domain.form_tokens import spend_form_token
from pilotes.domain.services import PublishedService
from pilotes.domain.signups.core import Filed, SignupKind, file_signup, new_row
from pilotes.domain.signups.kinds import register
from pilotes.models import DEMAND_CONFIRMED, DEMAND_UNCONFIRMED, Demand, Service, utcnow
from pilotes.territories.lookup import Place

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
    signals: Signals = field(default_factory=Signals)


def _count_new(session: Session, demand: Demand) -> None:
    move(session, demand, None, demand_metric(demand))


def _count_confirmed(session: Session, demand: Demand) -> None:
    """Called once the demand is confirmed: it leaves the unconfirmed count (unless it is
    flagged or invalidated, then its counter does not change)."""
    after = demand_metric(demand)
    before = DEMAND_UNCONFIRMED if after == DEMAND_CONFIRMED else after
    move(session, demand, before, after)
    if after == DEMAND_CONFIRMED:
        goals.check_goal(session, demand.service, demand.territory_code(demand.service.level))


def _erase_comment(session: Session, demand: Demand) -> None:
    """What else a demand holds of the person: the comment, and the address's domain."""
    demand.comment = None
    demand.email_domain = None


KIND = register(
    SignupKind(
        name="demand",
        model=Demand,
        confirm_template="demand_confirm",
        confirm_subject="Confirmez votre demande pour {service}",
        on_confirmed=_count_confirmed,
        on_erased=_erase_comment,
    )
)


def file_demand(
    session: Session, service: "Service | PublishedService", request: DemandRequest
) -> Filed:
    """Record a demand, count it, and queue its confirmation email, in one transaction.

    The same person (same normalised email) asking again for the same service does not
    make a second demand; an unconfirmed one gets its confirmation email again. A form
    token spent already raises FormReplayed: one page load files one demand.
    """
    demand = new_row(
        KIND,
        service,
        request.email,
        notify=request.consent,
        profile=request.profile,
        comment=request.comment or None,
        ip_prefix=network_prefix(request.signals.ip),
        email_domain=email_domain(request.email),
    )
    demand.set_place(request.place, request.postal_code)
    # The statements from here on run back to back (on SQLite, under the write lock). The
    # token is spent first: a replay raises before anything is written.
    spend_form_token(session, request.signals.form_nonce)
    reason = flag_reason(session, service, request.signals)
    if reason:
        demand.flagged_at, demand.flag_reason = utcnow(), reason
    return file_signup(
        session,
        KIND,
        demand,
        unique_by=("service_id", "email_key"),
        after_insert=_count_new,
        service=service,
    )
