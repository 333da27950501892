"""Part of a level's published figures: the communes of one département or région, a page.

Disclosure control is applied to the whole level first (``published_payload``); a slice
only leaves territories out, so it never shows what the whole hides. Totals stay those of
the country, as without a filter.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.models import LEVEL_LABELS, Commune, Departement, Region
from pilotes.territories.names import cog_code

MAX_PER_PAGE = 5000
DEFAULT_PER_PAGE = 1000
# Which filters each level takes: the territories holding its territories.
FILTERS = {"commune": ("departement", "region"), "departement": ("region",), "region": ()}


class SliceError(ValueError):
    """A filter or page the client got wrong; the message is French, for the 400."""


@dataclass(frozen=True)
class Slice:
    departement: str | None = None
    region: str | None = None
    page: int | None = None
    per_page: int | None = None

    @property
    def paginated(self) -> bool:
        return self.page is not None or self.per_page is not None


def _integer(value: str | None, name: str, lowest: int, highest: int | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or int(value) < lowest or (highest and int(value) > highest):
        bounds = f"entre {lowest} et {highest}" if highest else f"au moins {lowest}"
        raise SliceError(f"Le paramètre {name} est un nombre entier, {bounds}.")
    return int(value)


def parse_slice(session: Session, level: str, args, garbled=frozenset()) -> Slice:
    """The slice asked for by the query string ``args``, checked; SliceError if wrong.
    A filter that is there but empty, or held a byte taken out (``garbled``: NUL), is an
    error too: ignored, it answered with every territory as if it had matched."""
    wanted = {}
    for name in ("departement", "region"):
        if name not in args:
            continue
        code = cog_code(args.get(name))
        if not code or name in garbled:
            raise SliceError(
                f"Le paramètre {name} attend un code de {LEVEL_LABELS[name]}, par exemple "
                f"{'35' if name == 'departement' else '53'}."
            )
        wanted[name] = code
    for name, code in wanted.items():
        if name not in FILTERS[level]:
            raise SliceError(
                f"Le niveau {LEVEL_LABELS[level]} ne se filtre pas par {LEVEL_LABELS[name]}."
            )
        model = Departement if name == "departement" else Region
        if session.get(model, code) is None:
            raise SliceError(f"Code {LEVEL_LABELS[name]} inconnu : {code}.")
    return Slice(
        departement=wanted.get("departement"),
        region=wanted.get("region"),
        page=_integer(args.get("page"), "page", 1, None),
        per_page=_integer(args.get("per_page"), "per_page", 1, MAX_PER_PAGE),
    )


def _codes_inside(session: Session, level: str, part: Slice) -> set[str] | None:
    """Codes at ``level`` inside the département and/or région asked for (None: all)."""
    model = Commune if level == "commune" else Departement
    query = select(model.code)
    if part.departement:
        query = query.where(Commune.departement_code == part.departement)
    if part.region:
        query = query.where(model.region_code == part.region)
    if not (part.departement or part.region):
        return None
    return set(session.scalars(query))


# id(payload) -> (payload, {code: position}): published payloads are kept a few seconds
# and read on every request; a filter then costs its communes, not the whole level.
_POSITIONS: dict[int, tuple[dict, dict[str, int]]] = {}


def _positions(payload: dict) -> dict[str, int]:
    known = _POSITIONS.get(id(payload))
    if known is None or known[0] is not payload:
        if len(_POSITIONS) > 16:
            _POSITIONS.clear()
        known = (payload, {t["code"]: i for i, t in enumerate(payload["territories"])})
        _POSITIONS[id(payload)] = known
    return known[1]


def sliced(session: Session, payload: dict, part: Slice) -> dict:
    """``payload`` with only the territories of ``part`` (and its page); the rest as is."""
    inside = _codes_inside(session, payload["level"], part)
    if inside is None and not part.paginated:
        return payload
    if inside is None:
        territories = payload["territories"]
    else:
        positions = _positions(payload)
        found = sorted(positions[code] for code in inside if code in positions)
        territories = [payload["territories"][i] for i in found]
    result = {
        **payload,
        "territories": territories,
        "demand_without_partner": _within(payload["demand_without_partner"], inside),
        "partner_without_demand": _within(payload["partner_without_demand"], inside),
    }
    if part.paginated:
        page, per_page = part.page or 1, part.per_page or DEFAULT_PER_PAGE
        result["territories"] = territories[(page - 1) * per_page : page * per_page]
        result["pagination"] = {
            "page": page,
            "per_page": per_page,
            "total": len(territories),
            "pages": max(1, -(-len(territories) // per_page)),
        }
    return result


def _within(codes: list[str], inside: set[str] | None) -> list[str]:
    return codes if inside is None else [code for code in codes if code in inside]
