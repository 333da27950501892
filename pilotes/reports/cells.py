"""A service's counts as one linked table: every cell that is published, and the sums
that tie them (the public hierarchy of territories, the weeks, the confirmed split)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.infra import french
from pilotes.models import LEVELS, Commune, Departement, Service
from pilotes.reports import days as daily
from pilotes.reports import engine, totals
from pilotes.reports.disclosure import Equation, Key
from pilotes.reports.published import METRICS

NATION = ("nation", "FR")
# Demands = confirmed + unconfirmed (online) + accompanied (recorded by a mediator).
SPLIT = ("demands", "confirmed", "unconfirmed", "accompanied")
# Per week only demands and confirmed are printed; the rest are in the sums, unprinted.
WEEK_PRINTED = ("demands", "confirmed")


@dataclass(frozen=True)
class LinkedTable:
    rows: dict[str, list[engine.TerritoryRow]]  # level -> rows
    weeks: list[tuple[date, int, int, int]]  # (Monday, confirmed, unconfirmed, accompanied)
    days: list[date]  # every day of those weeks to today: the daily series (reports/days.py)
    counts: dict[Key, int]
    equations: list[Equation]
    unpublished: frozenset[Key]  # weekly unconfirmed, accompanied: in the sums, printed nowhere


def row_counts(row: engine.TerritoryRow) -> dict[str, int]:
    return {
        "demands": row.demands,
        "confirmed": row.confirmed,
        "unconfirmed": row.unconfirmed,
        "volunteers": row.volunteers,
        "accompanied": row.accompanied,
    }


def hierarchy_parents(session: Session, communes: list[str]) -> dict[str, dict[str, str]]:
    """{level: {code: parent code}}: the public map of which territory adds into which."""
    return {
        "region": {},
        "departement": dict(
            session.execute(select(Departement.code, Departement.region_code)).all()
        ),
        "commune": dict(
            session.execute(
                select(Commune.code, Commune.departement_code).where(Commune.code.in_(communes))
            ).all()
        )
        if communes
        else {},
    }


def sum_equations(counts: dict[Key, int], parents: dict[str, dict[str, str]]) -> list[Equation]:
    """Nation = Σ régions, région = Σ départements, département = Σ listed communes."""
    children: dict[Key, list[Key]] = {}
    upper = {"region": "nation", "departement": "region", "commune": "departement"}
    for key in counts:
        metric, table, code = key
        if table not in upper:
            continue
        parent = (
            (metric, *NATION) if table == "region" else (metric, upper[table], parents[table][code])
        )
        if parent in counts:
            children.setdefault(parent, []).append(key)
    return [(total, tuple(parts)) for total, parts in children.items()]


def split_equations(counts: dict[Key, int]) -> list[Equation]:
    """Demands = confirmed + unconfirmed + accompanied, for every territory, the nation and
    every week: an accompanied count is a linked cell like the others."""
    return [
        (key, tuple((metric, key[1], key[2]) for metric in SPLIT[1:]))
        for key in counts
        if key[0] == "demands" and key[1] != "day"  # days: demands only
    ]


def linked_table(session: Session, service: Service) -> LinkedTable:
    rows = {level: engine.territory_rows(session, service, level) for level in LEVELS}
    counts: dict[Key, int] = {}
    for level, level_rows in rows.items():
        for row in level_rows:
            for metric, value in row_counts(row).items():
                counts[(metric, level, row.code)] = value
    for metric in METRICS:
        counts[(metric, *NATION)] = sum(counts[(metric, "region", r.code)] for r in rows["region"])
    weeks = engine.weekly_series(session, service)
    week_cells = []
    for week, confirmed, unconfirmed, accompanied in weeks:
        code = week.isoformat()
        values = (confirmed + unconfirmed + accompanied, confirmed, unconfirmed, accompanied)
        for metric, value in zip(SPLIT, values, strict=True):
            counts[(metric, "week", code)] = value
            week_cells.append((metric, code))
    parents = hierarchy_parents(session, [r.code for r in rows["commune"]])
    equations = sum_equations(counts, parents) + split_equations(counts)
    if weeks:
        for metric in SPLIT:
            parts = tuple((m, "week", code) for m, code in week_cells if m == metric)
            equations.append(((metric, *NATION), parts))
    unpublished = frozenset(
        (metric, "week", code) for metric, code in week_cells if metric not in WEEK_PRINTED
    )
    days, day_unpublished = _days(session, service, rows, parents, [w for w, *_ in weeks])
    counts.update(days[0])
    equations += days[1]
    return LinkedTable(
        rows=rows,
        weeks=weeks,
        days=days[2],
        counts=counts,
        equations=equations,
        unpublished=unpublished | day_unpublished,
    )


def _days(session, service, rows, parents, weeks: list[date]):
    """((counts, equations, days), unpublished) of the daily series."""
    regions: dict[str, list[str]] = {r.code: [] for r in rows["region"]}
    for row in rows["departement"]:
        regions.setdefault(parents["departement"][row.code], []).append(row.code)
    per_departement = totals.daily_demands(session, service.id)
    # Today in Paris, or a later day that holds demands (a clock behind the database's):
    # every counted day stays in the series, so the sums stay true.
    last = max([french.paris_today(), *(day for _, day in per_departement)])
    days = daily.week_days(weeks, last)
    counts, equations, unpublished = daily.day_cells(days, regions, per_departement)
    equations += daily.total_equations(days, weeks, regions)
    return (counts, equations, days), unpublished
