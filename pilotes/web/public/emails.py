"""Pages reached from links in emails: confirm, unsubscribe, erase — for every kind of signup."""

from flask import render_template, request

from pilotes.domain.signups import core, links
from pilotes.infra import signing
from pilotes.infra.extensions import csrf, db
from pilotes.web.public import bp
from pilotes.web.transactions import writes


@bp.route("/e/confirmer/<token>", methods=["GET", "POST"])
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


@bp.route("/e/desinscription/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a form token
@writes
def unsubscribe(token: str):
    found = links.from_token(db.session, signing.UNSUBSCRIBE, token)
    if found is None:
        return render_template("public/email_bad_link.html"), 400
    kind, row = found
    if request.method == "POST":
        core.unsubscribe(db.session, kind, row)
        return render_template("public/email_unsubscribed.html", kind=kind.name, row=row)
    return render_template("public/email_unsubscribe.html", kind=kind.name, row=row)


@bp.route("/e/effacer/<token>", methods=["GET", "POST"])
@writes
def erase(token: str):
    found = links.from_token(db.session, signing.ERASE, token)
    if found is None:
        return render_template("public/email_bad_link.html"), 400
    kind, row = found
    if request.method == "POST":
        core.erase(db.session, kind, row)
        return render_template("public/email_erased.html", kind=kind.name, row=row)
    return render_template("public/email_erase.html", kind=kind.name, row=row)
