"""Every level (région, département, commune), in every format, against the raw rows.

Each format is read back into {code: (demands, confirmed)} where a hidden cell is the
reason it is hidden; all formats must agree, every shown count must equal an independent
count of the raw rows at that level, and every small count must be hidden.
"""

import csv
import io
import json
from collections import Counter

import openpyxl
import pytest
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Demand
from pilotes.reports.suppression import PRIMARY, SECONDARY, label
from tests.factories import make_demand
from tests.pages import get_page
from tests.team.helpers import make_member, sign_in

SHEETS = {"region": "Régions", "departement": "Départements", "commune": "Communes"}
COLUMNS = {"region": Demand.region_code, "departement": Demand.departement_code}
# The group each level's cells add up into (a published total): région, département, country.
GROUPS = {"region": None, "departement": Demand.region_code, "commune": Demand.departement_code}


def raw_count(service, level: str) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    """{code: (demands, confirmed)} at ``level`` straight from the raw rows, and
    {code: the group it adds up into}."""
    column = COLUMNS.get(level, Demand.commune_code)
    group = GROUPS[level] if GROUPS[level] is not None else Demand.service_id
    rows = db.session.execute(
        select(column, Demand.confirmed_at, group).where(Demand.service_id == service.id)
    ).all()
    demands = Counter(code for code, _, _ in rows)
    confirmed = Counter(code for code, at, _ in rows if at)
    groups = {code: parent for code, _, parent in rows}
    return {code: (demands[code], confirmed[code]) for code in demands}, groups


def reader(threshold: int):
    """A cell read back from a file: a count, or the reason it is hidden."""
    reasons = {label(reason, threshold): reason for reason in (PRIMARY, SECONDARY)}

    def read(cell):
        if isinstance(cell, int):
            return cell
        text = str(cell).replace("\u202f", "").strip()
        return int(text) if text.isdigit() else reasons[text]

    return read


def published(client, service, level: str) -> dict[str, dict]:
    """{format: {code: (demands, confirmed)}} for every territory with something in it."""
    read = reader(service.suppression_threshold)
    found = {}
    page = get_page(client, f"/services/{service.slug}/stats?niveau={level}")
    rows = [
        [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in page.select("#stats tbody tr")
    ]
    found["page"] = {r[0]: (read(r[2]), read(r[3])) for r in rows}

    api = client.get(f"/api/v1/services/{service.slug}/stats?level={level}").get_json()
    found["api"] = {
        t["code"]: tuple(
            t[m] if t[m] is not None else t["suppressed"][m] for m in ("demands", "confirmed")
        )
        for t in api["territories"]
    }
    base = f"/equipe/services/{service.slug}/rapports"
    for fmt, delimiter in (("csv", ";"), ("csv-virgule", ",")):
        text = client.get(f"{base}/{fmt}?niveau={level}").get_data(as_text=True)
        rows = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter)
        found[fmt] = {
            r["Code"]: (read(r["Demandes"]), read(r["Demandes confirmées"])) for r in rows
        }
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/xlsx?niveau={level}").data))
    sheet = list(book[SHEETS[level]].iter_rows(values_only=True))
    at = {name: sheet[0].index(name) for name in ("Code", "Demandes", "Demandes confirmées")}
    found["xlsx"] = {
        r[at["Code"]]: (read(r[at["Demandes"]]), read(r[at["Demandes confirmées"]]))
        for r in sheet[1:]
    }
    document = json.loads(client.get(f"{base}/json?niveau={level}").data)
    assert document["territories"] == api["territories"]
    return {fmt: {c: v for c, v in cells.items() if v[0] != 0} for fmt, cells in found.items()}


@pytest.mark.parametrize("level", ["region", "departement", "commune"])
def test_every_format_at_every_level_matches_the_raw_rows(client, known_service, level):
    make_member(known_service, "viewer@equipe.fr", "viewer")
    sign_in(client, "viewer@equipe.fr")
    for _ in range(2):
        make_demand(known_service, "20000")  # a small région, alone in its group: the country
        make_demand(known_service, "35400")  # a small commune next to a large one (Rennes)
    threshold = known_service.suppression_threshold
    raw, groups = raw_count(known_service, level)
    formats = published(client, known_service, level)
    api = formats["api"]
    for fmt, cells in formats.items():
        assert cells == api, f"{fmt} disagrees with the API at level {level}"
    assert set(api) == set(raw), level
    for code, (demands, confirmed) in raw.items():
        shown_demands, shown_confirmed = api[code]
        assert shown_demands in (demands, PRIMARY, SECONDARY), (level, code)
        assert shown_confirmed in (confirmed, PRIMARY, SECONDARY), (level, code)
        assert (shown_demands == PRIMARY) == (0 < demands < threshold), (level, code)
        if shown_demands in (PRIMARY, SECONDARY):
            assert shown_confirmed in (PRIMARY, SECONDARY), (level, code)
        if 0 < confirmed < threshold or 0 < demands - confirmed < threshold:
            assert shown_confirmed in (PRIMARY, SECONDARY), (level, code)
    # A cell hidden alone in a group would come back by subtraction from the group's total.
    for group in set(groups.values()):
        cells = [api[code][0] for code in raw if groups[code] == group]
        hidden = sum(1 for d in cells if d in (PRIMARY, SECONDARY))
        assert hidden != 1 or all(not isinstance(d, int) for d in cells), (level, group)
    shown = [d for d, _ in api.values() if isinstance(d, int)]
    assert shown, f"nothing shown at level {level}: the check would be empty"
