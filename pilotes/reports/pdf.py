"""The PDF evidence report (A4, WeasyPrint), with a frozen snapshot to verify it against."""

import json
import secrets
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import Session
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pilotes.infra.urls import external_url
from pilotes.models import ReportSnapshot, Service
from pilotes.reports import charts, next_open, voices
from pilotes.reports.edition import figures
from pilotes.reports.formats import method_lines
from pilotes.reports.published import Published

# The only URLs the renderer may resolve: the report's own fonts, read from disk.
FONT_FILES = {"regular": "Marianne-Regular.woff", "bold": "Marianne-Bold.woff"}
ASSET_SCHEME = "pilotes-asset:"


class AssetFetcher(URLFetcher):
    """Serves the report's fonts from disk and its own drawings from memory, and refuses
    every other URL (network, file:, data:).

    Whatever ends up in the HTML, the renderer then reaches nothing but these.
    """

    def __init__(self, node_modules: str, drawings: dict[str, str] | None = None):
        super().__init__(allowed_protocols=())
        fonts = Path(node_modules) / "@gouvfr/dsfr/dist/fonts"
        self.files = {
            f"{ASSET_SCHEME}{name}": (lambda path=fonts / name: path.read_bytes(), "font/woff")
            for name in FONT_FILES.values()
        }
        for name, drawing in (drawings or {}).items():
            self.files[f"{ASSET_SCHEME}{name}"] = (lambda d=drawing: d.encode(), "image/svg+xml")

    def fetch(self, url, headers=None):
        found = self.files.get(url)
        if found is None:
            raise ValueError(f"the PDF renderer only reads its own files, not {url[:80]!r}")
        read, kind = found
        return URLFetcherResponse(url, read(), {"Content-Type": kind})


def _figures(payload: dict) -> str:
    """The payload as stored (JSON), without the moment it was read."""
    return json.dumps({**payload, "generated_at": None}, sort_keys=True, default=str)


def snapshot(
    session: Session, service: Service, level: str, published: Published
) -> ReportSnapshot:
    """Freeze ``published`` under an unguessable reference; no commit (the caller's).

    Downloading again while the figures have not moved reuses the last snapshot: a
    download is not a permanent row each time.
    """
    payload = published.as_json()
    last = session.scalar(
        select(ReportSnapshot)
        .where(ReportSnapshot.service_id == service.id, ReportSnapshot.level == level)
        .order_by(ReportSnapshot.id.desc())
        .limit(1)
    )
    if last is not None and _figures(last.payload) == _figures(payload):
        return last
    frozen = ReportSnapshot(
        service_id=service.id,
        reference=secrets.token_urlsafe(12),
        level=level,
        payload=payload,
    )
    session.add(frozen)
    session.flush()
    return frozen


def evidence_html(session: Session, service: Service, level: str = "departement") -> str:
    return _evidence(session, service, level)[0]


def _evidence(session: Session, service: Service, level: str) -> tuple[str, dict[str, str]]:
    """The report's HTML and its drawings (the map and the weekly chart, published figures
    only), which the renderer reads by name through ``AssetFetcher``."""
    every_level = figures(session, service)
    payload = every_level[level]
    frozen = snapshot(session, service, level, payload)
    shown = [t for t in payload.territories if t.per_100k is not None and t.demands]
    top = next_open.by_evidence(shown, payload.rounding_base)[:15]
    ranking = next_open.from_published(
        payload if level in next_open.LEVELS else every_level["departement"]
    )
    map_chart, weekly_chart = charts.published(every_level["departement"])
    drawings = {"carte.svg": str(map_chart.svg), "semaines.svg": str(weekly_chart.svg)}
    html = render_template(
        "reports/evidence.html",
        service=service,
        payload=payload,
        top=top,
        names={t.code: t.name for t in payload.territories},
        without_partner=payload.demand_without_partner[:10],
        ranking=ranking,
        next_candidates=ranking.sorted_by(next_open.DEFAULT_SORT)[:15],
        next_open_explained=(*next_open.EXPLANATION, next_open.PUBLISHED_NOTE),
        map_chart=map_chart,
        weekly_chart=weekly_chart,
        drawing_urls={name: f"{ASSET_SCHEME}{name}" for name in drawings},
        methodology=method_lines(payload),
        quotes=voices.published_quotes(session, service),
        impact=voices.impact(session, service),
        verify_url=external_url(
            "public.report_snapshot", slug=service.slug, reference=frozen.reference
        ),
        font_urls={key: f"{ASSET_SCHEME}{name}" for key, name in FONT_FILES.items()},
    )
    return html, drawings


def pdf_bytes(session: Session, service: Service, level: str = "departement") -> bytes:
    """Tagged PDF (PDF/UA-1); its renderer fetches nothing but the app's own files."""
    html, drawings = _evidence(session, service, level)
    fetcher = AssetFetcher(current_app.config["NODE_MODULES_DIR"], drawings)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
