"""Personal-data exports: CSV for French spreadsheets, each one in the audit log."""

from sqlalchemy import select

from pilotes.domain.signups.core import erase
from pilotes.domain.volunteers import KIND
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import AuditEntry
from tests.client_request import csv_rows
from tests.factories import add_partner, add_volunteer, make_demand, make_service

EXPORTS = select(AuditEntry).where(AuditEntry.action.like("export_%")).order_by(AuditEntry.id)


def seed(service):
    for n in range(3):
        add_volunteer(service, f"v{n}@exemple.fr", availability='=HYPERLINK("x")')
    add_partner(service, "+MDPH; 35", confirmed_at=None)


def export(client_request, service, kind: str) -> list[list[str]]:
    return csv_rows(client_request.response("team.pipeline_export", slug=service.slug, kind=kind))


def test_every_export_leaves_an_audit_row_owners_can_read(client_request):
    service = make_service()
    seed(service)
    owner = client_request.sign_in_as("owner", service)
    assert len(export(client_request, service, "volontaires")) == 3 + 1
    assert len(export(client_request, service, "partenaires")) == 1 + 1
    entries = db.session.scalars(EXPORTS).all()
    assert [(e.actor, e.action, e.rows) for e in entries] == [
        (owner.email, "export_volontaires", 3),
        (owner.email, "export_partenaires", 1),
    ]
    journal = client_request.get("team.audit_log", slug=service.slug)
    shown = [row.find_all("td")[2].get_text() for row in journal.select("#audit tbody tr")]
    assert shown[:2] == ["Export des partenaires (CSV)", "Export des volontaires (CSV)"]


def test_spreadsheet_formulas_are_neutralised(client_request):
    service = make_service()
    seed(service)
    client_request.sign_in_as("editor", service)
    assert export(client_request, service, "volontaires")[1][6] == '\'=HYPERLINK("x")'
    assert export(client_request, service, "partenaires")[1][1] == "'+MDPH; 35"


def test_an_editor_cannot_read_the_audit_log_nor_a_viewer_export(client_request):
    service = make_service()
    seed(service)
    client_request.sign_in_as("viewer", service)
    client_request.response(
        "team.pipeline_export", _status=403, slug=service.slug, kind="volontaires"
    )
    assert db.session.scalars(EXPORTS).all() == []
    client_request.sign_in_as("editor", service)
    client_request.get("team.audit_log", _status=403, slug=service.slug)


def test_the_demands_export_is_streamed_and_audited(client_request):
    service = make_service()
    for n in range(1203):  # more than one streamed chunk
        make_demand(
            service,
            "35000",
            email=f"d{n}@exemple.fr" if n % 2 else None,
            comment="=1+1" if n == 0 else None,
        )
    client_request.sign_in_as("editor", service)
    response = client_request.response("team.demands_export", slug=service.slug)
    assert response.is_streamed
    rows = csv_rows(response)
    assert len(rows) == 1204 and len({r[0] for r in rows[1:]}) == 1203
    assert rows[1][6] == "'=1+1"
    (entry,) = db.session.scalars(EXPORTS).all()
    assert (entry.action, entry.rows) == ("export_demandes", 1203)


def test_an_erased_volunteer_is_exported_with_the_departement_only(client_request):
    service = make_service()
    volunteer = add_volunteer(service, "v@exemple.fr", availability="Le mardi")
    with unit_of_work():
        erase(db.session, KIND, db.session.get(type(volunteer), volunteer.id))
    client_request.sign_in_as("editor", service)
    (row,) = export(client_request, service, "volontaires")[1:]
    # Address, postal code, commune, département, ways, availability.
    assert row[1:7] == ["", "", "", "35", "", ""]
