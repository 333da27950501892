"""Pages reached from links in emails: confirm, unsubscribe, erase."""

from flask import render_template, request

from pilotes import demands
from pilotes.extensions import csrf, db
from pilotes.public import bp
from pilotes.sqlite import writes


@bp.get("/e/confirmer/<token>")
@writes
def confirm(token: str):
    result = demands.confirm_demand(db.session, token)
    status = 200 if result.outcome in ("confirmed", "already") else 400
    return render_template("public/email_confirm.html", result=result), status


@bp.route("/e/desinscription/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a form token
def unsubscribe(token: str):
    demand = demands.demand_from_token(db.session, "unsubscribe", token)
    if demand is None:
        return render_template("public/email_bad_link.html"), 400
    if request.method == "POST":
        demands.unsubscribe(db.session, demand)
        return render_template("public/email_unsubscribed.html", demand=demand)
    return render_template("public/email_unsubscribe.html", demand=demand, token=token)


@bp.route("/e/effacer/<token>", methods=["GET", "POST"])
def erase(token: str):
    demand = demands.demand_from_token(db.session, "erase", token)
    if demand is None:
        return render_template("public/email_bad_link.html"), 400
    if request.method == "POST":
        demands.erase(db.session, demand)
        return render_template("public/email_erased.html", demand=demand)
    return render_template("public/email_erase.html", demand=demand, token=token)
