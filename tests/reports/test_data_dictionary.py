"""Every column of every export is described by a Table Schema, checked with frictionless
against real files: public CSV (both kinds), XLSX sheets, JSON, personal-data CSVs."""

import io

import openpyxl
import pytest
from frictionless import Resource, Schema, formats

from pilotes.domain.abuse import Signals
from pilotes.infra.extensions import db
from tests.domain.test_panel import panel_volunteer
from tests.factories import add_partner, add_volunteer, make_demand, make_round


def schema(client_request, name: str) -> Schema:
    descriptor = client_request.response("api.data_schema", name=name).get_json()
    assert Schema.validate_descriptor(descriptor).valid
    return Schema.from_descriptor(descriptor)


def errors_in_csv(tmp_path, text: str, delimiter: str, described: Schema) -> list:
    (tmp_path / "export.csv").write_text(text, encoding="utf-8")
    resource = Resource(
        path="export.csv",
        basepath=str(tmp_path),
        schema=described,
        control=formats.CsvControl(delimiter=delimiter),
        encoding="utf-8-sig",
    )
    return resource.validate().flatten(["rowNumber", "fieldName", "type", "note"])


def errors_in_rows(rows: list[list], described: Schema) -> list:
    resource = Resource(data=rows, schema=described)
    return resource.validate().flatten(["rowNumber", "fieldName", "type", "note"])


def report(client_request, fmt: str, **query):
    """A report of the known service, as its owner downloads it."""
    return client_request.response("team.report_download", slug="connu", fmt=fmt, **query)


@pytest.fixture
def owner(client_request, known_service):
    client_request.sign_in_as("owner", known_service)
    return known_service


def test_the_dictionary_lists_every_export_and_every_schema_is_valid(client_request):
    listed = client_request.response("api.data_schemas").get_json()["schemas"]
    names = {item["name"] for item in listed}
    assert names == {
        "territoires",
        "territoires-xlsx",
        "semaines",
        "territoires-json",
        "demandes",
        "volontaires",
        "partenaires",
        "jours",
        "campagne",
    }
    for name in names:
        described = schema(client_request, name)
        assert all(f.description for f in described.fields), name
    client_request.response("api.data_schema", _status=404, name="inconnu")
    assert "/api/v1/schemas" in client_request.response("api.openapi").get_data(as_text=True)


def test_dictionary_links_ignore_a_forged_host(client_request, app):
    """The list is publicly cacheable: a forged Host must not reach the links a cache keeps."""
    listed = client_request.response(
        "api.data_schemas", _headers={"Host": "piege.example", "X-Forwarded-Host": "piege.example"}
    ).get_json()["schemas"]
    base = app.config["BASE_URL"] + "/api/v1/schemas/"
    assert all(item["url"] == f"{base}{item['name']}.json" for item in listed)


@pytest.mark.parametrize("level", ["region", "departement", "commune"])
def test_public_csv_files_follow_their_schema(client_request, owner, tmp_path, level):
    described = schema(client_request, "territoires")
    for fmt, delimiter in (("csv", ";"), ("csv-virgule", ",")):
        text = report(client_request, fmt, niveau=level).get_data(as_text=True)
        assert errors_in_csv(tmp_path, text, delimiter, described) == [], fmt


def _text(value) -> str:
    """A cell as a CSV would hold it: a real date as its day."""
    return value.date().isoformat() if hasattr(value, "date") else str(value)


def sheet_as_text(sheet) -> list[list]:
    """A sheet's cells as their CSV text: a count column holds numbers and labels alike."""
    return [
        ["" if v is None else v if isinstance(v, str) else _text(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def test_xlsx_sheets_and_json_follow_their_schemas(client_request, owner):
    workbook = openpyxl.load_workbook(io.BytesIO(report(client_request, "xlsx").data))
    territories = schema(client_request, "territoires-xlsx")
    weeks = schema(client_request, "semaines")
    for sheet in ("Régions", "Départements", "Communes"):
        assert errors_in_rows(sheet_as_text(workbook[sheet]), territories) == [], sheet
    rows = sheet_as_text(workbook["Par semaine"])
    assert len(rows) > 1 and errors_in_rows(rows, weeks) == []
    payload = report(client_request, "json", niveau="departement").get_json()
    described = schema(client_request, "territoires-json")
    keys = [f.name for f in described.fields]
    assert set(keys) == set(payload["territories"][0])
    rows = [keys, *([t[k] for k in keys] for t in payload["territories"])]
    assert errors_in_rows(rows, described) == []


def test_personal_data_csvs_follow_their_schemas(client_request, owner, tmp_path):
    make_demand(owner, "69001", email="robot@exemple.fr", signals=Signals(honeypot="x"))
    add_volunteer(owner, "v@exemple.fr", availability="le soir")
    add_volunteer(owner, "w@exemple.fr", confirmed=False)
    add_partner(owner, "MDPH 13", "p13@exemple.fr", ("13", "84"), siret="12345678901234")
    db.session.commit()
    for kind in ("demandes", "volontaires", "partenaires"):
        text = client_request.response_from_url(f"/equipe/services/connu/{kind}.csv").get_data(
            as_text=True
        )
        assert errors_in_csv(tmp_path, text, ";", schema(client_request, kind)) == [], kind
    panel_volunteer(owner, "panel@exemple.fr", needs=("vision",), helped="often")
    pilot_round = make_round(owner, quotas=(("vision", 2), ("helped", 1, "35")))
    text = client_request.response_from_url(
        f"/equipe/services/connu/campagnes/{pilot_round.id}.csv"
    )
    assert "panel@exemple.fr" in text.get_data(as_text=True)
    campaign = schema(client_request, "campagne")
    assert errors_in_csv(tmp_path, text.get_data(as_text=True), ";", campaign) == []


def test_validation_bites_on_a_column_the_schema_does_not_know(client_request, owner, tmp_path):
    text = report(client_request, "csv", niveau="departement").get_data(as_text=True)
    first, rest = text.split("\r\n", 1)
    changed = first.replace("Objectif", "Objectif du service") + "\r\n" + rest
    errors = errors_in_csv(tmp_path, changed, ";", schema(client_request, "territoires"))
    assert any(error[2] == "incorrect-label" for error in errors)


def test_the_dictionary_is_linked_from_the_stats_page(client_request, known_service):
    page = client_request.get("public.service_stats", slug="connu")
    assert page.find("a", href=lambda h: h and h.endswith("/api/v1/schemas")) is not None
