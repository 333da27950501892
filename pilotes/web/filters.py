"""Jinja filters for French formatting."""

from datetime import date

from flask import Flask

from pilotes.infra.french import at_place, date_fr, datetime_fr, number_fr, of_name, paris_time
from pilotes.models import LEVEL_LABELS


def iso_date_fr(value: str) -> str:
    """'2026-11-22' (as JSON payloads hold dates) -> '22 novembre 2026'; a moment
    ('2026-11-22T23:30:00+00:00') is dated in Paris."""
    if not value:
        return ""
    return date_fr(paris_time(value) if len(value) > 10 else date.fromisoformat(value))


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
    app.add_template_filter(at_place, "at_place")
    app.add_template_filter(of_name, "of_name")
    app.add_template_filter(iso_date_fr, "iso_date_fr")
    app.add_template_filter(datetime_fr, "iso_datetime_fr")
    app.add_template_global(plural, "plural")
    app.add_template_global(LEVEL_LABELS, "level_labels")
    app.add_template_global(option_groups, "option_groups")
