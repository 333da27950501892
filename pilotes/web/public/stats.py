"""Public statistics, frozen report snapshots, and the embeddable demand form."""

from pathlib import Path

from flask import abort, current_app, make_response, render_template, request
from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.infra.markdown import render_markdown
from pilotes.models import LEVELS, ReportSnapshot
from pilotes.reports import charts
from pilotes.reports.edition import published_payload
from pilotes.reports.published import Published
from pilotes.territories.names import homonym_departements
from pilotes.web.public import bp
from pilotes.web.public.forms import PostalCodeForm
from pilotes.web.public.routes import published_or_404
from pilotes.web.security import allow_framing_by


@bp.get("/services/<slug>/stats")
def service_stats(slug: str):
    service = published_or_404(slug)
    level = request.args.get("niveau", "departement")
    level = level if level in LEVELS else "departement"
    payload = published_payload(db.session, service, level)
    map_chart, weekly_chart = charts.published(
        published_payload(db.session, service, "departement")
    )
    return render_template(
        "public/stats.html",
        service=service,
        payload=payload,
        departements=homonym_departements(
            db.session, level, [(row.code, row.name) for row in payload.territories]
        ),
        level=level,
        levels=LEVELS,
        map_chart=map_chart,
        weekly_chart=weekly_chart,
    )


@bp.get("/services/<slug>/rapports/<reference>")
def report_snapshot(slug: str, reference: str):
    """The figures of a PDF report exactly as they were printed."""
    service = published_or_404(slug)
    frozen = db.session.scalar(
        select(ReportSnapshot).where(
            ReportSnapshot.reference == reference, ReportSnapshot.service_id == service.id
        )
    )
    if frozen is None:
        abort(404)
    return render_template(
        "public/snapshot.html",
        service=service,
        frozen=frozen,
        payload=Published.from_json(frozen.payload),
    )


@bp.get("/methodologie")
def methodology():
    """docs/methodology.md, the method behind every published figure, as a page."""
    text = (Path(current_app.root_path).parent / "docs" / "methodology.md").read_text()
    text = text.split("\n", 1)[1] if text.startswith("# ") else text  # the page has its h1
    return render_template("public/methodology.html", body=render_markdown(text))


@bp.get("/services/<slug>/embed/carte")
def embed_map(slug: str):
    """The map of demand per département, published figures only, with its data table
    (readable without JavaScript), for partners' and local press's sites: framed only by
    the origins the team listed, like the embeddable form."""
    service = published_or_404(slug)
    payload = published_payload(db.session, service, "departement")
    map_chart, _ = charts.published(payload)
    response = make_response(
        render_template(
            "public/embed_map.html", service=service, payload=payload, map_chart=map_chart
        )
    )
    allow_framing_by(service.framing_origins)
    return response


@bp.get("/services/<slug>/embed")
def embed(slug: str):
    """A compact demand form for an iframe on the service's own site.

    Only the origins the team listed may frame it (CSP frame-ancestors); without any,
    no site may.
    """
    service = published_or_404(slug)
    response = make_response(
        render_template("public/embed.html", service=service, form=PostalCodeForm(formdata=None))
    )
    allow_framing_by(service.framing_origins)
    return response
