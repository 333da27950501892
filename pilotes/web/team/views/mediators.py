"""Mediator accounts: owners open and close them; a mediator records demands for people
who do not use the internet, sees the ones it recorded and erases them on request."""

from flask import abort, flash, redirect, render_template, request, url_for

from pilotes.domain import mediators, privacy
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import MEDIATOR, Mediator, Partner
from pilotes.territories.lookup import resolve_postal_code
from pilotes.web.forms import form_page
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.team.mediator_forms import AccompaniedDemandForm, MediatorInviteForm
from pilotes.web.transactions import writes


@bp.route("/services/<slug>/mediateurs", methods=["GET", "POST"])
@member("owner")
@writes
def mediators_page(service):
    form = MediatorInviteForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                mediators.invite(
                    db.session,
                    service,
                    form.email.data,
                    form.organisation.data,
                    form.kind.data,
                    invited_by=current_user(),
                )
        except mediators.MediatorError as error:
            form.email.errors = [*form.email.errors, str(error)]
        else:
            flash(f"{form.organisation.data} a reçu un accès médiateur par courriel.", "success")
            return redirect(url_for("team.mediators_page", slug=service.slug), 303)
    return form_page(
        "team/mediators.html",
        form,
        service=service,
        listed=mediators.mediators_of(db.session, service),
    )


@bp.post("/services/<slug>/mediateurs/<int:mediator_id>/retirer")
@member("owner")
@writes
def mediator_remove(service, mediator_id):
    found = db.session.get(Mediator, mediator_id)
    if found is None or found.service_id != service.id or found.removed_at is not None:
        abort(404)
    mediators.remove(db.session, found, current_user())
    flash(f"L'accès de {found.organisation} est fermé ; ses demandes restent comptées.", "success")
    return redirect(url_for("team.mediators_page", slug=service.slug), 303)


@bp.post("/services/<slug>/partenaires/<int:partner_id>/mediateur")
@member("owner")
@writes
def mediator_from_partner(service, partner_id):
    partner = db.session.get(Partner, partner_id)
    if partner is None or partner.service_id != service.id:
        abort(404)
    try:
        with unit_of_work():
            mediators.from_partner(db.session, partner, current_user())
    except mediators.MediatorError as error:
        flash(str(error), "error")
    else:
        flash(f"{partner.organisation_name} a reçu un accès médiateur par courriel.", "success")
    return redirect(
        url_for("team.pipeline_row", slug=service.slug, kind="partenaires", row_id=partner_id), 303
    )


def _own_account(service) -> Mediator:
    found = mediators.active(db.session, service, current_user())
    if found is None:
        abort(403)  # a mediator role without its organisation's row: closed meanwhile
    return found


@bp.route("/services/<slug>/accompagner", methods=["GET", "POST"])
@member(MEDIATOR)
@writes
def mediator_record(service):
    """One page, no JavaScript: postal code, then the commune when the code has several."""
    account = _own_account(service)
    source = request.form if request.method == "POST" else request.args
    lookup = resolve_postal_code(db.session, source.get("code_postal"))
    form = AccompaniedDemandForm(
        lookup=lookup, **({} if request.method == "POST" else {"formdata": None})
    )
    if request.method == "POST":
        valid = form.validate()
        if form.needs_commune and "communes_montrees" not in request.form:
            form.commune.errors = []  # first time the list is shown: a question, not a mistake
        if valid:
            try:
                with unit_of_work():
                    demand = mediators.record_demand(
                        db.session,
                        account,
                        current_user(),
                        form.place,
                        lookup.postal_code,
                        form.oral_consent.data,
                    )
            except mediators.MediatorError as error:
                form.oral_consent.errors = [*form.oral_consent.errors, str(error)]
            else:
                flash(
                    f"Demande {demand.reference} enregistrée pour {form.place.label}. Donnez "
                    "cette référence à la personne : elle lui servira si elle veut la faire "
                    "supprimer.",
                    "success",
                )
                return redirect(url_for("team.mediator_record", slug=service.slug), 303)
    return render_template(
        "team/mediator_record.html",
        service=service,
        account=account,
        form=form,
        consent=privacy.consent_text(mediators.ORAL_CONSENT_VERSION, "accompanied", service),
        recorded=mediators.recorded_by(db.session, account),
        today=mediators.recorded_recently(db.session, account),
    ), 422 if form.errors else 200


@bp.post("/services/<slug>/accompagner/<demand_reference>/supprimer")
@member(MEDIATOR)
@writes
def mediator_erase(service, demand_reference):
    """By the demand's reference, never its id (see ``Demand.reference``)."""
    account = _own_account(service)
    if not mediators.erase_demand(db.session, account, current_user(), demand_reference):
        abort(404)
    flash(f"Demande {demand_reference} supprimée : elle n'est plus comptée.", "success")
    return redirect(url_for("team.mediator_record", slug=service.slug), 303)
