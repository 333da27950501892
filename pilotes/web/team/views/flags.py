"""Owners review the demands set aside as automated-looking: restore or invalidate them."""

from flask import flash, redirect, request, url_for

from pilotes.domain import flags
from pilotes.infra.extensions import db
from pilotes.infra.french import date_fr
from pilotes.web.forms import form_page
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.team.forms import FlagReviewForm
from pilotes.web.transactions import writes

ACTIONS = {"restore": "rétablie(s)", "invalidate": "invalidée(s)"}


def _label(demand) -> str:
    reason = flags.REASONS.get(demand.flag_reason or "", demand.flag_reason or "motif inconnu")
    confirmed = "confirmée par courriel" if demand.confirmed_at else "non confirmée"
    return (
        f"N° {demand.id} — {date_fr(demand.created_at)} — commune {demand.commune_code} — "
        f"{reason} — {confirmed} — réseau {demand.ip_prefix or 'inconnu'}, "
        f"domaine {demand.email_domain or 'aucun'}"
    )


@bp.route("/services/<slug>/moderation/signalements", methods=["GET", "POST"])
@member("owner")
@writes
def flag_review(service):
    pending = flags.flagged(db.session, service)
    form = FlagReviewForm()
    form.demands.choices = [(d.id, _label(d)) for d in pending]
    action = request.form.get("action")
    if form.validate_on_submit() and action in ACTIONS:
        user = current_user()
        if action == "restore":
            done = flags.restore(db.session, service, user, form.demands.data)
        else:
            decision = flags.invalidate_flagged(db.session, service, user, form.demands.data)
            done = decision.count if decision else 0
        flash(f"{done} demande(s) {ACTIONS[action]} ; les chiffres sont à jour.", "success")
        return redirect(url_for("team.flag_review", slug=service.slug), 303)
    return form_page(
        "team/flags.html",
        form,
        service=service,
        reasons=flags.REASONS,
        decisions=flags.invalidations(db.session, service),
    )
