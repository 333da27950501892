"""The PDF evidence report (A4, WeasyPrint), with a frozen snapshot to verify it against."""

import base64
import json
import secrets
from dataclasses import asdict
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import Session
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from pilotes.infra.urls import external_url
from pilotes.models import ReportSnapshot, Service
from pilotes.reports import svg, voices
from pilotes.reports.formats import method_lines
from pilotes.reports.geometry import outlines
from pilotes.reports.payload import publish
from pilotes.reports.published import Published

# The only URLs the renderer may resolve: the report's own fonts, read from disk.
FONT_FILES = {"regular": "Marianne-Regular.woff", "bold": "Marianne-Bold.woff"}
ASSET_SCHEME = "pilotes-asset:"


class AssetFetcher(URLFetcher):
    """Serves the report's fonts from disk and refuses every other URL (network, file:, data:).

    Whatever ends up in the HTML, the renderer then reaches nothing but these files.
    """

    def __init__(self, node_modules: str):
        super().__init__(allowed_protocols=())
        fonts = Path(node_modules) / "@gouvfr/dsfr/dist/fonts"
        self.files = {f"{ASSET_SCHEME}{name}": fonts / name for name in FONT_FILES.values()}

    def fetch(self, url, headers=None):
        path = self.files.get(url)
        if path is None:
            raise ValueError(f"the PDF renderer only reads its own fonts, not {url[:80]!r}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/woff"})


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
    every_level = publish(session, service)
    payload, by_departement = every_level[level], every_level["departement"]
    frozen = snapshot(session, service, level, payload)
    shown = [t for t in payload.territories if t.per_100k is not None and t.demands]
    top = sorted(shown, key=lambda t: (-t.per_100k, t.code))[:15]
    names = {t.code: t.name for t in payload.territories}
    values = {t.code: t.per_100k for t in by_departement.territories}
    hidden = {t.code for t in by_departement.territories if t.status("demands")}
    return render_template(
        "reports/evidence.html",
        service=service,
        payload=payload,
        top=top,
        names=names,
        without_partner=payload.demand_without_partner[:10],
        map_src=_data_uri(
            svg.choropleth(
                outlines(current_app.config["NODE_MODULES_DIR"]),
                values,
                hidden,
                "Demandes pour 100 000 habitants, par département",
            )
        ),
        trend_src=_data_uri(svg.trend([asdict(w) for w in payload.weekly], "Demandes par semaine")),
        methodology=method_lines(payload),
        quotes=voices.published_quotes(session, service),
        impact=voices.impact(session, service),
        verify_url=external_url(
            "public.report_snapshot", slug=service.slug, reference=frozen.reference
        ),
        font_urls={key: f"{ASSET_SCHEME}{name}" for key, name in FONT_FILES.items()},
    )


def pdf_bytes(session: Session, service: Service, level: str = "departement") -> bytes:
    """Tagged PDF (PDF/UA-1); its renderer fetches nothing but the app's own fonts."""
    fetcher = AssetFetcher(current_app.config["NODE_MODULES_DIR"])
    return HTML(string=evidence_html(session, service, level), url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def _data_uri(drawing: str) -> str:
    """An SVG as an image source: as an <img>, its alt text becomes the PDF figure's /Alt."""
    return "data:image/svg+xml;base64," + base64.b64encode(str(drawing).encode()).decode()
