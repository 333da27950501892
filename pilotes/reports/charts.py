"""The map and the weekly chart as pages and the PDF show them: drawn as SVG on the server.

They need no JavaScript, and each comes with the rows of its data table, so that a page
can show the same figures as a table (RGAA 1.1 and 4.x: a chart has a text alternative).
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from markupsafe import Markup

from pilotes.reports import svg
from pilotes.reports.geometry import outlines
from pilotes.reports.published import Published

MAP_TITLE = "Demandes pour 100 000 habitants, par département"
WEEKS_TITLE = "Demandes par semaine"
PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Chart:
    svg: Markup
    rows: list[dict]  # the data table, in the order a reader wants it
    low: float | None = None  # the smallest and largest values drawn: the scale, in words
    high: float | None = None
    legend: tuple[tuple[str, str], ...] = ()  # the map's (fill, label) per colour class


def _span(values) -> tuple[float | None, float | None]:
    shown = [v for v in values if v]
    return (min(shown), max(shown)) if shown else (None, None)


def departement_map(territories: list[dict]) -> Chart:
    """Départements coloured by demands per 100,000 people; hidden counts hatched."""
    values = {t["code"]: t["per_100k"] for t in territories}
    hidden = {t["code"] for t in territories if "demands" in t.get("suppressed", {})}
    drawn = svg.choropleth(
        outlines(current_app.config["NODE_MODULES_DIR"]), values, hidden, MAP_TITLE
    )
    low, high = _span(values[code] for code in values if code not in hidden)
    key = tuple(svg.legend(svg.classes(list(values.values()))))
    return Chart(drawn, sorted(territories, key=lambda t: t["code"]), low, high, key)


def this_week(today: date | None = None) -> str:
    """The Monday of the current ISO week in Europe/Paris, as the weekly series keys it."""
    today = today or datetime.now(PARIS).date()
    return (today - timedelta(days=today.weekday())).isoformat()


def weekly(weeks: list[dict]) -> Chart:
    """Complete weeks as bars; the week under way is left out of the bars (it would look like
    a fall) and marked as such in the table."""
    current = this_week()
    complete = [w for w in weeks if w["week"] < current]
    rows = [{**w, "partial": w["week"] >= current} for w in weeks]
    _, high = _span(w["demands"] for w in complete)
    return Chart(svg.trend(complete, WEEKS_TITLE), rows, 0, high)


def published(by_departement: Published) -> tuple[Chart, Chart]:
    """The map and the weekly chart of published figures only (public pages, the PDF, the
    embeddable map): a hidden count is hatched and reads as hidden, never a raw count."""
    return (
        departement_map([asdict(t) for t in by_departement.territories]),
        weekly([asdict(w) for w in by_departement.weekly]),
    )
