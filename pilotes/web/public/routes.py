"""The beta page and the demand journey: postal code -> commune -> open here, or a demand."""

from contextlib import suppress

from flask import abort, make_response, redirect, render_template, request, session, url_for

from pilotes.domain import demands, privacy, services
from pilotes.domain.abuse import Signals
from pilotes.domain.demands import DemandRequest
from pilotes.domain.form_tokens import FormReplayed, form_timestamp
from pilotes.infra.extensions import db
from pilotes.reports import voices
from pilotes.reports.summary import public_view
from pilotes.territories.lookup import counted_label, resolve_postal_code
from pilotes.territories.names import cog_code
from pilotes.web.no_store import no_store
from pilotes.web.page_cache import anonymous_page
from pilotes.web.public import bp
from pilotes.web.public.forms import CommuneForm, DemandForm, PostalCodeForm
from pilotes.web.transactions import writes


def published_or_404(slug: str):
    service = services.get_published(db.session, slug)
    if service is None:
        abort(404)
    return service


def published_from_memory_or_404(slug: str) -> services.PublishedService:
    service = services.published(db.session, slug)
    if service is None:
        abort(404)
    return service


@bp.get("/")
@anonymous_page
def index():
    return render_template("public/index.html", services=services.published_services(db.session))


@bp.get("/services/<slug>")
@anonymous_page
def service_page(slug: str):
    service = published_or_404(slug)
    return render_template(
        "public/service.html",
        service=service,
        form=PostalCodeForm(formdata=None),
        view=public_view(db.session, service),
        open_territories=services.open_territories_named(db.session, service),
        quotes=voices.published_quotes(db.session, service, limit=6),
        impact=voices.impact(db.session, service),
    )


@bp.get("/services/<slug>/demande")
def demand_start(slug: str):
    """Steps 1-3 by GET: each answer is in the URL, so Back and reload just work."""
    service = published_from_memory_or_404(slug)
    if "code_postal" not in request.args:
        return render_template("public/demand_start.html", service=service, form=PostalCodeForm())
    if request.args.get("etape") == "code_postal":  # « Modifier » : the code typed, to edit
        form = PostalCodeForm(data={"code_postal": request.args.get("code_postal")})
        return render_template("public/demand_start.html", service=service, form=form)
    lookup = resolve_postal_code(db.session, request.args.get("code_postal"))
    if not lookup.ok:
        form = PostalCodeForm(request.args, lookup=lookup)
        form.validate()
        return render_template("public/demand_start.html", service=service, form=form)
    place = (
        lookup.places[0] if len(lookup.places) == 1 else lookup.find(request.args.get("commune"))
    )
    if place is None:
        form = CommuneForm(request.args, lookup=lookup)
        if request.args.get("etape") == "commune":
            form.validate()
        return render_template(
            "public/demand_commune.html", service=service, form=form, lookup=lookup
        )
    availability = services.availability(db.session, service, place)
    if availability.is_open:
        return render_template(
            "public/demand_open.html", service=service, place=place, availability=availability
        )
    form = DemandForm(
        formdata=None,
        lookup=lookup,
        data={"code_postal": lookup.postal_code, "commune": place.code, "t": form_timestamp()},
    )
    response = make_response(_demand_form_page(service, form, place, lookup))
    # The page carries a one-use token: Back must fetch a fresh one, not show a spent one.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/services/<slug>/demande")
@writes
def demand_submit(slug: str):
    service = published_from_memory_or_404(slug)
    lookup = resolve_postal_code(db.session, request.form.get("code_postal"))
    form = DemandForm(lookup=lookup)
    place = lookup.find(form.commune.data) if lookup.ok else None
    if not form.validate() or place is None:
        if place is None:  # the hidden answers of steps 1-2 were lost or altered: start again
            start = PostalCodeForm(data={"code_postal": lookup.postal_code}, lookup=lookup)
            start.validate()
            return render_template("public/demand_start.html", service=service, form=start), 422
        return _demand_form_page(service, form, place, lookup), 422
    session["courriel"] = form.email.data or None  # shown once on the next page, then dropped
    # A second click, or a script replaying one page load, files nothing: the first one
    # counted. The token is the demand's first statement, so nothing is left to undo.
    with suppress(FormReplayed):
        filed = demands.file_demand(  # in the view's unit of work: one transaction
            db.session,
            service,
            DemandRequest(
                place=place,
                postal_code=lookup.postal_code,
                email=form.email.data or None,
                consent=bool(form.email.data),  # given for this purpose, stated at the field
                consent_version=form.consentement.data,
                profile=form.profile.data or None,
                comment=form.comment.data or None,
                signals=Signals.from_form(request.remote_addr, form.site_web.data, form.t.data),
            ),
        )
        # What the thanks page may say, for this browser only: a demand set aside as
        # automated is not counted until reviewed (the page then does not say it is).
        session["demande"] = {
            "service": slug,
            "code_postal": lookup.postal_code,
            "commune": place.code,
            "comptee": filed.row.flagged_at is None,
        }
    return redirect(
        url_for(
            "public.demand_thanks",
            slug=slug,  # not service.slug: no reload after the commit
            courriel="1" if form.email.data else None,  # the rest is in the session
        ),
        303,
    )


def _demand_form_page(service, form: DemandForm, place, lookup) -> str:
    """The demand form, with the consent text it shows now by the email field and, in a
    hidden field, that text's version, which the demand records."""
    form.consentement.data = privacy.demand_consent_version(service)
    consent = privacy.consent_text(form.consentement.data, "demand", service)
    return render_template(
        "public/demand_form.html",
        service=service,
        form=form,
        place=place,
        lookup=lookup,
        consent=consent,
    )


@bp.get("/services/<slug>/merci")
@no_store  # the address given, once
def demand_thanks(slug: str):
    """Says what this browser filed (the session), never what the URL claims."""
    service = published_from_memory_or_404(slug)
    filed = session.get("demande")
    if not filed or filed.get("service") != slug:
        return redirect(url_for("public.service_page", slug=slug), 303)
    lookup = resolve_postal_code(db.session, filed["code_postal"])
    place = lookup.find(filed["commune"]) if lookup.ok else None
    return render_template(
        "public/demand_thanks.html",
        service=service,
        postal_code=filed["code_postal"],
        counted_in=counted_label(db.session, place) if place and filed["comptee"] else None,
        with_email=request.args.get("courriel") == "1",
        email=session.pop("courriel", None),
    )


@bp.get("/services/<slug>/territoires/<code>")
def territory_page(slug: str, code: str):
    """One territory's public figures: the link sent when a goal is reached."""
    service = published_or_404(slug)
    view = public_view(db.session, service)
    figures = view.territory(cog_code(code))
    if figures is None:
        abort(404)
    return render_template(
        "public/territory.html", service=service, figures=figures, threshold=view.threshold
    )
