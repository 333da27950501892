"""Charts drawn on the server as SVG, for the PDF report: the map and the weekly trend."""

from datetime import date

from markupsafe import Markup, escape

from pilotes.infra.french import number_fr
from pilotes.reports.geometry import OVERSEAS, Outlines

# From light to dark blue France; grey for no demand, hatched for hidden counts.
PALETTE = ("#e3e3fd", "#cacafb", "#a1a1f8", "#6a6af4", "#313178", "#000091")
EMPTY = "#f6f6f6"
OVERSEAS_NAMES = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}


def _bins(values: list[float]) -> list[float]:
    """Upper bounds of the colour classes (quantiles of the non-zero values)."""
    values = sorted(v for v in values if v)
    if not values:
        return []
    return [
        values[min(len(values) - 1, round(len(values) * (i + 1) / len(PALETTE)) - 1)]
        for i in range(len(PALETTE))
    ]


def _colour(value: float | None, bins: list[float]) -> str:
    if not value:
        return EMPTY
    return next((PALETTE[i] for i, bound in enumerate(bins) if value <= bound), PALETTE[-1])


def choropleth(
    outlines: Outlines, values: dict[str, float | None], hidden: set[str], title: str
) -> Markup:
    """Départements coloured by value, the overseas ones as insets on the left."""
    bins = _bins([v for v in values.values() if v])

    def path(code: str, d: str) -> str:
        fill = "url(#hidden)" if code in hidden else _colour(values.get(code), bins)
        return f'<path d="{escape(d)}" fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>'

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1260 1080" role="img" '
        f'aria-label="{escape(title)}">',
        '<defs><pattern id="hidden" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#eeeeee"/><path d="M0 8L8 0" stroke="#929292"/>'
        "</pattern></defs>",
        '<g transform="translate(240 0)">',
        *(path(code, d) for code, d in sorted(outlines.metropole.items())),
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
            path(code, d).replace('stroke-width="1.5"', f'stroke-width="{1.5 / scale:.3f}"'),
            "</g>",
            f'<text x="20" y="{top + 168}" font-size="22" fill="#3a3a3a">'
            f"{OVERSEAS_NAMES[code]}</text>",
        ]
    legend_top = 1000
    for i, colour in enumerate(PALETTE[: len(bins)]):
        parts.append(
            f'<rect x="{260 + i * 150}" y="{legend_top}" width="40" height="24" '
            f'fill="{colour}"/><text x="{306 + i * 150}" y="{legend_top + 19}" '
            f'font-size="20">≤ {number_fr(bins[i])}</text>'
        )
    parts.append(
        f'<rect x="260" y="{legend_top + 40}" width="40" height="24" fill="url(#hidden)"/>'
        f'<text x="306" y="{legend_top + 59}" font-size="20">compte masqué</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def trend(weeks: list[dict], title: str) -> Markup:
    """Weekly demands as bars (hidden weeks as hatched stubs), confirmed as a darker part."""
    width, height, left, bottom = 1000, 360, 70, 300
    top_value = max([w["demands"] or 0 for w in weeks] + [1])
    step = (width - left - 20) / max(len(weeks), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        '<defs><pattern id="hiddenbar" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<path d="M0 6L6 0" stroke="#929292"/></pattern></defs>',
        f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="#929292"/>',
        f'<text x="{left - 8}" y="{bottom - 250 + 6}" font-size="16" text-anchor="end">'
        f"{number_fr(top_value)}</text>",
        f'<text x="{left - 8}" y="{bottom + 5}" font-size="16" text-anchor="end">0</text>',
    ]
    for i, week in enumerate(weeks):
        x = left + i * step + step * 0.15
        bar = step * 0.7
        if week["demands"] is None:
            parts.append(
                f'<rect x="{x:.1f}" y="{bottom - 12}" width="{bar:.1f}" height="12" '
                'fill="url(#hiddenbar)"/>'
            )
        else:
            h = 250 * week["demands"] / top_value
            parts.append(
                f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="#cacafb"/>'
            )
            if week["confirmed"]:
                hc = 250 * week["confirmed"] / top_value
                parts.append(
                    f'<rect x="{x:.1f}" y="{bottom - hc:.1f}" width="{bar:.1f}" '
                    f'height="{hc:.1f}" fill="#000091"/>'
                )
        if i % max(1, len(weeks) // 6) == 0:
            day = _date(week["week"])
            parts.append(
                f'<text x="{x:.1f}" y="{bottom + 24}" font-size="15">'
                f"{day.day:02d}/{day.month:02d}</text>"
            )
    parts.append(
        f'<rect x="{left}" y="330" width="18" height="14" fill="#000091"/>'
        f'<text x="{left + 24}" y="342" font-size="15">confirmées</text>'
        f'<rect x="{left + 150}" y="330" width="18" height="14" fill="#cacafb"/>'
        f'<text x="{left + 174}" y="342" font-size="15">toutes les demandes</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _date(iso: str) -> date:
    return date.fromisoformat(iso)
