"""Editing a service: its page (with a preview), its settings, its status, its territories."""

from flask import flash, g, redirect, request, url_for

from pilotes.domain import opening
from pilotes.domain.services import ServiceError, open_territories_named, set_status
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import Service
from pilotes.reports.protection import withdraw_edition
from pilotes.reports.summary import public_view
from pilotes.web.forms import form_page
from pilotes.web.public.forms import PostalCodeForm
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.team.forms import ServiceForm, SettingsForm
from pilotes.web.transactions import writes


@bp.route("/services/<slug>/page", methods=["GET", "POST"])
@member("editor")
@writes
def edit_page(service):
    form = ServiceForm(obj=service)
    preview = None
    if form.validate_on_submit():
        if request.form.get("action") == "preview":
            preview = Service(
                **{
                    name: form[name].data
                    for name in (
                        "name",
                        "tagline",
                        "problem",
                        "description",
                        "phase",
                        "contact_email",
                    )
                },
                slug=service.slug,
                level=service.level,
                status=service.status,
            )
        else:
            form.populate_obj(service)
            withdraw_edition(db.session, service)  # its name and phase are in the figures
            flash("La page est enregistrée.", "success")
            return redirect(url_for("team.edit_page", slug=service.slug))
    return form_page(
        "team/edit_page.html",
        form,
        service=service,
        preview=preview,
        preview_view=public_view(db.session, service) if preview else None,
        preview_open=open_territories_named(db.session, service) if preview else None,
        postal_form=PostalCodeForm(formdata=None),
    )


@bp.post("/services/<slug>/statut")
@member("editor")
@writes
def change_status(service):
    """Publish or unpublish (editors); archive or restore (owners: closer to deletion)."""
    status = request.form.get("status")
    archiving = status == "archived" or service.status == "archived"
    if archiving and not g.membership.allows("owner"):
        flash("Seul un responsable peut archiver ou désarchiver le service.", "error")
        return redirect(url_for("team.edit_page", slug=service.slug), 303)
    try:
        with unit_of_work():
            set_status(db.session, service, status)
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash(f"Le service est maintenant : {service.status_label.lower()}.", "success")
    return redirect(url_for("team.edit_page", slug=service.slug), 303)


@bp.route("/services/<slug>/parametres", methods=["GET", "POST"])
@member("owner")
@writes
def settings(service):
    form = SettingsForm(obj=service)
    if request.method == "GET":
        form.process_embed_origins(service.embed_origins)
    if form.validate_on_submit():
        form.populate_obj(service)
        withdraw_edition(db.session, service)  # the threshold protects the figures
        flash("Les paramètres sont enregistrés.", "success")
        return redirect(url_for("team.settings", slug=service.slug), 303)
    return form_page("team/settings.html", form, service=service)


@bp.post("/services/<slug>/territoires/fermer")
@member("owner")
@writes
def close_territory(service):
    try:
        with unit_of_work():
            opening.close_territory(
                db.session, service, request.form.get("code", ""), user=current_user()
            )
    except ServiceError as error:
        flash(str(error), "error")
    else:
        flash("Territoire fermé.", "success")
    return redirect(url_for("team.dashboard", slug=service.slug), 303)
