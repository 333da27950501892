"""« Grâce à … » for the team: invite where the service is open, then moderate the answers."""

from flask import abort, flash, redirect, render_template, request, url_for

from pilotes.domain import services, testimonials, testimony_moderation
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.transactions import writes


@bp.get("/services/<slug>/temoignages")
@member("editor")
def testimonials_page(service):
    """The answers (people's own words: editors and owners only) and where to invite."""
    territories = [
        (territory, len(testimonials.to_invite(db.session, service, territory.code)))
        for territory in services.open_territories_named(db.session, service)
    ]
    return render_template(
        "team/testimonials.html",
        service=service,
        rows=testimony_moderation.testimonials(db.session, service),
        territories=territories,
        actions=testimony_moderation.ACTIONS,
    )


@bp.post("/services/<slug>/temoignages/inviter")
@member("editor")
@writes
def testimonials_invite(service):
    code = request.form.get("territoire", "")
    try:
        with unit_of_work():
            result = testimonials.invite(db.session, service, code, current_user().email)
    except testimonials.TestimonyError as error:
        flash(str(error), "error")
    else:
        message = f"{result.sent} invitation(s) envoyée(s)."
        if result.over_limit:
            message += f" {result.over_limit} personne(s) déjà assez contactée(s) ce mois-ci."
        flash(message, "success")
    return redirect(url_for("team.testimonials_page", slug=service.slug), 303)


@bp.post("/services/<slug>/temoignages/<int:testimonial_id>")
@member("editor")
@writes
def testimonial_moderate(service, testimonial_id: int):
    if testimony_moderation.find(db.session, service, testimonial_id) is None:
        abort(404)  # another service's, or none: nothing to say about it
    try:
        with unit_of_work():
            testimony_moderation.moderate(
                db.session, service, testimonial_id, request.form.get("action", ""), current_user()
            )
    except testimony_moderation.ModerationError as error:
        flash(str(error), "error")
    else:
        flash("Décision enregistrée ; la page du service est à jour.", "success")
    return redirect(url_for("team.testimonials_page", slug=service.slug), 303)
