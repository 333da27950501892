"""« Où ouvrir ensuite » : the team's ranking of territories, with its uncertainty."""

from flask import render_template, request

from pilotes.infra.extensions import db
from pilotes.reports import engine, next_open
from pilotes.web.team import bp
from pilotes.web.team.auth import member

SORT_LABELS = {
    "preuve": "Au moins (bas de l'intervalle)",
    "taux": "Pour 100 000 hab.",
    "demandes": "Demandes",
    "partenaires": "Partenaires engagés",
    "objectif": "Objectif",
    "nom": "Nom",
}


def ranking_level(service, asked: str | None = None) -> str:
    """The level ranked: the one asked, else the service's, else the départements."""
    if asked in next_open.LEVELS:
        return asked
    return service.level if service.level in next_open.LEVELS else "departement"


def team_ranking(service, level: str) -> next_open.Ranking:
    return next_open.from_rows(level, engine.territory_rows(db.session, service, level))


@bp.get("/services/<slug>/ou-ouvrir")
@member("viewer")
def next_territories(service):
    """Sorted on the server by the query string (works without JavaScript)."""
    level = ranking_level(service, request.args.get("niveau"))
    sort = request.args.get("tri", next_open.DEFAULT_SORT)
    sort = sort if sort in next_open.SORTS else next_open.DEFAULT_SORT
    ranking = team_ranking(service, level)
    return render_template(
        "team/next_open.html",
        service=service,
        ranking=ranking,
        candidates=ranking.sorted_by(sort),
        level=level,
        levels=next_open.LEVELS,
        sort=sort,
        sort_labels=SORT_LABELS,
        paragraphs=next_open.EXPLANATION,
    )
