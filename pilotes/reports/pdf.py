"""The PDF evidence report (A4, WeasyPrint), with a frozen snapshot to verify it against."""

import secrets
from dataclasses import asdict
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy.orm import Session
from weasyprint import HTML

from pilotes.infra.urls import external_url
from pilotes.models import ReportSnapshot, Service
from pilotes.reports import svg
from pilotes.reports.formats import method_lines
from pilotes.reports.geometry import outlines
from pilotes.reports.payload import publish
from pilotes.reports.published import Published


def snapshot(
    session: Session, service: Service, level: str, published: Published
) -> ReportSnapshot:
    """Freeze ``published`` under an unguessable reference; no commit (the caller's)."""
    frozen = ReportSnapshot(
        service_id=service.id,
        reference=secrets.token_urlsafe(12),
        level=level,
        payload=published.as_json(),
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
    fonts = Path(current_app.config["NODE_MODULES_DIR"]) / "@gouvfr/dsfr/dist/fonts"
    return render_template(
        "reports/evidence.html",
        service=service,
        payload=payload,
        top=top,
        names=names,
        without_partner=payload.demand_without_partner[:10],
        map_svg=svg.choropleth(
            outlines(current_app.config["NODE_MODULES_DIR"]),
            values,
            hidden,
            "Demandes pour 100 000 habitants, par département",
        ),
        trend_svg=svg.trend([asdict(w) for w in payload.weekly], "Demandes par semaine"),
        methodology=method_lines(payload),
        verify_url=external_url(
            "public.report_snapshot", slug=service.slug, reference=frozen.reference
        ),
        font_dir=fonts.as_uri(),
    )


def pdf_bytes(session: Session, service: Service, level: str = "departement") -> bytes:
    return HTML(string=evidence_html(session, service, level)).write_pdf()
