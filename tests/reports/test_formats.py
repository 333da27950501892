"""What the formats say about the published figures, read as a sponsor reads the file."""

import io

import openpyxl

from pilotes.infra.extensions import db
from pilotes.reports.edition import build_payload
from pilotes.reports.formats import xlsx_bytes
from tests.factories import make_service


def test_the_xlsx_method_says_published_figures_may_not_add_up(app):
    service = make_service()
    payload = build_payload(db.session, service, "departement")
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"departement": payload})))
    method = " ".join(row[0] or "" for row in workbook["Méthodologie"].iter_rows(values_only=True))
    assert "demandes = confirmées + non confirmées + accompagnées" in method
    assert "arrondis chacun pour lui-même, peuvent ne pas tomber juste" in method
