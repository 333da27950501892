"""Owners manage the team, and read the audit log of personal data."""

from flask import abort, flash, redirect, render_template, url_for

from pilotes.domain import accounts, audit
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import ROLES, Membership
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.team.forms import InviteForm, RoleForm
from pilotes.web.transactions import writes


@bp.route("/services/<slug>/membres", methods=["GET", "POST"])
@member("owner")
@writes
def members(service):
    form = InviteForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                accounts.add_member(
                    db.session, service, form.email.data, form.role.data, invited_by=current_user()
                )
        except accounts.AccountError as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            flash(f"{form.email.data} a été invité et a reçu un lien de connexion.", "success")
            return redirect(url_for("team.members", slug=service.slug), 303)
    return render_template(
        "team/members.html",
        service=service,
        form=form,
        roles=ROLES,
        members=accounts.members_of(db.session, service),
        role_form=RoleForm(formdata=None),
    ), 422 if form.errors else 200


def _membership(service, membership_id: int) -> Membership:
    found = db.session.get(Membership, membership_id)
    if found is None or found.service_id != service.id:
        abort(404)
    return found


@bp.post("/services/<slug>/membres/<int:membership_id>/role")
@member("owner")
@writes
def member_role(service, membership_id):
    form = RoleForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                accounts.set_role(db.session, _membership(service, membership_id), form.role.data)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            flash("Rôle modifié.", "success")
    return redirect(url_for("team.members", slug=service.slug), 303)


@bp.post("/services/<slug>/membres/<int:membership_id>/retirer")
@member("owner")
@writes
def member_remove(service, membership_id):
    try:
        with unit_of_work():
            accounts.remove_member(db.session, _membership(service, membership_id))
    except accounts.AccountError as error:
        flash(str(error), "error")
    else:
        flash("Membre retiré de l'équipe.", "success")
    return redirect(url_for("team.members", slug=service.slug), 303)


@bp.get("/services/<slug>/journal")
@member("owner")
def audit_log(service):
    return render_template(
        "team/audit.html", service=service, entries=audit.entries(db.session, service)
    )
