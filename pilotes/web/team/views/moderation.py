"""Owners invalidate surges: count first, then confirm."""

from flask import flash, redirect, request, url_for

from pilotes.domain import abuse
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.infra.french import PARIS
from pilotes.web.forms import form_page
from pilotes.web.team import bp
from pilotes.web.team.auth import current_user, member
from pilotes.web.team.forms import InvalidationForm
from pilotes.web.transactions import writes


@bp.route("/services/<slug>/moderation", methods=["GET", "POST"])
@member("owner")
@writes
def moderation(service):
    form = InvalidationForm()
    count = None
    if form.validate_on_submit():
        criteria = abuse.Criteria(
            ip_range=form.ip_range.data or None,
            email_domain=form.email_domain.data or None,
            # Typed in Paris time, as the team reads every other time.
            since=form.since.data.replace(tzinfo=PARIS) if form.since.data else None,
            until=form.until.data.replace(tzinfo=PARIS) if form.until.data else None,
        )
        try:
            with unit_of_work():
                count = abuse.count_matching(db.session, service, criteria)
                if request.form.get("action") == "confirm":
                    done = abuse.invalidate(db.session, service, criteria, current_user())
                    flash(f"{done} demande(s) invalidée(s) ; les chiffres sont à jour.", "success")
                    return redirect(url_for("team.moderation", slug=service.slug), 303)
        except abuse.InvalidationError as error:
            form.ip_range.errors = [*form.ip_range.errors, str(error)]
            count = None
    surges = [s for s in abuse.find_surges(db.session) if s.service.id == service.id]
    return form_page("team/moderation.html", form, service=service, count=count, surges=surges)
