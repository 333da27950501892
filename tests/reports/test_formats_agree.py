"""Every figure the demo publishes equals an independent count of the raw rows (rounded with
the service's offsets, hidden where the method says), at every level and in every format."""

import csv
import functools
import io
import json
import re

import openpyxl
import pypdf
import pytest
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import ReportSnapshot, Service
from pilotes.reports.edition import build_payload
from pilotes.reports.payload import service_rule
from pilotes.reports.rates import half_up
from tests.reports.evidence_order import evidence_key
from tests.reports.truth import true_counts

LEVELS = ("region", "departement", "commune")
COLUMNS = ("demands", "confirmed", "accompanied")
TITLES = ("Demandes", "Demandes confirmées", "Demandes accompagnées")
LABELS = {"small": "moins de {bound}", "secondary": "masqué"}


@pytest.fixture
def demo(runner):
    runner.invoke(args=["pilotes", "demo"])
    return db.session.scalar(select(Service))


def expected(service, level: str) -> dict[str, tuple]:
    """{code: (demands, confirmed, accompanied)} as they must read: the rounded true count, or
    the true
    label of a hidden one (checked against the raw rows here)."""
    rule, truth = service_rule(service), true_counts(service)
    api = build_payload(db.session, service, level).as_json()
    shown = {}
    for t in api["territories"]:
        cells = []
        for metric in COLUMNS:
            key = (metric, level, t["code"])
            rounded, status = rule.rounded(key, truth[key]), t["suppressed"].get(metric)
            if status is None:
                assert t[metric] == rounded >= rule.bound > rule.threshold, key
                cells.append(rounded)
                continue
            # « moins de N » exactly where the rounded count is under N; « masqué » only on
            # a count that would have been published.
            assert (status == "small") == (rounded < rule.bound), key
            assert t[metric] is None
            cells.append(LABELS[status].format(bound=rule.bound))
        shown[t["code"]] = tuple(cells)
    # Every territory with a count is listed, but a commune only when one count of it is
    # published: listing the others would say they are not zero.
    assert {
        key[2]
        for key, n in truth.items()
        if key[1] == level
        and n
        and key[0] in COLUMNS
        and (level != "commune" or rule.rounded(key, n) >= rule.bound)
    } <= set(shown)
    return shown


def parse(text: str):
    """A cell read back from a file: a count, or the label of a hidden one."""
    text = str(text).replace("\u202f", "").replace(" ", " ")
    return int(text) if text.isdigit() else text


def test_every_format_at_every_level_equals_the_raw_rows(client_request, demo):
    want = {level: expected(demo, level) for level in LEVELS}
    api = {
        level: client_request.json("api.service_stats", slug=demo.slug, level=level)
        for level in LEVELS
    }
    # The demo's mediator recorded demands in the Nord: published there, apart and in totals.
    assert {code for code, cells in want["departement"].items() if isinstance(cells[2], int)}
    check_pages_and_api(client_request, demo, want, api)
    client_request.sign_in_as("viewer", demo)
    for level in LEVELS:
        check_csv_and_json(client_request, demo, level, want, api)
    report = functools.partial(client_request.response, "team.report_download", slug=demo.slug)
    check_xlsx(report(fmt="xlsx").data, want, api)
    check_pdf_and_snapshot(client_request, report(fmt="pdf").data, demo, want, api)


def check_pages_and_api(client_request, demo, want: dict, api: dict) -> None:
    rule, truth = service_rule(demo), true_counts(demo)
    label = {"small": f"moins de {rule.bound}", "secondary": "masqué"}
    for level in LEVELS:
        page = client_request.get("public.service_stats", slug=demo.slug, niveau=level)
        got = {
            row["data-code"]: tuple(parse(td.get_text(strip=True)) for td in row("td")[2:5])
            for row in page.select("#stats tbody tr")
        }
        assert got == want[level], level
        if level == "departement":
            check_charts(page, demo, api[level])
            check_charts(client_request.get("public.embed_map", slug=demo.slug), demo, api[level])
        got = {
            t["code"]: tuple(
                t[m] if t[m] is not None else label[t["suppressed"][m]] for m in COLUMNS
            )
            for t in api[level]["territories"]
        }
        assert got == want[level], level
    for metric in ("demands", "confirmed", "unconfirmed", "volunteers", "accompanied"):
        key = (metric, "nation", "FR")
        assert api["region"]["totals"][metric] in (None, rule.rounded(key, truth[key]))
    for week in api["region"]["weekly"]:
        key = ("demands", "week", week["week"])
        assert week["demands"] in (None, rule.rounded(key, truth[key]))


def check_charts(page, demo, api: dict) -> None:
    """The map and the weekly chart of a public page: the rate of the published (rounded)
    count, hatched where hidden; weeks as the raw rows rounded, or the hidden label."""
    rule, truth = service_rule(demo), true_counts(demo)
    label = {"small": f"moins de {rule.bound}", "secondary": "masqué"}
    figures = {t["code"]: t for t in api["territories"]}
    rows = page.select("#map tbody tr")
    assert {r["data-code"] for r in rows} == set(figures)
    for row in rows:
        code, t = row["data-code"], figures[row["data-code"]]
        key = ("demands", "departement", code)
        drawn = page.find(attrs={"data-code": code}, fill=True)["fill"]
        text = row("td")[2].get_text(strip=True)
        if t["suppressed"].get("demands"):
            assert (text, drawn) == ("non publié", "url(#hidden)"), code
            continue
        rate = half_up(rule.rounded(key, truth[key]) * 100_000, t["population"])
        assert float(text.replace("\u202f", "").replace(",", ".")) == rate, code
        assert drawn != "url(#hidden)", code
    for row in page.select("#weeks tbody tr"):
        key = ("demands", "week", row["data-week"])
        week = next(w for w in api["weekly"] if w["week"] == row["data-week"])
        shown = rule.rounded(key, truth[key]) if week["demands"] is not None else None
        want = shown if shown is not None else label[week["suppressed"]]
        assert parse(row("td")[1].get_text(strip=True)) == want, key


def check_csv_and_json(client_request, demo, level: str, want: dict, api: dict) -> None:
    """Both CSV flavours, under distinct names, and the JSON download (the API's figures)."""
    report = {"endpoint": "team.report_download", "slug": demo.slug, "niveau": level}
    for fmt, delimiter in (("csv", ";"), ("csv-virgule", ",")):
        response = client_request.response(**report, fmt=fmt)
        suffix = "-virgule" if fmt == "csv-virgule" else ""
        assert f"{demo.slug}-{level}{suffix}.csv" in response.headers["Content-Disposition"]
        text = response.get_data(as_text=True).removeprefix("\ufeff")
        rows = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        got = {r["Code"]: tuple(parse(r[title]) for title in TITLES) for r in rows}
        assert got == want[level], (fmt, level)
    downloaded = json.loads(client_request.response(**report, fmt="json").data)
    downloaded.pop("generated_at")
    assert downloaded == {k: v for k, v in api[level].items() if k != "generated_at"}


def check_xlsx(data: bytes, want: dict, api: dict) -> None:
    """Numbers as numbers, a status column, frozen header, real dates."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheets = ["Régions", "Départements", "Communes", "Par semaine", "Méthodologie"]
    assert workbook.sheetnames == sheets
    for level, name in zip(LEVELS, sheets, strict=False):
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        got = {}
        for r in rows[1:]:
            cells = []
            for title in TITLES:
                value, status = r[header.index(title)], r[header.index(f"{title} (statut)")]
                assert (value is None) == bool(status)
                cells.append(value if value is not None else status)
            got[r[0]] = tuple(cells)
        assert got == want[level], level
    title = workbook["Méthodologie"]["A1"].value  # read by people: Paris time, in French
    assert re.search(
        r"généré le \d{1,2}(er)? [a-zéû]+ \d{4} à \d\d h \d\d \(heure de Paris\)$", title
    )
    weeks = list(workbook["Par semaine"].iter_rows(values_only=True))[1:]
    assert [w[0].date().isoformat() for w in weeks] == [w["week"] for w in api["region"]["weekly"]]
    assert [w[1] for w in weeks] == [w["demands"] for w in api["region"]["weekly"]]


def check_pdf_and_snapshot(client_request, data: bytes, demo, want: dict, api: dict) -> None:
    pdf = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in pdf.pages).replace("\u202f", "")
    total = api["departement"]["totals"]["demands"]
    assert f"{total}" in text and "/methodologie" in text.replace("\n", "")
    accompanied = api["departement"]["totals"]["accompanied"]
    assert f"dont{accompanied}accompagnées" in text.replace("\n", "").replace(" ", "")
    shown = [t for t in api["departement"]["territories"] if t["per_100k"] is not None]
    base = api["departement"]["rounding_base"]

    def most_evidence(t):
        return evidence_key(t["demands"], t["population"], t["per_100k"], t["code"], base)

    for t in sorted(shown, key=most_evidence)[:5]:
        assert f"({t['code']}) {want['departement'][t['code']][0]}" in text.replace("\n", " ")
    frozen = db.session.scalar(select(ReportSnapshot))
    assert frozen.payload["territories"] == api["departement"]["territories"]
    snapshot = client_request.get(
        "public.report_snapshot", slug=demo.slug, reference=frozen.reference
    )
    title = snapshot.h1.get_text(strip=True)  # a French date, not 2026-11-25
    assert re.fullmatch(r"Rapport de preuve du \d{1,2}(er)? [a-zéû]+ \d{4}", title), title
    assert f"Demandes : {total:,}".replace(",", "\u202f") in snapshot.find(
        id="key-figures"
    ).get_text(" ", strip=True)


def test_csv_cells_are_neutralised(known_service):
    from dataclasses import replace

    from pilotes.reports.formats import csv_stream, table

    payload = build_payload(db.session, known_service, "departement")
    first = replace(payload.territories[0], name='=HYPERLINK("http://x")')
    payload = replace(payload, territories=[first, *payload.territories[1:]])
    assert table(payload).rows[0][1].startswith("=")  # as typed…
    text = "".join(csv_stream(payload))
    assert '\'=HYPERLINK(""http://x"")' in text  # …but neutralised in the file


def test_the_cli_writes_every_format(runner, known_service, tmp_path):
    for fmt in ("csv", "csv-virgule", "xlsx", "json", "pdf"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(
            args=["pilotes", "report", "connu", "--format", fmt, "--level", "region", "-o", out]
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 100
    assert pypdf.PdfReader(tmp_path / "r.pdf").pages
