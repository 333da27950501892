"""Names of territories by level and code, for pages and reports."""

import re
import unicodedata
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.models import Commune, Departement, Region

MODELS = {"region": Region, "departement": Departement, "commune": Commune}


def cog_code(raw: str | None) -> str:
    """A territory code as typed in a URL or a form, in its COG spelling: « 2a » is 2A."""
    return (raw or "").strip().upper()


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


def territory_population(session: Session, level: str, code: str) -> int | None:
    """The population of one territory (None: no such territory)."""
    model = MODELS[level]
    return session.scalar(select(model.population).where(model.code == code))


# Territories where nobody lives: no organisation can pilot a service there.
UNINHABITED = {"984", "989"}  # Terres australes et antarctiques françaises, Clipperton


def territory_options(session: Session, level: str) -> list[tuple[str, str, str | None]]:
    """(code, name, région name) of every inhabited région or département, in French order."""
    if level == "region":
        rows = session.execute(select(Region.code, Region.name))
        return sorted(
            ((code, name, None) for code, name in rows if code not in UNINHABITED),
            key=lambda option: french_order(option[1]),
        )
    rows = session.execute(
        select(Departement.code, Departement.name, Region.name).join(
            Region, Region.code == Departement.region_code
        )
    )
    return sorted(
        (
            (code, f"{name} ({code})", region)
            for code, name, region in rows
            if code not in UNINHABITED
        ),
        key=lambda option: (french_order(option[2]), option[0]),
    )


def folded(text: str) -> str:
    """Lower case without accents, hyphens or apostrophes: « Côtes-d'Armor » ~ « cotes d armor »."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.split(r"[\s\-'’]+", text)).strip()


def french_order(name: str) -> tuple[str, str]:
    """A sort key for French names that needs no OS locale: the name without accents or case
    first, then the name itself, so « Éloise » comes between « Confort » and « Injoux »."""
    return folded(name).casefold(), name


def homonym_departements(
    session: Session, level: str, territories: list[tuple[str, str]]
) -> dict[str, str]:
    """{code: département name} of the communes among ``territories`` ((code, name)) whose
    name another of them shares: in a list, « Saint-Denis » alone does not say which."""
    if level != "commune":
        return {}
    names = Counter(name for _, name in territories)
    shared = [code for code, name in territories if names[name] > 1]
    if not shared:
        return {}
    return dict(
        session.execute(
            select(Commune.code, Departement.name)
            .join(Departement, Departement.code == Commune.departement_code)
            .where(Commune.code.in_(shared))
        ).all()
    )


def find_territories(session: Session, level: str, text: str) -> list[tuple[str, str]]:
    """(code, name) of the territories ``text`` names at ``level``: by code, else by name.

    An exact name wins over names that merely start with the text (« Ain » is not « Aisne »).
    """
    wanted = (text or "").strip()
    if not wanted:
        return []
    by_code = territory_names(session, level, [cog_code(wanted)])
    if by_code:
        return list(by_code.items())
    key = folded(wanted)
    names = territory_names(session, level)
    found = [(code, name) for code, name in names.items() if folded(name) == key] or [
        (code, name) for code, name in names.items() if folded(name).startswith(key)
    ]
    return sorted(found, key=lambda item: (french_order(item[1]), item[0]))
