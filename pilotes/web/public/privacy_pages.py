"""A service's privacy page, and getting a copy of one's data by email."""

from flask import render_template, request

from pilotes.domain import flags, inclusion, privacy, testimonials
from pilotes.infra.extensions import db
from pilotes.models import (
    ANSWER_LABELS,
    ORGANISATION_TYPES,
    PARTNER_STATUSES,
    PROFILES,
    VOLUNTEER_STATUSES,
    WAYS,
)
from pilotes.territories.names import territory_names
from pilotes.web.no_store import no_store
from pilotes.web.public import bp
from pilotes.web.public.forms import DataCopyForm
from pilotes.web.public.routes import published_or_404
from pilotes.web.transactions import writes

# The lines of a volunteer's or partner's history, as the data copy names them.
EVENT_LABELS = {"note": "Note de l'équipe", "status": "Changement de statut", "contact": "Message"}


@bp.get("/services/<slug>/donnees-personnelles")
def service_privacy(slug: str):
    service = published_or_404(slug)
    texts = {
        kind: privacy.consent_text(privacy.latest_consent_version(kind), kind, service)
        for kind in ("volunteer", "partner", "inclusion", "testimony", "accompanied")
    }
    texts["demand"] = privacy.consent_text(
        privacy.demand_consent_version(service), "demand", service
    )
    return render_template("public/service_privacy.html", service=service, texts=texts)


@bp.route("/mes-donnees", methods=["GET", "POST"])
@no_store  # the answer names the address
@writes
def data_copy_request():
    form = DataCopyForm()
    if form.validate_on_submit():
        privacy.send_data_copy_link(db.session, form.email.data)
        return render_template("public/data_copy_sent.html", email=form.email.data)
    status = 422 if request.method == "POST" else 200
    return render_template("public/data_copy_request.html", form=form), status


@bp.get("/mes-donnees/<token>")
@no_store
def data_copy(token: str):
    records = privacy.records_from_copy_link(db.session, token)
    if records is None:
        return render_template("public/email_bad_link.html"), 400
    return render_template(
        "public/data_copy.html",
        address=records[0][1].email if records else None,
        records=records,
        said=testimonials.of_signups(db.session, records),
        # What each person agreed to, word for word: the text of the version they read.
        consents={
            (kind, row.id): privacy.consent_text(row.consent_version, kind, row.service)
            for kind, row in records
            if row.consent_version
        },
        ways=WAYS,
        profiles=PROFILES,
        organisation_types=ORGANISATION_TYPES,
        statuses={"volunteer": VOLUNTEER_STATUSES, "partner": PARTNER_STATUSES},
        event_labels=EVENT_LABELS,
        flag_reasons=flags.REASONS,
        # The panel's answers, kept apart from the volunteer rows: in the copy all the same.
        panel_answers=inclusion.answers_by_volunteer(
            db.session, [row.id for kind, row in records if kind == "volunteer"]
        ),
        panel_labels=ANSWER_LABELS,
        # A person knows their commune by its name, not by its Insee code.
        commune_names=territory_names(
            db.session,
            "commune",
            {row.commune_code for kind, row in records if kind in ("demand", "volunteer")},
        ),
    )
