"""The service teams' workspace: sign-in, dashboard, page editor, pipelines, members."""

from flask import Blueprint

from pilotes.web.no_store import forbid_storing

bp = Blueprint("team", __name__)

from pilotes.web.team.views import (  # noqa: E402,F401  (registers the views)
    account,
    dashboard,
    editor,
    flags,
    mediators,
    members,
    moderation,
    next_open,
    opening,
    panel,
    pipelines,
    proconnect,
    reports,
    testimonials,
)

# Every team page shows personal data or what a member may see: no cache keeps it.
bp.after_request(forbid_storing)


@bp.context_processor
def _team_context():
    from flask import g

    from pilotes.infra.proconnect import enabled
    from pilotes.web.team.auth import current_user

    context = {"current_user": current_user(), "proconnect_enabled": enabled()}
    if "membership" in g:
        context["membership"] = g.membership
    return context
