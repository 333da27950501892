"""Opening a territory (preview of who is emailed and what, then the send) and goals."""

from flask import flash, redirect, render_template, request, url_for

from pilotes.domain import goals, opening
from pilotes.domain.services import ServiceError
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import LEVEL_LABELS
from pilotes.reports.protection import hidden_below
from pilotes.web.forms import form_page
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.team.forms import GoalForm, TerritoryForm
from pilotes.web.transactions import writes

# Stand-ins for each person's own links, in the preview of the email.
PREVIEW_LINKS = {
    "unsubscribe_url": "[lien personnel pour ne plus recevoir de courriels]",
    "erase_url": "[lien personnel pour effacer ses données]",
}


@bp.route("/services/<slug>/territoires/ouvrir", methods=["GET", "POST"])
@member("owner")
@writes
def open_territory(service):
    """Two steps: name the territory and see who will be emailed, then confirm the send."""
    form = TerritoryForm(formdata=request.form if request.method == "POST" else None)
    chosen = None
    if request.method == "POST" and form.validate():
        try:
            chosen = opening.choose(db.session, service, form.code.data)
        except ServiceError as error:
            form.code.errors.append(str(error))
    if chosen and request.form.get("action") == "envoyer":
        with unit_of_work():
            result = opening.open_territory(
                db.session, service, chosen.code, form.url.data, user=current_user()
            )
        flash(
            f"{chosen.name} est ouvert. {result.notified} "
            f"{'personne va' if result.notified <= 1 else 'personnes vont'} recevoir le courriel.",
            "success",
        )
        return redirect(url_for("team.open_territory", slug=service.slug), 303)
    if chosen:
        text = render_template(
            "email/territory_opened.txt",
            service=service,
            **opening.email_context(service, chosen.name, form.url.data),
            **PREVIEW_LINKS,
        )
        return render_template(
            "team/open_confirm.html", service=service, form=form, chosen=chosen, text=text
        )
    return form_page(
        "team/open_territory.html", form, service=service, level_label=LEVEL_LABELS[service.level]
    )


@bp.route("/services/<slug>/objectifs", methods=["GET", "POST"])
@member("owner")
@writes
def set_goal(service):
    form = GoalForm(formdata=request.form if request.method == "POST" else None, prefix="goal")
    if request.method == "POST" and form.validate():
        try:
            chosen = opening.choose(db.session, service, form.code.data)
            with unit_of_work():
                goals.set_goal(
                    db.session,
                    service,
                    chosen.code,
                    form.goal.data or None,
                    per_100k=form.unit.data == "taux",
                )
        except ServiceError as error:
            form.code.errors.append(str(error))
        except goals.GoalError as error:
            form.goal.errors.append(str(error))
        else:
            flash(f"Objectif enregistré pour {chosen.name}.", "success")
            return redirect(url_for("team.set_goal", slug=service.slug), 303)
    return form_page(
        "team/goal.html",
        form,
        service=service,
        level_label=LEVEL_LABELS[service.level],
        least=hidden_below(service),
    )
