"""The daily series in the linked table: demands per day (Europe/Paris) for every région
and département, each day of every published week, tied to the rest by their sums.

A day cell is ``("demands", "day", "<table>:<code>:<YYYY-MM-DD>")`` with table
``departement``, ``region`` or ``nation`` (the nation's days are in the sums but printed
nowhere: the published weeks give them by sevens). The sums an attacker can write, and so
the ones the suppression solves together with the others:

- a région's day is the sum of its départements' same day, the nation's of the régions';
- a week is the sum of its seven national days;
- a région's or département's all-time count is the sum of its days.
"""

from datetime import date, timedelta

from pilotes.reports.disclosure import Equation, Key

DAY_LEVELS = ("region", "departement")


def day_key(table: str, code: str, day: date) -> Key:
    return ("demands", "day", f"{table}:{code}:{day.isoformat()}")


def week_days(weeks: list[date], last: date) -> list[date]:
    """Every day of the published weeks up to ``last``: a day that has not happened yet
    has no figure (printed « moins de 15 », it read as data). Its count is a zero anyone
    can tell, so the sums lose nothing by leaving it out."""
    return [day for week in weeks for i in range(7) if (day := week + timedelta(days=i)) <= last]


def day_cells(
    days: list[date],
    regions: dict[str, list[str]],  # région -> its départements
    per_departement: dict[tuple[str, date], int],
) -> tuple[dict[Key, int], list[Equation], frozenset[Key]]:
    """(counts, equations, unpublished) of the daily series; the all-time sums need the
    caller's territory cells, which ``total_equations`` ties in."""
    counts: dict[Key, int] = {}
    equations: list[Equation] = []
    for day in days:
        region_keys = []
        for region, departements in regions.items():
            parts = []
            for departement in departements:
                key = day_key("departement", departement, day)
                counts[key] = per_departement.get((departement, day), 0)
                parts.append(key)
            total = day_key("region", region, day)
            counts[total] = sum(counts[k] for k in parts)
            region_keys.append(total)
            if parts:
                equations.append((total, tuple(parts)))
        nation = day_key("nation", "FR", day)
        counts[nation] = sum(counts[k] for k in region_keys)
        equations.append((nation, tuple(region_keys)))
    unpublished = frozenset(day_key("nation", "FR", day) for day in days)
    return counts, equations, unpublished


def total_equations(
    days: list[date], weeks: list[date], regions: dict[str, list[str]]
) -> list[Equation]:
    """Weeks = Σ national days (those of ``days``: up to today); every région and
    département = Σ its days."""
    published = set(days)
    equations: list[Equation] = [
        (
            ("demands", "week", week.isoformat()),
            tuple(
                day_key("nation", "FR", day)
                for i in range(7)
                if (day := week + timedelta(days=i)) in published
            ),
        )
        for week in weeks
    ]
    codes = [("region", r) for r in regions] + [
        ("departement", d) for departements in regions.values() for d in departements
    ]
    for table, code in codes:
        equations.append(
            (("demands", table, code), tuple(day_key(table, code, day) for day in days))
        )
    return equations
