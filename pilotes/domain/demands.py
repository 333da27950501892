"""Demands: a person says "I want this service where I live", and may confirm by email."""

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import exists, func, null, select
from sqlalchemy.orm import Session

from pilotes.domain import goals, privacy
from pilotes.domain.abuse import (
    Signals,
    email_domain,
    flag_reason,
    network_prefix,
)
from pilotes.domain.counting import (
    COUNTER_TABLES,
    CountedPlace,
    adding_to_counters,
    counter_rows,
    demand_metric,
    move,
)
from pilotes.domain.form_tokens import (
    FormReplayed,
    spend_form_token,
    spend_parameters,
    spend_statement,
)
from pilotes.domain.services import PublishedService
from pilotes.domain.signups.core import (
    Filed,
    SignupKind,
    confirmation_row,
    file_signup,
    inserted,
    new_row,
    row_values,
    signed_up_again,
)
from pilotes.domain.signups.kinds import register
from pilotes.infra.driver import run_on_driver
from pilotes.infra.sql import insert_from_parameters, parameters, with_defaults
from pilotes.models import (
    DEMAND_CONFIRMED,
    DEMAND_UNCONFIRMED,
    Demand,
    OutboxMessage,
    Service,
    utcnow,
)
from pilotes.territories.lookup import Place

COMMENT_MAX_LENGTH = 500


@dataclass(frozen=True)
class DemandRequest:
    """What the form collected, already checked for syntax."""

    place: Place
    postal_code: str
    email: str | None = None
    consent: bool = False
    consent_version: str | None = None  # of the text the form showed (privacy.CONSENT_TEXTS)
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
        consent_version=privacy.demand_consent_version(service, request.consent_version),
        profile=request.profile,
        comment=request.comment or None,
        ip_prefix=network_prefix(request.signals.ip),
        email_domain=email_domain(request.email),
    )
    demand.set_place(request.place, request.postal_code)
    if session.get_bind().dialect.name == "postgresql":
        return _file_in_one_statement(session, service, demand, request.signals)
    # The statements from here on run back to back (on SQLite, under the write lock). The
    # token is spent first: a replay raises before anything is written.
    spend_form_token(session, request.signals.form_nonce)
    _flag(session, service, demand, request.signals)
    return file_signup(
        session, KIND, demand, unique_by=UNIQUE_BY, after_insert=_count_new, service=service
    )


UNIQUE_BY = ("service_id", "email_key")


def _flag(session: Session, service, demand: Demand, signals: Signals) -> None:
    reason = flag_reason(session, service, signals)
    if reason:
        demand.flagged_at, demand.flag_reason = utcnow(), reason


def _file_in_one_statement(session: Session, service, demand: Demand, signals: Signals) -> Filed:
    """On PostgreSQL, what ``file_signup`` does in five statements (the token spent, the
    demand, its three counters, its confirmation email) in one: writing CTEs, each insert
    made only if the one before wrote its row, in the caller's transaction as before."""
    _flag(session, service, demand, signals)
    if demand.email:
        demand.confirmation_sent_at = utcnow()  # as file_signup writes it
    values = row_values(demand)
    metric = demand_metric(demand)
    deltas = {metric: 1} if metric else {}
    counters = counter_rows(demand.service_id, CountedPlace.of(demand), deltas)
    email = []
    if demand.email:
        email = [with_defaults(OutboxMessage.__table__, confirmation_row(KIND, demand, service))]
    statement = _filing_statement(
        tuple(values),
        tuple((table.name, tuple(rows[0]), len(rows)) for table, rows in counters),
        tuple(email[0]) if email else None,
        with_token=signals.form_nonce is not None,
    )
    arguments = parameters("demand", [values]) | parameters("email", email)
    for table, rows in counters:
        arguments |= parameters(table.name, rows)
    if signals.form_nonce is not None:
        arguments |= spend_parameters(signals.form_nonce)
    spent, new_id = run_on_driver(session, statement, arguments)
    if signals.form_nonce is not None and spent is None:
        raise FormReplayed  # and nothing was written
    if new_id is None:
        return signed_up_again(session, KIND, demand, UNIQUE_BY)
    inserted(session, demand, new_id)
    return Filed(demand, created=True)


@lru_cache
def _filing_statement(columns, counters, email_columns, with_token: bool):
    """The statement of ``_file_in_one_statement``, built once for each shape of demand;
    it answers (the token spent or None, the new demand's id or None)."""
    demands = Demand.__table__
    spent = guard = None
    if with_token:
        token = spend_statement("postgresql").cte("spent_token")
        spent = select(token.c.nonce).scalar_subquery()
        guard = exists(select(token.c.nonce))
    new = (
        insert_from_parameters(demands, columns, 1, "demand", where=guard)
        .on_conflict_do_nothing(index_elements=UNIQUE_BY)
        .returning(demands.c.id)
        .cte("new_demand")
    )
    writes = [
        adding_to_counters(
            insert_from_parameters(COUNTER_TABLES[name], keys, count, name, source=new)
        ).cte(f"counted_{name}")
        for name, keys, count in counters
    ]
    if email_columns:
        link = func.json_build_array(KIND.name, new.c.id, type_=OutboxMessage.signup.type)
        email = insert_from_parameters(
            OutboxMessage.__table__,
            email_columns,
            1,
            "email",
            source=new,
            expressions={"signup": link},
        )
        writes.append(email.cte("confirmation_email"))
    answer = select(spent if with_token else null(), select(new.c.id).scalar_subquery())
    return answer.add_cte(*writes)
