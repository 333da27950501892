"""Exports of personal data for the team, as CSV; each one is written in the audit log."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.domain import audit
from pilotes.domain.export_fields import header
from pilotes.infra.csv_files import Export, safe_cell
from pilotes.infra.french import minute_iso
from pilotes.models import (
    ORGANISATION_TYPES,
    PARTNER_STATUSES,
    PROFILES,
    VOLUNTEER_STATUSES,
    WAYS,
    Demand,
    Mediator,
    Partner,
    Service,
    User,
    Volunteer,
)


def _volunteer_rows(session: Session, service_id: int) -> Iterator[list]:
    query = select(Volunteer).where(Volunteer.service_id == service_id).order_by(Volunteer.id)
    for v in session.scalars(query.execution_options(yield_per=1000)):
        # An erased person: the row keeps their commune for the counters, the team no more
        # than the département (as on their page).
        erased = v.erased_at is not None
        yield [
            v.id,
            v.email,
            None if erased else v.postal_code,
            None if erased else v.commune_code,
            v.departement_code,
            ", ".join(WAYS.get(w, w) for w in v.ways or []),
            v.availability,
            VOLUNTEER_STATUSES.get(v.status, v.status),
            minute_iso(v.confirmed_at),
            minute_iso(v.created_at),
            minute_iso(v.withdrawn_at),
        ]


def _partner_rows(session: Session, service_id: int) -> Iterator[list]:
    query = select(Partner).where(Partner.service_id == service_id).order_by(Partner.id)
    for p in session.scalars(query):
        yield [
            p.id,
            p.organisation_name,
            ORGANISATION_TYPES.get(p.organisation_type),
            p.siret,
            " ".join(t.code for t in p.territories),
            p.contact_name,
            p.contact_role,
            p.email,
            p.phone,
            p.offer,
            p.capacity,
            PARTNER_STATUSES.get(p.status, p.status),
            minute_iso(p.confirmed_at),
            minute_iso(p.created_at),
        ]


FORGOTTEN_MEDIATOR = "(médiateur oublié après la durée de conservation)"


def _demand_rows(session: Session, service_id: int) -> Iterator[list]:
    """Plain rows, not ORM objects: a national surge is a million of them."""
    query = (
        select(
            Demand.id,
            Demand.email,
            Demand.postal_code,
            Demand.commune_code,
            Demand.departement_code,
            Demand.profile,
            Demand.comment,
            Demand.confirmed_at,
            Demand.created_at,
            Demand.flag_reason,
            Demand.invalidated_at,
            Demand.accompanied,
            Mediator.organisation,
        )
        .outerjoin(Mediator, Mediator.id == Demand.mediator_id)
        .where(Demand.service_id == service_id)
        .order_by(Demand.id)
    )
    # Core, streamed: the rows come from the database a few thousand at a time.
    # Streaming for this statement only: Connection.execution_options would switch the
    # session's connection for good, and PostgreSQL then refuses the next INSERT (a cursor).
    result = session.connection().execute(query.execution_options(stream_results=True))
    for row in result.yield_per(5000):
        # Only the two columns people typed can start like a formula; the rest are codes.
        yield [
            row[0],
            safe_cell(row[1]),
            row[2],
            row[3],
            row[4],
            PROFILES.get(row[5], ""),
            safe_cell(row[6]),
            minute_iso(row[7]),
            minute_iso(row[8]),
            row[9] or "",
            minute_iso(row[10]),
            (safe_cell(row[12]) or FORGOTTEN_MEDIATOR) if row[11] else "",
        ]


@dataclass(frozen=True)
class Kind:
    model: type
    header: list[str]
    rows: Callable[[Session, int], Iterator[list]]
    neutralised: bool = False  # the rows function already made every cell safe


KINDS = {
    "volontaires": Kind(
        Volunteer,
        header("volontaires"),
        _volunteer_rows,
    ),
    "partenaires": Kind(
        Partner,
        header("partenaires"),
        _partner_rows,
    ),
    "demandes": Kind(
        Demand,
        header("demandes"),
        _demand_rows,
        neutralised=True,
    ),
}


def personal_data_csv(session: Session, service: Service, kind: str, user: User) -> Export:
    """A personal-data export, streamed, after writing its audit entry (with the number of
    rows), in the caller's transaction, committed before the first row is streamed.

    The rows are read once the response is under way, after the request's session is gone
    (Flask pushes ``stream_with_context``'s contexts again only then): they are given the
    service's id, never an ORM object of that session."""
    spec = KINDS[kind]
    count = session.scalar(
        select(func.count()).select_from(spec.model).where(spec.model.service_id == service.id)
    )
    audit.record(session, service, user, f"export_{kind}", rows=count, format="csv")
    return Export(spec.header, spec.rows(session, service.id), spec.neutralised)
