"""Evidence reports for the team to download (aggregates: every member may)."""

from flask import Response, abort, current_app, render_template, request, session

from pilotes.infra.extensions import db, limiter
from pilotes.infra.urls import external_url
from pilotes.models import LEVELS
from pilotes.reports.downloads import FORMATS, report
from pilotes.web.team import bp
from pilotes.web.team.auth import member
from pilotes.web.transactions import writes


@bp.get("/services/<slug>/rapports")
@member("viewer")
def reports(service):
    return render_template(
        "team/reports.html",
        service=service,
        levels=LEVELS,
        embeds={
            "carte": external_url("public.embed_map", slug=service.slug),
            "formulaire": external_url("public.embed", slug=service.slug),
        },
    )


def _member_key() -> str:
    """Reports are limited per signed-in account (a PDF costs seconds of CPU)."""
    return f"report:{session.get('uid')}"


@bp.get("/services/<slug>/rapports/<fmt>")
@limiter.limit(lambda: current_app.config["REPORT_RATE_LIMIT"], key_func=_member_key)
@member("viewer")
@writes
def report_download(service, fmt):
    level = request.args.get("niveau", service.level)
    if fmt not in FORMATS or level not in LEVELS:
        abort(404)
    made = report(db.session, service, fmt, level)
    return Response(
        made.body,
        mimetype=made.mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{made.filename}"',
            "Cache-Control": "no-store",
        },
    )
