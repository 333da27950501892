"""Pilot rounds of the inclusive panel: quotas, gaps, whom to contact first. The panel's
answers are health-related data: owners and editors only, exports audited."""

from flask import abort, flash, redirect, render_template, request, url_for

from pilotes.domain import panel
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import PANEL_GROUPS
from pilotes.territories.names import territory_options
from pilotes.web.forms import form_page
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.team.panel_forms import RoundForm
from pilotes.web.team.views.pipelines import csv_response
from pilotes.web.transactions import writes


def _round_or_404(service, round_id: int):
    found = panel.get_round(db.session, service, round_id)
    if found is None:
        abort(404)
    return found


@bp.route("/services/<slug>/campagnes", methods=["GET", "POST"])
@member("editor")
@writes
def panel_rounds(service):
    """The service's pilot rounds, and the form of a new one."""
    form = RoundForm(
        formdata=request.form if request.method == "POST" else None,
        territories=territory_options(db.session, "departement"),
    )
    if request.method == "POST" and form.validate():
        try:
            with unit_of_work():
                created = panel.create_round(
                    db.session, service, form.round_request(), current_user().email
                )
        except panel.RoundRefused as error:
            form.name.errors = [*form.name.errors, str(error)]
        else:
            flash(f"Campagne « {created.name} » créée.", "success")
            return redirect(
                url_for("team.panel_round", slug=service.slug, round_id=created.id), 303
            )
    return form_page(
        "team/panel_rounds.html", form, service=service, rounds=panel.rounds(db.session, service)
    )


@bp.get("/services/<slug>/campagnes/<int:round_id>")
@member("editor")
def panel_round(service, round_id):
    """Per quota: participants / target; the missing groups; the volunteers to contact,
    those who fill the gaps first, within the contact limit."""
    pilot_round = _round_or_404(service, round_id)
    progress = panel.progress(db.session, pilot_round)
    return render_template(
        "team/panel_round.html",
        service=service,
        pilot_round=pilot_round,
        progress=progress,
        missing=panel.missing_groups(progress),
        candidates=panel.candidates(db.session, pilot_round),
        groups=PANEL_GROUPS,
    )


@bp.get("/services/<slug>/campagnes/<int:round_id>.csv")
@member("editor")
@writes
def panel_export(service, round_id):
    """The round's volunteers to contact with their groups: written in the audit log first."""
    pilot_round = _round_or_404(service, round_id)
    export = panel.candidates_csv(db.session, pilot_round, current_user())
    return csv_response(export, f"{service.slug}-campagne-{pilot_round.id}.csv")
