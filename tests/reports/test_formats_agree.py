"""Every format gives the same numbers as an independent count of the raw rows."""

import csv
import io
import json

import openpyxl
import pypdf
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import ReportSnapshot
from pilotes.reports.payload import build_payload
from tests.pages import get_page
from tests.reports.conftest import HIDDEN_DEMANDS, HIDDEN_SPLIT, independent_count
from tests.team.helpers import make_member, sign_in


def expected(service) -> dict[str, tuple[object, object]]:
    """{département: (demands, confirmed)} as published: the count, or its French label."""
    counts = independent_count(service)
    shown = {}
    for code, (demands, confirmed) in counts.items():
        hidden = HIDDEN_DEMANDS.get(code)
        split = hidden or HIDDEN_SPLIT.get(code)
        label = {"small": "moins de 5", "secondary": "masqué"}
        shown[code] = (label[hidden] if hidden else demands, label[split] if split else confirmed)
    return shown


def parse(text: str):
    """A cell read back from a file: a count, or the label of a hidden one."""
    text = text.replace("\u202f", "")
    return int(text) if text.isdigit() else text


def test_payload_matches_the_raw_rows(known_service):
    payload = build_payload(db.session, known_service, "departement")
    rows = {t["code"]: t for t in payload["territories"] if t["demands"] or t["suppressed"]}
    assert {
        code: t["suppressed"].get("demands")
        for code, t in rows.items()
        if "demands" in t["suppressed"]
    } == HIDDEN_DEMANDS
    for code, (demands, confirmed) in independent_count(known_service).items():
        assert rows[code]["demands"] == (None if code in HIDDEN_DEMANDS else demands)
        hidden = code in HIDDEN_DEMANDS or code in HIDDEN_SPLIT
        assert rows[code]["confirmed"] == (None if hidden else confirmed)
    assert payload["totals"]["demands"] == 72 and payload["totals"]["confirmed"] == 39
    assert payload["demand_without_partner"][:1] == ["974"]  # 35 has an engaged partner


def test_page_api_csv_xlsx_json_and_pdf_agree(client, known_service):
    want = expected(known_service)

    page = get_page(client, "/services/connu/stats")
    got = {}
    for row in page.select("#stats tbody tr"):
        cells = [td.get_text(strip=True) for td in row.find_all("td")]
        if parse(cells[2]) != 0:
            got[cells[0]] = (parse(cells[2]), parse(cells[3]))
    assert got == want

    api = client.get("/api/v1/services/connu/stats?level=departement").get_json()
    label = {"small": "moins de 5", "secondary": "masqué"}
    got = {
        t["code"]: (
            t["demands"] if t["demands"] is not None else label[t["suppressed"]["demands"]],
            t["confirmed"] if t["confirmed"] is not None else label[t["suppressed"]["confirmed"]],
        )
        for t in api["territories"]
        if t["demands"] or t["suppressed"]
    }
    assert got == want

    make_member(known_service, "viewer@equipe.fr", "viewer")
    sign_in(client, "viewer@equipe.fr")
    base = "/equipe/services/connu/rapports"
    for fmt, delimiter in (("csv", ";"), ("csv-virgule", ",")):
        text = client.get(f"{base}/{fmt}?niveau=departement").get_data(as_text=True)
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))
        got = {
            r["Code"]: (parse(r["Demandes"]), parse(r["Demandes confirmées"]))
            for r in rows
            if r["Demandes"] != "0"
        }
        assert got == want, fmt

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/xlsx").data))
    assert workbook.sheetnames == [
        "Régions",
        "Départements",
        "Communes",
        "Par semaine",
        "Méthodologie",
    ]
    sheet = list(workbook["Départements"].iter_rows(values_only=True))
    header = sheet[0]
    got = {
        r[0]: (r[header.index("Demandes")], r[header.index("Demandes confirmées")])
        for r in sheet[1:]
        if r[header.index("Demandes")] not in (0, None)
    }
    assert got == want

    downloaded = json.loads(client.get(f"{base}/json?niveau=departement").data)
    downloaded.pop("generated_at"), api.pop("generated_at")
    assert downloaded == api

    pdf = pypdf.PdfReader(io.BytesIO(client.get(f"{base}/pdf").data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Service connu" in text and "72" in text and "39" in text
    for code in ("35", "69", "974"):  # the top territories per inhabitant, with their counts
        assert f"({code})" in text
        assert str(want[code][0]) in text
    frozen = db.session.scalar(select(ReportSnapshot))
    assert f"/services/connu/rapports/{frozen.reference}" in text.replace("\n", "")
    snapshot = get_page(client, f"/services/connu/rapports/{frozen.reference}")
    assert "Demandes : 72" in snapshot.find(id="key-figures").get_text(" ", strip=True)


def test_csv_cells_are_neutralised(client, known_service):
    known_service.name = "=cmd|' /C calc'!A0"
    db.session.commit()
    from pilotes.reports.formats import csv_stream, table

    payload = build_payload(db.session, known_service, "departement")
    payload["territories"][0]["name"] = '=HYPERLINK("http://x")'
    assert table(payload).rows[0][1].startswith("=")  # as typed…
    text = "".join(csv_stream(payload))
    assert '\'=HYPERLINK(""http://x"")' in text  # …but neutralised in the file


def test_the_cli_writes_every_format(runner, known_service, tmp_path):
    for fmt in ("csv", "csv-virgule", "xlsx", "json", "pdf"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(
            args=[
                "pilotes",
                "report",
                "connu",
                "--format",
                fmt,
                "--level",
                "region",
                "-o",
                str(out),
            ]
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 100
    assert pypdf.PdfReader(tmp_path / "r.pdf").pages
