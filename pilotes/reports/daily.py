"""The daily series as open data: demands per day (Europe/Paris) of every région or
département, protected with everything else (``reports/days.py``), in JSON and CSV."""

from collections.abc import Iterator
from dataclasses import asdict

from pilotes.infra.csv_files import Export, csv_lines
from pilotes.reports.days import DAY_LEVELS
from pilotes.reports.disclosure import label
from pilotes.reports.published import Published

TIMEZONE = "Europe/Paris"
CSV_COLUMNS = [("code", "Code"), ("name", "Territoire"), ("day", "Jour"), ("demands", "Demandes")]


class DailyError(ValueError):
    status = 400


class UnknownTerritory(DailyError):
    status = 404  # the series of a territory that is not there: no such resource


def check(level: str, code: str | None, published: Published | None = None) -> None:
    """Raise DailyError (a French message) for a level or territory with no daily series."""
    if level not in DAY_LEVELS:
        raise DailyError("Le paramètre level vaut region ou departement.")
    if (
        code is not None
        and published is not None
        and code not in {t.code for t in published.territories}
    ):
        raise UnknownTerritory(f"Aucun territoire de code « {code[:12]} » à ce niveau.")


def daily_document(published: Published, code: str | None = None) -> dict:
    """The daily API's answer: the method's figures, then one item per territory and day."""
    return {
        "service": asdict(published.service),
        "level": published.level,
        "generated_at": published.generated_at,
        "timezone": TIMEZONE,
        "suppression_threshold": published.suppression_threshold,
        "hidden_below": published.hidden_below,
        "rounding_base": published.rounding_base,
        "methodology_url": published.methodology_url,
        "daily": [asdict(d) for d in published.daily if code is None or d.code == code],
    }


def daily_csv(published: Published, delimiter: str = ";", code: str | None = None) -> Iterator[str]:
    """One line per territory and day; a hidden count reads as its label."""
    names = {t.code: t.name for t in published.territories}
    bound = published.hidden_below
    rows = [
        [d.code, names.get(d.code, d.code), d.day, label(d.suppressed, bound) or d.demands]
        for d in published.daily
        if code is None or d.code == code
    ]
    export = Export([title for _, title in CSV_COLUMNS], rows)
    return csv_lines(export, delimiter=delimiter, bom=delimiter == ";")
