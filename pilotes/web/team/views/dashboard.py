"""A service's dashboard: key figures, trend, map, the table of territories."""

from flask import render_template, request

from pilotes.infra.extensions import db
from pilotes.models import LEVELS, PARTNER_STATUSES
from pilotes.reports import charts, engine, next_open
from pilotes.territories.names import french_order, homonym_departements
from pilotes.web.team import bp
from pilotes.web.team.auth import member
from pilotes.web.team.views.next_open import ranking_level

SORTS = {
    "code": lambda r: r.code,
    "nom": lambda r: (french_order(r.name), r.code),
    "demandes": lambda r: -r.demands,
    "confirmees": lambda r: -r.confirmed,
    "habitants": lambda r: -(r.per_100k or 0),
    "volontaires": lambda r: -r.volunteers,
    "partenaires": lambda r: -r.active_partners,
}


@bp.get("/services/<slug>/")
@member("viewer")
def dashboard(service):
    rows = engine.territory_rows(db.session, service, service.level)
    figures = engine.key_figures(db.session, service, rows)
    weeks = engine.weekly_series(db.session, service)
    by_departement = (
        rows
        if service.level == "departement"
        else engine.territory_rows(db.session, service, "departement")
    )
    level = ranking_level(service)
    ranking = next_open.from_rows(level, rows if level == service.level else by_departement)
    return render_template(
        "team/dashboard.html",
        service=service,
        figures=figures,
        partner_statuses=PARTNER_STATUSES,
        weekly_chart=charts.weekly(
            [
                {"week": w.isoformat(), "demands": c + u + a, "confirmed": c, "suppressed": None}
                for w, c, u, a in weeks
            ]
        ),
        map_chart=charts.departement_map(
            [
                {"code": r.code, "name": r.name, "per_100k": r.per_100k, "suppressed": {}}
                for r in by_departement
            ]
        ),
        # Exact counts (rounding base 1), in the order of « Où ouvrir ensuite » above.
        without_partner=next_open.by_evidence(engine.demand_without_partner(rows), 1)[:10],
        ranking=ranking,
        next_candidates=ranking.sorted_by(next_open.DEFAULT_SORT)[:5],
        explanation=next_open.EXPLANATION,
    )


@bp.get("/services/<slug>/territoires")
@member("viewer")
def territories(service):
    """The table of territories, sorted and filtered by the query string (no JavaScript)."""
    level = request.args.get("niveau", service.level)
    level = level if level in LEVELS else service.level
    rows = engine.territory_rows(db.session, service, level)
    query = (request.args.get("q") or "").strip().lower()
    if query:
        rows = [r for r in rows if query in r.name.lower() or r.code.lower().startswith(query)]
    if request.args.get("avec") == "demande":
        rows = [r for r in rows if r.demands]
    sort = request.args.get("tri", "demandes")
    rows.sort(key=SORTS.get(sort, SORTS["demandes"]))
    return render_template(
        "team/territories.html",
        service=service,
        rows=rows,
        departements=homonym_departements(db.session, level, [(r.code, r.name) for r in rows]),
        level=level,
        levels=LEVELS,
        sort=sort,
        query=query,
        with_demand=request.args.get("avec") == "demande",
    )
