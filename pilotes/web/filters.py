"""Jinja filters for French formatting."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from pilotes.infra.french import number_fr
from pilotes.models import LEVEL_LABELS

PARIS = ZoneInfo("Europe/Paris")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_fr(value: date | datetime | None) -> str:
    if value is None:
        return ""
    day = "1er" if value.day == 1 else value.day
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def iso_date_fr(value: str) -> str:
    """'2026-11-22' (as JSON payloads hold dates) -> '22 novembre 2026'."""
    return date_fr(date.fromisoformat(value[:10])) if value else ""


def iso_datetime_fr(value: str) -> str:
    """'2026-11-22T23:30:00+00:00' -> '23 novembre 2026 à 00 h 30' (heure de Paris):
    readers live in France, and the weeks of the figures are Paris weeks too."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value).astimezone(PARIS)
    return f"{date_fr(moment)} à {moment:%H} h {moment:%M}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return singular if count in (0, 1) else (plural_form or singular + "s")


def option_groups(field) -> list[tuple[str | None, list]]:
    """A choice field's options (checkboxes, radios) grouped by their SelectChoice optgroup."""
    groups: list[tuple[str | None, list]] = []
    for option, choice in zip(field, field.choices, strict=True):
        group = getattr(choice, "optgroup", None)
        if not groups or groups[-1][0] != group:
            groups.append((group, []))
        groups[-1][1].append(option)
    return groups


def register(app: Flask) -> None:
    app.add_template_filter(number_fr, "number_fr")
    app.add_template_filter(date_fr, "date_fr")
    app.add_template_filter(iso_date_fr, "iso_date_fr")
    app.add_template_filter(iso_datetime_fr, "iso_datetime_fr")
    app.add_template_global(plural, "plural")
    app.add_template_global(LEVEL_LABELS, "level_labels")
    app.add_template_global(option_groups, "option_groups")
