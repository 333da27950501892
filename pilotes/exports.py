"""Exports of personal data for the team, as CSV; each one is written in the audit log.

CSV cells that a spreadsheet would run as formulas (starting with = + - @, tab or CR)
are neutralised with a leading apostrophe.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from flask import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes import audit
from pilotes.models import (
    ORGANISATION_TYPES,
    PARTNER_STATUSES,
    VOLUNTEER_STATUSES,
    WAYS,
    Partner,
    Service,
    User,
    Volunteer,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _date(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


COLUMNS = {
    "volontaires": (
        Volunteer,
        [
            "id",
            "adresse électronique",
            "code postal",
            "commune",
            "département",
            "participation",
            "disponibilités",
            "statut",
            "confirmé le",
            "inscrit le",
            "retiré le",
        ],
        lambda v: [
            v.id,
            v.email,
            v.postal_code,
            v.commune_code,
            v.departement_code,
            ", ".join(WAYS.get(w, w) for w in v.ways or []),
            v.availability,
            VOLUNTEER_STATUSES.get(v.status, v.status),
            _date(v.confirmed_at),
            _date(v.created_at),
            _date(v.withdrawn_at),
        ],
    ),
    "partenaires": (
        Partner,
        [
            "id",
            "organisation",
            "type",
            "SIRET",
            "territoires",
            "contact",
            "fonction",
            "adresse électronique",
            "téléphone",
            "offre",
            "capacité",
            "statut",
            "confirmé le",
            "inscrit le",
        ],
        lambda p: [
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
            _date(p.confirmed_at),
            _date(p.created_at),
        ],
    ),
}


@dataclass(frozen=True)
class Export:
    header: list[str]
    rows: list[list]


def personal_data_csv(session: Session, service: Service, kind: str, user: User) -> Export:
    """The rows of a personal-data export, after writing its audit entry; commits."""
    model, header, to_row = COLUMNS[kind]
    rows = [
        to_row(row)
        for row in session.scalars(
            select(model).where(model.service_id == service.id).order_by(model.id)
        )
    ]
    audit.record(session, service, user, f"export_{kind}", rows=len(rows), format="csv")
    session.commit()
    return Export(header, rows)


def csv_lines(export: Export, delimiter: str = ";", bom: bool = True) -> Iterator[str]:
    """UTF-8 CSV, streamed line by line; by default with BOM and ';' for French spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        yield "\ufeff"
    for row in [export.header, *export.rows]:
        writer.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_response(export: Export, filename: str) -> Response:
    return Response(
        csv_lines(export),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
