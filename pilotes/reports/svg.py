"""Charts drawn on the server as SVG, for the PDF report: the map and the weekly trend."""

from datetime import date
from decimal import Decimal

from markupsafe import Markup, escape

from pilotes.infra.french import number_fr
from pilotes.reports.geometry import OVERSEAS, Outlines

# One hue (blue France) from light to dark, lightness falling in equal steps: a
# sequential palette, so a darker département always means more demand per inhabitant.
RAMP = ("#d5d5fb", "#a0a0ea", "#6a6ad6", "#3535b4", "#000091")
EMPTY = "#f6f6f6"  # no demand
OVERSEAS_NAMES = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}
# The collectivités d'outre-mer have no outline in the map component: drawn as tiles.
COLLECTIVITIES = {
    "975": "Saint-Pierre-et-Miquelon",
    "977": "Saint-Barthélemy",
    "978": "Saint-Martin",
    "984": "Terres australes (TAAF)",
    "986": "Wallis-et-Futuna",
    "987": "Polynésie française",
    "988": "Nouvelle-Calédonie",
    "989": "Clipperton",
}
# Paris and the petite couronne are a few pixels wide on the map: drawn again, four times
# larger, in the empty corner above Alsace (metropole coordinates, from the outlines).
INSET_CODES = ("75", "92", "93", "94")
INSET = (
    '<text x="1118" y="22" font-size="16" fill="#3a3a3a">Paris et</text>'
    '<text x="1118" y="42" font-size="16" fill="#3a3a3a">petite couronne</text>'
    '<rect x="1114" y="48" width="142" height="142" fill="none" stroke="#929292"/>'
)
INSET_FRAME = '<g class="inset" transform="translate(1120 52) scale(4) translate(-485 -218)">'
HATCH = (
    '<pattern id="hidden" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#eeeeee"/><path d="M0 8L8 0" stroke="#3a3a3a"/></pattern>'
)


def classes(values: list[float | None]) -> list[float]:
    """Upper bounds of the colour classes: as many classes as distinct non-zero values, up
    to five, each holding as many distinct values as can be; each bound is one of them."""
    distinct = sorted({v for v in values if v})
    k, n = min(len(RAMP), len(distinct)), len(distinct)
    return [distinct[-(-n * i // k) - 1] for i in range(1, k + 1)]


def palette(k: int) -> list[str]:
    """``k`` colours of the ramp spread from light to dark (one class: the darkest)."""
    if k <= 1:
        return list(RAMP[-k:]) if k else []
    last = len(RAMP) - 1
    return [RAMP[(2 * i * last + k - 1) // (2 * (k - 1))] for i in range(k)]


def colour(value: float | None, bounds: list[float]) -> str:
    if not value:
        return EMPTY
    colours = palette(len(bounds))
    return next(c for c, bound in zip(colours, bounds, strict=True) if value <= bound)


def legend(bounds: list[float]) -> list[tuple[str, str]]:
    """(fill, French label) for each class, then no demand and hidden counts."""
    entries = []
    for i, (fill, bound) in enumerate(zip(palette(len(bounds)), bounds, strict=True)):
        if i == 0:
            text = f"jusqu'à {number_fr(bound)}"
        else:  # rates have one decimal: the class starts a tenth above the one before
            start = float(Decimal(str(bounds[i - 1])) + Decimal("0.1"))
            text = f"de {number_fr(start)} à {number_fr(bound)}"
        entries.append((fill, text))
    return [*entries, (EMPTY, "aucune demande"), ("url(#hidden)", "nombre non publié")]


def choropleth(
    outlines: Outlines, values: dict[str, float | None], hidden: set[str], title: str
) -> Markup:
    """Départements coloured by value, the overseas ones as insets on the left and the
    collectivités d'outre-mer as tiles underneath, with the legend of every fill used."""
    bounds = classes(list(values.values()))

    def fill(code: str) -> str:
        return "url(#hidden)" if code in hidden else colour(values.get(code), bounds)

    def path(code: str, d: str, stroke: float = 1.5, key: str = "data-code") -> str:
        return (
            f'<path {key}="{code}" d="{escape(d)}" fill="{fill(code)}" stroke="#ffffff" '
            f'stroke-width="{stroke:.3f}"/>'
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1260 1220" role="img" '
        f'aria-label="{escape(title)}">',
        f"<defs>{HATCH}</defs>",
        '<g transform="translate(240 0)">',
        *(path(code, d) for code, d in sorted(outlines.metropole.items())),
        "</g>",
        INSET,
        INSET_FRAME,
        *(
            path(code, outlines.metropole[code], 0.5, "data-inset")
            for code in INSET_CODES
            if code in outlines.metropole
        ),
        "</g>",
    ]
    for row, code in enumerate(OVERSEAS):
        if code not in outlines.overseas:
            continue
        box, d = outlines.overseas[code]
        _, _, width, height = (float(n) for n in box.split())
        scale = 150 / max(width, height)
        top = 20 + row * 190
        parts += [
            f'<g transform="translate(20 {top}) scale({scale:.3f})">',
            path(code, d, 1.5 / scale),
            "</g>",
            f'<text x="20" y="{top + 168}" font-size="22" fill="#3a3a3a">'
            f"{OVERSEAS_NAMES[code]}</text>",
        ]
    parts.append(
        '<text x="20" y="1000" font-size="20" fill="#3a3a3a">Collectivités d\'outre-mer</text>'
    )
    for i, (code, name) in enumerate(COLLECTIVITIES.items()):
        x, y = 20 + (i % 4) * 310, 1015 + (i // 4) * 40
        parts.append(
            f'<rect data-code="{code}" x="{x}" y="{y}" width="40" height="28" fill="{fill(code)}" '
            f'stroke="#929292"/><text x="{x + 48}" y="{y + 21}" font-size="18">{name}</text>'
        )
    # The legend in the drawing serves the PDF; pages hide it for their own, in HTML, which
    # stays readable on a phone (here its text would be 5 px high at 375 px).
    parts.append('<g class="map-legend">')
    for i, (entry_fill, text) in enumerate(legend(bounds)):
        x, y = 20 + (i % 4) * 310, 1120 + (i // 4) * 40
        parts.append(
            f'<rect class="legend" x="{x}" y="{y}" width="40" height="28" fill="{entry_fill}" '
            f'stroke="#929292"/><text x="{x + 48}" y="{y + 21}" font-size="18">{text}</text>'
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))


def trend(weeks: list[dict], title: str) -> Markup:
    """Weekly demands as bars, confirmed as a darker part; a hidden week is a gap with a
    hatched mark under the axis, never a bar of zero."""
    width, height, left, bottom = 1000, 360, 70, 300
    top_value = max([w["demands"] or 0 for w in weeks] + [1])
    step = (width - left - 20) / max(len(weeks), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        '<defs><pattern id="hiddenbar" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<path d="M0 6L6 0" stroke="#3a3a3a"/></pattern></defs>',
        f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="#929292"/>',
        f'<text x="{left - 8}" y="{bottom - 250 + 6}" font-size="20" text-anchor="end">'
        f"{number_fr(top_value)}</text>",
        f'<text x="{left - 8}" y="{bottom + 5}" font-size="20" text-anchor="end">0</text>',
    ]
    for i, week in enumerate(weeks):
        x = left + i * step + step * 0.15
        bar = step * 0.7
        if week["demands"] is None:
            parts.append(
                f'<rect class="hidden-week" data-week="{week["week"]}" x="{x:.1f}" '
                f'y="{bottom + 3}" width="{bar:.1f}" height="8" fill="url(#hiddenbar)"/>'
            )
        else:
            parts.append(_bar(x, bar, bottom, 250 * week["demands"] / top_value, "#cacafb"))
            if week["confirmed"]:
                parts.append(_bar(x, bar, bottom, 250 * week["confirmed"] / top_value, "#000091"))
        if i % max(1, len(weeks) // 6) == 0:
            day = date.fromisoformat(week["week"])
            parts.append(
                f'<text x="{x:.1f}" y="{bottom + 28}" font-size="20">'
                f"{day.day:02d}/{day.month:02d}</text>"
            )
    parts.append(
        f'<rect x="{left}" y="334" width="20" height="16" fill="#000091"/>'
        f'<text x="{left + 26}" y="350" font-size="20">confirmées</text>'
        f'<rect x="{left + 160}" y="334" width="20" height="16" fill="#cacafb"/>'
        f'<text x="{left + 186}" y="350" font-size="20">toutes les demandes</text>'
        f'<rect x="{left + 400}" y="334" width="20" height="16" fill="url(#hiddenbar)"/>'
        f'<text x="{left + 426}" y="350" font-size="20">semaine au nombre non publié</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _bar(x: float, width: float, bottom: int, height: float, fill: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" fill="{fill}"/>'
    )
