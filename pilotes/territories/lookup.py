"""Resolve what a person types (a postal code) to the communes it may mean."""

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.infra.cache import kept
from pilotes.models.place import code_at
from pilotes.models.territory import Commune, Departement, PostalCode, Region
from pilotes.territories.names import french_order, territory_names

POSTAL_CODE_RE = re.compile(r"^[0-9]{5}$")


@dataclass(frozen=True)
class Place:
    """A commune (or arrondissement) with its département and région."""

    commune_code: str  # the commune itself; the parent commune for an arrondissement
    arrondissement_code: str | None
    name: str
    departement_code: str
    departement_name: str
    region_code: str
    region_name: str

    @property
    def code(self) -> str:
        """The most precise code: the arrondissement where there is one."""
        return self.arrondissement_code or self.commune_code

    @property
    def label(self) -> str:
        return f"{self.name} ({self.departement_name})"

    def territory_code(self, level: str) -> str:
        return code_at(self, level)


def counted_label(session: Session, place: Place) -> str:
    """Where a demand from ``place`` is counted: its commune, not its arrondissement
    (« Paris (Paris) », not « Paris 11e arrondissement (Paris) »)."""
    if place.arrondissement_code is None:
        return place.label
    name = territory_names(session, "commune", [place.commune_code])[place.commune_code]
    return f"{name} ({place.departement_name})"


@dataclass(frozen=True)
class Lookup:
    """The places a postal code covers, or the reason (in French) why there are none."""

    postal_code: str
    places: tuple[Place, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def find(self, code: str | None) -> Place | None:
        return next((place for place in self.places if place.code == code), None)


def normalize_postal_code(raw: str | None) -> str:
    """Strip the spaces people type inside or around a code ("75 001", " 05110 "); full-width
    digits ("２９２００") are digits."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or ""))


def resolve_postal_code(session: Session, raw: str | None) -> Lookup:
    code = normalize_postal_code(raw)
    if not code:
        return Lookup(code, error="Saisissez votre code postal.")
    if not POSTAL_CODE_RE.match(code):
        return Lookup(code, error="Le code postal doit comporter 5 chiffres, par exemple 69003.")
    return kept("postal", code, lambda: _places(session, code))


def _places(session: Session, code: str) -> Lookup:
    rows = session.execute(
        select(Commune, Departement.name, Region.name)
        .join(PostalCode, PostalCode.commune_code == Commune.code)
        .join(Departement, Departement.code == Commune.departement_code)
        .join(Region, Region.code == Commune.region_code)
        .where(PostalCode.code == code)
    ).all()
    if not rows and code.startswith("980"):
        return Lookup(
            code,
            error=f"Le code postal {code} est celui de Monaco, qui n'est pas une commune "
            "française : ce service ne concerne que la France.",
        )
    if not rows:
        return Lookup(
            code,
            error=f"Nous ne trouvons pas le code postal {code} parmi ceux des communes "
            "françaises. Vérifiez-le sur votre courrier ou votre avis d'imposition.",
        )
    places = tuple(
        Place(
            commune_code=commune.commune_code,
            arrondissement_code=commune.code if commune.parent_code else None,
            # « Paris 11e arrondissement »: the reference data capitalises it as a title.
            name=commune.name.replace(" Arrondissement", " arrondissement"),
            departement_code=commune.departement_code,
            departement_name=departement_name,
            region_code=commune.region_code,
            region_name=region_name,
        )
        for commune, departement_name, region_name in sorted(
            rows, key=lambda row: (french_order(row[0].name), row[0].code)
        )
    )
    return Lookup(code, places)


class InvalidTerritories(ValueError):
    """Carries a message in French, ready to show next to the field."""


# The largest intercommunalités have about 160 communes.
MAX_COMMUNES = 300


def resolve_commune_codes(session: Session, text: str) -> tuple[str, ...]:
    """Communes typed as Insee codes or unambiguous postal codes, separated by commas,
    spaces or lines -> their codes (an arrondissement counts as its commune)."""
    items = list(dict.fromkeys(item for item in re.split(r"[\s,;]+", text.upper()) if item))
    if not items:
        raise InvalidTerritories("Indiquez au moins une commune couverte.")
    if len(items) > MAX_COMMUNES:  # each costs two lookups: bounded before any is made
        raise InvalidTerritories(
            f"Au plus {MAX_COMMUNES} communes : pour un territoire plus large, "
            "écrivez à l'équipe du service."
        )
    codes = []
    for item in items:
        # A 5-character item may be an Insee code, a postal code, or both (05110 is both).
        # Each named with its département: two homonyms are told apart.
        candidates = {
            place.commune_code: (place.name, place.departement_name)
            for place in resolve_postal_code(session, item).places
        }
        commune = session.get(Commune, item)
        if commune is not None:
            departement = session.get(Departement, commune.departement_code)
            candidates[commune.commune_code] = (commune.name, departement.name)
        if not candidates:
            raise InvalidTerritories(f"« {item} » n'est ni un code Insee ni un code postal connu.")
        if len(candidates) > 1:
            listed = ", ".join(
                f"{name} ({departement}, {code})"
                for code, (name, departement) in sorted(
                    candidates.items(), key=lambda item: (french_order(item[1][0]), item[0])
                )
            )
            raise InvalidTerritories(
                f"« {item} » peut désigner plusieurs communes : {listed}. "
                "Indiquez le code Insee de chacune."
            )
        codes.extend(candidates)
    return tuple(dict.fromkeys(codes))


def same_territories(session: Session) -> dict[tuple[str, str], tuple[str, str]]:
    """{(level, code): (level, code)}: a région with one département, or a département with
    one commune, covers exactly the same people as that child (Guadeloupe, Paris). Each maps
    to its deepest such member, so their published figures can be one figure."""
    return kept("same-territories", "all", lambda: _same_territories(session))


def _same_territories(session: Session) -> dict[tuple[str, str], tuple[str, str]]:
    one_commune = dict(
        session.execute(
            select(Commune.departement_code, func.min(Commune.code))
            .where(Commune.parent_code.is_(None))
            .group_by(Commune.departement_code)
            .having(func.count() == 1)
        ).all()
    )
    one_departement = dict(
        session.execute(
            select(Departement.region_code, func.min(Departement.code))
            .group_by(Departement.region_code)
            .having(func.count() == 1)
        ).all()
    )
    same = {("departement", d): ("commune", c) for d, c in one_commune.items()}
    for region, departement in one_departement.items():
        child = ("departement", departement)
        same[("region", region)] = same.get(child, child)
    return same
