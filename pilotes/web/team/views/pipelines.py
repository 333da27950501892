"""The pilot and partner pipelines: lists, a page per person or organisation, exports."""

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context
from sqlalchemy import select

from pilotes.domain import exports, inclusion, pipelines, volunteers
from pilotes.infra.csv_files import Export, csv_lines
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import (
    ANSWER_LABELS,
    ORGANISATION_TYPES,
    PARTNER_STATUSES,
    VOLUNTEER_STATUSES,
    WAYS,
    Partner,
    Volunteer,
)
from pilotes.territories.names import territory_names
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.team.forms import ContactForm, NoteForm, StatusForm
from pilotes.web.transactions import writes

PIPELINES = {
    "volontaires": (Volunteer, VOLUNTEER_STATUSES, "team/volunteer.html"),
    "partenaires": (Partner, PARTNER_STATUSES, "team/partner.html"),
}


def _pipeline(kind: str):
    if kind not in PIPELINES:
        abort(404)
    return PIPELINES[kind]


def _row(service, model, row_id: int):
    row = db.session.get(model, row_id)
    if row is None or row.service_id != service.id:
        abort(404)  # another service's row is no business of this team
    return row


def _register_commune(row) -> str | None:
    """The name of the commune where the register places a partner's establishment."""
    check = getattr(row, "siret_check", None)
    if check is None or not check.commune_code:
        return None
    return territory_names(db.session, "commune", [check.commune_code]).get(check.commune_code)


@bp.get("/services/<slug>/<any(volontaires, partenaires):kind>")
@member("editor")
def pipeline(service, kind):
    model, statuses, _ = _pipeline(kind)
    status = request.args.get("statut")
    query = select(model).where(model.service_id == service.id).order_by(model.id.desc())
    if status in statuses:
        query = query.where(model.status == status)
    rows = db.session.scalars(query.limit(1000)).all()
    return render_template(
        "team/pipeline.html",
        service=service,
        kind=kind,
        rows=rows,
        statuses=statuses,
        status=status,
        ways=WAYS,
    )


@bp.route(
    "/services/<slug>/<any(volontaires, partenaires):kind>/<int:row_id>", methods=["GET", "POST"]
)
@member("editor")
@writes
def pipeline_row(service, kind, row_id):
    """One volunteer or partner: history, status, notes (and contact, for volunteers)."""
    model, statuses, template = _pipeline(kind)
    row = _row(service, model, row_id)
    author = current_user().email
    status_form = StatusForm(statuses=statuses, data={"status": row.status}, prefix="s")
    note_form = NoteForm(prefix="n")
    contact_form = ContactForm(prefix="c")
    action = request.form.get("action")
    if request.method == "POST":
        if action == "status" and status_form.validate_on_submit():
            try:
                pipelines.set_status(
                    db.session, row, status_form.status.data, author, status_form.note.data
                )
            except pipelines.PipelineError as error:
                status_form.note.errors = [*status_form.note.errors, str(error)]
            else:
                flash("Statut enregistré.", "success")
                return redirect(request.path, 303)
        if action == "note" and note_form.validate_on_submit():
            try:
                pipelines.add_note(db.session, row, author, note_form.body.data)
            except pipelines.PipelineError as error:
                note_form.body.errors = [*note_form.body.errors, str(error)]
            else:
                flash("Note ajoutée.", "success")
                return redirect(request.path, 303)
        if action == "contact" and model is Volunteer and contact_form.validate_on_submit():
            try:
                with unit_of_work():
                    volunteers.contact(
                        db.session,
                        row,
                        author,
                        contact_form.subject.data,
                        contact_form.message.data,
                    )
            except volunteers.ContactRefused as error:
                contact_form.message.errors = [*contact_form.message.errors, str(error)]
            else:
                flash("Message envoyé.", "success")
                return redirect(request.path, 303)
    errors = status_form.errors or note_form.errors or contact_form.errors
    return render_template(
        template,
        service=service,
        kind=kind,
        row=row,
        statuses=statuses,
        ways=WAYS,
        organisation_types=ORGANISATION_TYPES,
        status_form=status_form,
        note_form=note_form,
        contact_form=contact_form,
        contacts_left=max(
            0, service.contact_limit_per_month - volunteers.contacts_in_window(db.session, row)
        )
        if model is Volunteer
        else None,
        register_commune=_register_commune(row),
        # Health-related answers: this page is for owners and editors only (member above).
        panel_answers=inclusion.answers_of(db.session, row) if model is Volunteer else None,
        panel_labels=ANSWER_LABELS,
    ), 422 if errors else 200


@bp.get("/services/<slug>/<any(volontaires, partenaires):kind>.csv")
@member("editor")
@writes
def pipeline_export(service, kind):
    """Personal data as CSV; every export is written in the audit log first."""
    export = exports.personal_data_csv(db.session, service, kind, current_user())
    return csv_response(export, f"{service.slug}-{kind}.csv")


@bp.get("/services/<slug>/demandes.csv")
@member("editor")
@writes
def demands_export(service):
    """Every demand with what the person gave (personal data): audited, streamed."""
    export = exports.personal_data_csv(db.session, service, "demandes", current_user())
    return csv_response(export, f"{service.slug}-demandes.csv")


def csv_response(export: Export, filename: str) -> Response:
    return Response(
        stream_with_context(csv_lines(export)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
