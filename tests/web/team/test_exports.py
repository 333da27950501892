"""Personal-data exports: CSV for French spreadsheets, each one in the audit log."""

import csv
import io

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import AuditEntry
from tests.factories import add_partner, add_volunteer, make_service
from tests.pages import get_page
from tests.web.team.helpers import make_member, sign_in


def seed(service):
    for n in range(3):
        add_volunteer(service, f"v{n}@exemple.fr", availability='=HYPERLINK("x")')
    add_partner(service, "+MDPH; 35", confirmed_at=None)


def test_every_export_leaves_an_audit_row_owners_can_read(client):
    service = make_service()
    seed(service)
    make_member(service, "owner@equipe.fr", "owner")
    sign_in(client, "owner@equipe.fr")
    for kind, count in (("volontaires", 3), ("partenaires", 1)):
        response = client.get(f"/equipe/services/{service.slug}/{kind}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        text = response.get_data(as_text=True)
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
        assert len(rows) == count + 1
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.rows) for e in entries] == [
        ("owner@equipe.fr", "export_volontaires", 3),
        ("owner@equipe.fr", "export_partenaires", 1),
    ]
    journal = get_page(client, f"/equipe/services/{service.slug}/journal")
    assert len(journal.select("#audit tbody tr")) == 2


def test_spreadsheet_formulas_are_neutralised(client):
    service = make_service()
    seed(service)
    make_member(service, "editor@equipe.fr", "editor")
    sign_in(client, "editor@equipe.fr")
    text = client.get(f"/equipe/services/{service.slug}/volontaires.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][6] == '\'=HYPERLINK("x")'
    text = client.get(f"/equipe/services/{service.slug}/partenaires.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][1] == "'+MDPH; 35"


def test_an_editor_cannot_read_the_audit_log_nor_a_viewer_export(client, app):
    service = make_service()
    seed(service)
    make_member(service, "viewer@equipe.fr", "viewer")
    sign_in(client, "viewer@equipe.fr")
    assert client.get(f"/equipe/services/{service.slug}/volontaires.csv").status_code == 403
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_the_demands_export_is_streamed_and_audited(client):
    from tests.factories import make_demand

    service = make_service()
    for n in range(1203):  # more than one streamed chunk
        make_demand(
            service,
            "35000",
            email=f"d{n}@exemple.fr" if n % 2 else None,
            comment="=1+1" if n == 0 else None,
        )
    make_member(service, "editor@equipe.fr", "editor")
    sign_in(client, "editor@equipe.fr")
    response = client.get(f"/equipe/services/{service.slug}/demandes.csv")
    assert response.is_streamed
    rows = list(
        csv.reader(
            io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff")), delimiter=";"
        )
    )
    assert len(rows) == 1204 and len({r[0] for r in rows[1:]}) == 1203
    assert rows[1][6] == "'=1+1"
    (entry,) = db.session.scalars(select(AuditEntry)).all()
    assert (entry.action, entry.rows) == ("export_demandes", 1203)
