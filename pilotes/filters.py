"""Jinja filters for French formatting."""

from datetime import date, datetime

from flask import Flask

from pilotes.markdown import render_markdown

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


def number_fr(value: int | float | None) -> str:
    """1234567 -> '1 234 567' with narrow no-break spaces, as French typography wants."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def date_fr(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return singular if count in (0, 1) else (plural_form or singular + "s")


def register(app: Flask) -> None:
    app.add_template_filter(number_fr, "number_fr")
    app.add_template_filter(date_fr, "date_fr")
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_global(plural, "plural")
