"""Owners manage the team, and read the audit log of personal data."""

from flask import abort, flash, redirect, render_template, url_for

from pilotes.domain import accounts, audit
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import ROLES, Membership
from pilotes.web.forms import form_page
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
    return form_page(
        "team/members.html",
        form,
        service=service,
        roles=ROLES,
        members=accounts.members_of(db.session, service),
        role_form=RoleForm(formdata=None),
    )


def _membership(service, membership_id: int) -> Membership:
    found = db.session.get(Membership, membership_id)
    if found is None or found.service_id != service.id:
        abort(404)
    return found


def _change_team(service, change, done: str):
    """Make ``change`` to the team in its own unit of work; a refusal (the last owner) is
    said as it is and changes nothing."""
    try:
        with unit_of_work():
            change()
    except accounts.AccountError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("team.members", slug=service.slug), 303)


@bp.post("/services/<slug>/membres/<int:membership_id>/role")
@member("owner")
@writes
def member_role(service, membership_id):
    form = RoleForm()
    if not form.validate_on_submit():
        return redirect(url_for("team.members", slug=service.slug), 303)
    found = _membership(service, membership_id)
    return _change_team(
        service,
        lambda: accounts.set_role(db.session, found, form.role.data, by=current_user()),
        "Rôle modifié.",
    )


@bp.post("/services/<slug>/membres/<int:membership_id>/retirer")
@member("owner")
@writes
def member_remove(service, membership_id):
    found = _membership(service, membership_id)
    return _change_team(
        service,
        lambda: accounts.remove_member(db.session, found, by=current_user()),
        "Membre retiré de l'équipe.",
    )


@bp.get("/services/<slug>/journal")
@member("owner")
def audit_log(service):
    return render_template(
        "team/audit.html", service=service, entries=audit.entries(db.session, service)
    )
