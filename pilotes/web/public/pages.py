"""Pages every public site must have, linked from the footer."""

from flask import render_template

from pilotes.web.public import bp


@bp.get("/accessibilite")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/mentions-legales")
def legal():
    return render_template("public/legal.html")


@bp.get("/donnees-personnelles")
def privacy():
    return render_template("public/privacy.html")
