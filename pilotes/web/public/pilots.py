"""Volunteering: citizens who offer to test, organisations that offer to pilot."""

from functools import partial

from flask import redirect, render_template, request, url_for

from pilotes.domain import partners, privacy, volunteers
from pilotes.domain.signups.core import CONSENT_VERSION
from pilotes.infra.extensions import db
from pilotes.territories.lookup import resolve_commune_codes, resolve_postal_code
from pilotes.territories.names import territory_options
from pilotes.web.public import bp
from pilotes.web.public.forms import VolunteerForm
from pilotes.web.public.panel_form import AUTONOMY_PICTOGRAMS
from pilotes.web.public.partner_form import PartnerForm
from pilotes.web.public.routes import published_or_404
from pilotes.web.transactions import writes


@bp.route("/services/<slug>/volontaire", methods=["GET", "POST"])
@writes
def volunteer(slug: str):
    service = published_or_404(slug)
    source = request.form if request.method == "POST" else request.args
    lookup = resolve_postal_code(db.session, source.get("code_postal"))
    form = (
        VolunteerForm(lookup=lookup)
        if request.method == "POST"
        else VolunteerForm(
            formdata=None, lookup=lookup, data={"code_postal": request.args.get("code_postal", "")}
        )
    )
    if request.method == "POST":
        valid = form.validate()
        if form.needs_commune and "communes_montrees" not in request.form:
            form.commune.errors = []  # first time the list is shown: a question, not a mistake
        if valid:
            volunteers.volunteer(
                db.session,
                service,
                volunteers.VolunteerRequest(
                    place=form.place,
                    postal_code=lookup.postal_code,
                    email=form.email.data,
                    ways=tuple(form.ways.data),
                    availability=form.availability.data,
                    inclusion=form.inclusion_request(),
                ),
            )
            return redirect(url_for("public.volunteer_thanks", slug=slug), 303)
        return _volunteer_page(service, form), (422 if form.errors else 200)
    return _volunteer_page(service, form)


def _volunteer_page(service, form):
    # The box says the very text whose version is stored with the answers.
    form.inclusion_consent.label.text = privacy.consent_text(CONSENT_VERSION, "inclusion", service)
    return render_template(
        "public/volunteer_form.html", service=service, form=form, pictograms=AUTONOMY_PICTOGRAMS
    )


@bp.get("/services/<slug>/volontaire/merci")
def volunteer_thanks(slug: str):
    return render_template("public/volunteer_thanks.html", service=published_or_404(slug))


@bp.route("/services/<slug>/partenaire", methods=["GET", "POST"])
@writes
def partner(slug: str):
    service = published_or_404(slug)
    form = PartnerForm(
        level=service.level,
        options=[] if service.level == "commune" else territory_options(db.session, service.level),
        resolve_communes=partial(resolve_commune_codes, db.session),
        **({} if request.method == "POST" else {"formdata": None}),
    )
    if request.method == "POST":
        if form.validate():
            partners.volunteer_partner(
                db.session,
                service,
                partners.PartnerRequest(
                    organisation_name=form.organisation_name.data,
                    organisation_type=form.organisation_type.data,
                    territory_codes=form.resolved_codes,
                    contact_name=form.contact_name.data,
                    contact_role=form.contact_role.data,
                    email=form.email.data,
                    siret=form.siret.data or None,
                    phone=form.phone.data or None,
                    offer=form.offer.data,
                    capacity=form.capacity.data,
                ),
            )
            return redirect(url_for("public.partner_thanks", slug=slug), 303)
        return render_template("public/partner_form.html", service=service, form=form), 422
    return render_template("public/partner_form.html", service=service, form=form)


@bp.get("/services/<slug>/partenaire/merci")
def partner_thanks(slug: str):
    return render_template("public/partner_thanks.html", service=published_or_404(slug))
