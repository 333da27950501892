"""Load régions, départements, communes and postal codes from @etalab/decoupage-administratif.

The load is a diff against what the database holds, so running it twice changes nothing
and a yearly update of the package touches only what changed.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table, delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from pilotes.models.territory import Commune, Departement, PostalCode, Region

PACKAGE = "@etalab/decoupage-administratif"


class TerritoryDataMissing(RuntimeError):
    pass


@dataclass
class TableChanges:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.deleted


@dataclass
class LoadReport:
    tables: dict[str, TableChanges] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(change.total for change in self.tables.values())

    def lines(self) -> list[str]:
        return [
            f"{name}: {c.inserted} ajoutés, {c.updated} modifiés, {c.deleted} supprimés"
            for name, c in self.tables.items()
        ]


@dataclass
class TerritoryRows:
    """The reference data as rows ready for the tables, keyed by primary key."""

    regions: dict[tuple, dict]
    departements: dict[tuple, dict]
    communes: dict[tuple, dict]
    postal_codes: dict[tuple, dict]


def data_dir(node_modules: str | Path) -> Path:
    path = Path(node_modules) / PACKAGE / "data"
    if not (path / "communes.json").is_file():
        raise TerritoryDataMissing(
            f"{path / 'communes.json'} is missing: run `npm ci` (or `make install`) first."
        )
    return path


def read_rows(path: Path) -> TerritoryRows:
    def read(name: str) -> list[dict]:
        return json.loads((path / f"{name}.json").read_text(encoding="utf-8"))

    all_communes = read("communes")
    communes = {}
    for item in all_communes:
        if item["type"] == "commune-actuelle":
            parent = None
        elif item["type"] == "arrondissement-municipal":
            parent = item["commune"]
        else:  # communes déléguées and associées are not territories of their own
            continue
        communes[(item["code"],)] = {
            "code": item["code"],
            "name": item["nom"],
            "departement_code": item["departement"],
            "region_code": item["region"],
            "parent_code": parent,
            "population": item.get("population") or 0,
        }

    # Paris, Lyon and Marseille list every postal code of their arrondissements too:
    # a code is linked to the arrondissement alone, which is what the person lives in.
    arrondissement_codes: dict[str, set[str]] = defaultdict(set)
    for item in all_communes:
        if item["type"] == "arrondissement-municipal":
            arrondissement_codes[item["commune"]].update(item.get("codesPostaux", []))
    postal_codes = {}
    for item in all_communes:
        if (item["code"],) not in communes:
            continue
        for postal_code in item.get("codesPostaux", []):
            if postal_code in arrondissement_codes.get(item["code"], ()):
                continue
            key = (postal_code, item["code"])
            postal_codes[key] = {"code": postal_code, "commune_code": item["code"]}

    departement_population: dict[str, int] = defaultdict(int)
    region_population: dict[str, int] = defaultdict(int)
    for row in communes.values():
        if row["parent_code"] is None:  # an arrondissement's people are in its parent
            departement_population[row["departement_code"]] += row["population"]
            region_population[row["region_code"]] += row["population"]

    regions = {
        (item["code"],): {
            "code": item["code"],
            "name": item["nom"],
            "zone": item["zone"],
            "population": region_population[item["code"]],
        }
        for item in read("regions")
    }
    departements = {
        (item["code"],): {
            "code": item["code"],
            "name": item["nom"],
            "region_code": item["region"],
            "zone": item["zone"],
            "population": departement_population[item["code"]],
        }
        for item in read("departements")
    }
    return TerritoryRows(regions, departements, communes, postal_codes)


def _existing(session: Session, table: Table) -> dict[tuple, dict]:
    pk = [column.name for column in table.primary_key.columns]
    rows = session.execute(select(table)).mappings()
    return {tuple(row[name] for name in pk): dict(row) for row in rows}


def _upsert(session: Session, table: Table, wanted: dict[tuple, dict]) -> TableChanges:
    existing = _existing(session, table)
    new = [row for key, row in wanted.items() if key not in existing]
    changed = [row for key, row in wanted.items() if key in existing and existing[key] != row]
    if new:
        session.execute(insert(table), new)
    if changed:
        pk = [column.name for column in table.primary_key.columns]
        for row in changed:
            values = {k: v for k, v in row.items() if k not in pk}
            condition = [table.c[name] == row[name] for name in pk]
            session.execute(update(table).where(*condition).values(**values))
    return TableChanges(inserted=len(new), updated=len(changed))


def _delete_stale(session: Session, table: Table, wanted: dict[tuple, dict]) -> int:
    stale = [key for key in _existing(session, table) if key not in wanted]
    pk = [column for column in table.primary_key.columns]
    for start in range(0, len(stale), 500):
        chunk = stale[start : start + 500]
        session.execute(delete(table).where(tuple_(*pk).in_(chunk)))
    return len(stale)


def load(session: Session, rows: TerritoryRows) -> LoadReport:
    """Bring the territory tables to ``rows``, in dependency order, without committing."""
    plan: list[tuple[str, Table, dict]] = [
        ("régions", Region.__table__, rows.regions),
        ("départements", Departement.__table__, rows.departements),
        ("communes", Commune.__table__, rows.communes),
        ("codes postaux", PostalCode.__table__, rows.postal_codes),
    ]
    report = LoadReport()
    for name, table, wanted in plan:
        report.tables[name] = _upsert(session, table, wanted)
    for name, table, wanted in reversed(plan):
        report.tables[name].deleted = _delete_stale(session, table, wanted)
    return report
