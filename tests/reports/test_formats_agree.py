"""Every format gives the same numbers as an independent count of the raw rows."""

import csv
import io
import json
import re

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


KEY_FIGURE = re.compile(r"^(\d[\d\u202f ]*)\n([^\n\d]+)$", re.M)
TOP_ROW = re.compile(r"^(.+) \((\w+)\) (\d+) (\d+|\S+) ([\d,]+) (\d+)$", re.M)


def pdf_figures(text: str):
    """The PDF's key figures {label: count} and its table of top territories, parsed."""
    key = {
        label.strip(): int(re.sub(r"\D", "", number))
        for number, label in KEY_FIGURE.findall(text.split("Chiffres clés", 1)[1])
    }
    table = text.split("Territoire Demandes Confirmées", 1)[1].split("Partenaires et", 1)[0]
    top = [
        (code, int(demands), parse(confirmed), per_100k, int(engaged))
        for _name, code, demands, confirmed, per_100k, engaged in TOP_ROW.findall(table)
    ]
    return key, top


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
    text = "\n".join(page.extract_text() for page in pdf.pages)
    key, top = pdf_figures(text)
    raw = independent_count(known_service)
    assert key["demandes"] == sum(d for d, _ in raw.values()) == 72
    assert key["demandes confirmées par courriel"] == sum(c for _, c in raw.values()) == 39
    by_code = {t["code"]: t for t in api["territories"]}
    shown = [t for t in api["territories"] if t["demands"] and t["per_100k"] is not None]
    ranked = sorted(shown, key=lambda t: (-t["per_100k"], t["code"]))
    assert [code for code, *_ in top] == [t["code"] for t in ranked][: len(top)]
    assert len(top) == min(15, len(ranked)) >= 3
    for code, demands, confirmed, per_100k, engaged in top:
        assert demands == raw[code][0], code
        assert confirmed == (want[code][1] if isinstance(want[code][1], int) else "masqué"), code
        assert float(per_100k.replace(",", ".")) == by_code[code]["per_100k"], code
        assert engaged == by_code[code]["partners_engaged"], code
    frozen = db.session.scalar(select(ReportSnapshot))
    assert re.search(rf"http://pilotes\.test/services/connu/rapports/{frozen.reference}\n", text)
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
