"""Pages reached from links in emails: confirm, unsubscribe, erase — for every kind of signup."""

from flask import abort, make_response, render_template, request

from pilotes.domain.signups import core, links
from pilotes.infra import signing
from pilotes.infra.extensions import csrf, db
from pilotes.web.no_store import no_store
from pilotes.web.public import bp
from pilotes.web.transactions import writes


@bp.route("/e/confirmer/<token>", methods=["GET", "POST"])
@no_store
@writes
def confirm(token: str):
    """GET shows a button; only the POST confirms, so that mail scanners that open links
    do not confirm for the person (double opt-in means a person clicked)."""
    if request.method != "POST":  # HEAD too: scanners send it
        result = links.confirmation_for(db.session, token)
        if result.outcome == "pending":
            return render_template("public/email_confirm_ask.html", result=result)
    else:
        result = links.confirm(db.session, token)
    status = 200 if result.outcome in ("confirmed", "already") else 400
    return render_template("public/email_confirm.html", result=result), status


def _signup_of(purpose: str, token: str):
    """The kind and row a link of ``purpose`` is for; a bad link ends here (400)."""
    found = links.from_token(db.session, purpose, token)
    if found is None:
        abort(make_response(render_template("public/email_bad_link.html"), 400))
    return found


def _page(template: str, kind, row, **context) -> str:
    return render_template(f"public/{template}.html", kind=kind.name, row=row, **context)


@bp.route("/e/desinscription/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a form token
@no_store
@writes
def unsubscribe(token: str):
    kind, row = _signup_of(signing.UNSUBSCRIBE, token)
    if request.method == "POST":
        core.unsubscribe(db.session, kind, row)
        return _page("email_unsubscribed", kind, row)
    return _page("email_unsubscribe", kind, row)


@bp.route("/e/effacer/<token>", methods=["GET", "POST"])
@no_store
@writes
def erase(token: str):
    kind, row = _signup_of(signing.ERASE, token)
    if row.erased_at is not None:
        return _page("email_erased", kind, row, again=True)
    if request.method == "POST":
        core.erase(db.session, kind, row)
        return _page("email_erased", kind, row)
    return _page("email_erase", kind, row)
