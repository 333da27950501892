"""Names of territories by level and code, for pages and reports."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.models import Commune, Departement, Region

MODELS = {"region": Region, "departement": Departement, "commune": Commune}


def territory_names(session: Session, level: str, codes=None) -> dict[str, str]:
    """{code: name} at ``level``, for ``codes`` or for every territory of that level."""
    model = MODELS[level]
    query = select(model.code, model.name)
    if codes is not None:
        codes = list(codes)
        if not codes:
            return {}
        query = query.where(model.code.in_(codes))
    return dict(session.execute(query).all())
