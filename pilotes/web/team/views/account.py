"""Signing in and out, the password, and the list of one's services; admins add services."""

import time

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from pilotes.domain import accounts
from pilotes.domain.services import ServiceError, create_service
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db, limiter
from pilotes.models import Service
from pilotes.web.forms import form_page
from pilotes.web.team import bp
from pilotes.web.team.auth import admin_only, current_user, public, safe_next, signed_in
from pilotes.web.team.auth import sign_in as start_session
from pilotes.web.team.auth import sign_out as end_session
from pilotes.web.team.forms import NewServiceForm, PasswordForm, SignInForm
from pilotes.web.team.views.proconnect import provider_logout
from pilotes.web.transactions import writes


def _sign_in_key() -> str:
    """Rate-limit password attempts by address as well as by client: one account's password
    cannot be guessed from many clients.

    The address is counted as the account lookup reads it, folded further (NFKC, case):
    ``ｅxample.org`` or ``example。org`` is the same budget, not a fresh one.
    """
    return "sign-in:" + accounts.rate_limit_email_key(request.form.get("email") or "")


def _asks_for_a_link() -> bool:
    """A request for an emailed link is outside the per-address limit: wrong passwords sent
    by anyone must not lock the account's owner out. Its own budget is per account, in
    ``accounts.send_sign_in_link``, and answered as usual (no 429, no new email)."""
    return not request.form.get("password")


def _steady(started: float) -> None:
    """Answer no sooner than SIGN_IN_FLOOR_SECONDS after ``started``: whether a link was
    made and queued (an account) or not (none) then does not show in the timing."""
    left = current_app.config["SIGN_IN_FLOOR_SECONDS"] - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@limiter.limit(
    "5 per minute", methods=["POST"], key_func=_sign_in_key, exempt_when=_asks_for_a_link
)
@public
@writes
def sign_in():
    started = time.monotonic()
    form = SignInForm(data={"next": request.args.get("next", "")})
    if request.method == "POST" and form.validate_on_submit():
        if form.password.data:
            user = accounts.check_password(db.session, form.email.data, form.password.data)
            if user is None:
                form.password.errors.append("Adresse ou mot de passe incorrect.")
                _steady(started)
                return render_template("team/sign_in.html", form=form), 422
            start_session(user)
            return redirect(safe_next(form.next.data) or url_for("team.home"))
        accounts.send_sign_in_link(db.session, form.email.data)
        _steady(started)
        return render_template("team/sign_in_sent.html", email=form.email.data)
    return form_page("team/sign_in.html", form)


@bp.route("/connexion/lien/<token>", methods=["GET", "POST"])
@public
@writes
def sign_in_link(token: str):
    """GET shows a button; only the POST spends the link, so that mail scanners that
    open links do not use it up."""
    if request.method != "POST":  # HEAD too: scanners send it
        return render_template("team/sign_in_link.html", token=token)
    result = accounts.use_sign_in_link(db.session, token)
    if result.outcome != "ok":
        return render_template("team/sign_in_refused.html", outcome=result.outcome), 400
    start_session(result.user)
    return redirect(url_for("team.home"))


@bp.post("/deconnexion")
@signed_in
@writes
def sign_out():
    accounts.sign_out_everywhere(db.session, current_user())
    at_provider = provider_logout()
    end_session()
    flash("Vous êtes déconnecté.", "success")
    return redirect(at_provider or url_for("team.sign_in"))


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@signed_in
@writes
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user()
        accounts.set_password(db.session, user, form.password.data)
        start_session(user)  # this session stays; the others end
        flash("Votre mot de passe est enregistré.", "success")
        return redirect(url_for("team.home"))
    return form_page("team/password.html", form)


@bp.get("/")
@signed_in
def home():
    return render_template(
        "team/home.html", memberships=accounts.memberships_of(db.session, current_user())
    )


@bp.route("/admin/services", methods=["GET", "POST"])
@admin_only
@writes
def admin_services():
    form = NewServiceForm()
    if form.validate_on_submit():
        try:
            with unit_of_work():
                service = create_service(
                    db.session,
                    slug=form.slug.data,
                    name=form.name.data,
                    level=form.level.data,
                    tagline=form.tagline.data,
                    problem=form.problem.data,
                    description=form.description.data,
                    phase=form.phase.data,
                    contact_email=form.contact_email.data,
                )
        except ServiceError as error:
            form.slug.errors.append(str(error))
        else:
            accounts.add_member(
                db.session, service, form.owner_email.data, "owner", invited_by=current_user()
            )
            flash(f"Service {service.name} créé ; son responsable a reçu un lien.", "success")
            return redirect(url_for("team.admin_services"))
    services = db.session.scalars(select(Service).order_by(Service.name)).all()
    return form_page("team/admin_services.html", form, services=services)
