"""« Où ouvrir ensuite » : each territory's demand per 100,000 inhabitants with its exact
95 % interval, whether it is significantly above the national rate, its engaged partners
and its goal, ranked.

Two sources, one shape. The team's view (``from_rows``) uses the exact counters. What is
published (``from_published``: the PDF) uses only the published figures: an interval is
printed only for a published count, computed from the published value and the rounding
margin (the true count is within ``base − 1`` of it), so it is a function of figures
already public and cannot tell more about a hidden count than they do (docs/methodology.md).
"""

from dataclasses import dataclass

from pilotes.reports.engine import TerritoryRow
from pilotes.reports.intervals import rate_interval
from pilotes.reports.published import Published
from pilotes.reports.rates import per_100k
from pilotes.territories.names import french_order

LEVELS = ("departement", "region")  # the ranking's levels: communes are too small to rank


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    population: int
    demands: int | None  # None: hidden (published view only)
    per_100k: float | None
    low: float | None  # the 95 % interval, per 100,000 inhabitants
    high: float | None
    above_national: bool | None  # None: cannot be said (no population, hidden count)
    partners_engaged: int
    goal: int | None
    goal_per_100k: int | None
    goal_percent: int | None  # the team's view only
    goal_reached: bool | None
    hidden: str | None = None  # why the demand is not published (published view only)


@dataclass(frozen=True)
class Ranking:
    level: str
    national_rate: float | None  # per 100,000, as compared (None: the total is hidden)
    candidates: list[Candidate]  # the territories not yet open, ranked
    open_count: int  # territories already open, left out
    hidden_count: int = 0  # territories whose demand is not published, left out

    def sorted_by(self, key: str) -> list[Candidate]:
        return sorted(self.candidates, key=SORTS.get(key, SORTS[DEFAULT_SORT]))


def _evidence(c: Candidate):
    """Default order: the lower bound first (« au moins … »), which asks more evidence of
    a small territory; then the rate, then the demands."""
    return (-(c.low or 0), -(c.per_100k or 0), -(c.demands or 0), c.code)


DEFAULT_SORT = "preuve"
SORTS = {
    "preuve": _evidence,
    "taux": lambda c: (-(c.per_100k or 0), *_evidence(c)),
    "demandes": lambda c: (-(c.demands or 0), *_evidence(c)),
    "partenaires": lambda c: (-c.partners_engaged, *_evidence(c)),
    "objectif": lambda c: (-(c.goal_percent or 0), not c.goal_reached, *_evidence(c)),
    "nom": lambda c: (french_order(c.name), c.code),
}


def _above(low: float | None, national: float | None) -> bool | None:
    """Significantly above: even the interval's lower bound exceeds the national rate. Both
    as printed (the bound rounded down, the rate to the nearest tenth), so that a reader
    can check it, and printed « above » implies the exact comparison holds too."""
    if low is None or national is None:
        return None
    return low > national


def _candidate(t, counts: tuple[int, int], national: float | None, **goal) -> Candidate:
    """A territory (an exact row or a published one: the same names) and the range of
    counts its interval must hold."""
    interval = rate_interval(*counts, t.population)
    low, high = interval if interval else (None, None)
    return Candidate(
        code=t.code,
        name=t.name,
        population=t.population,
        demands=t.demands,
        per_100k=t.per_100k,
        low=low,
        high=high,
        above_national=_above(low, national),
        partners_engaged=t.partners_engaged,
        goal=t.goal,
        goal_per_100k=t.goal_per_100k,
        **goal,
    )


def from_rows(level: str, rows: list[TerritoryRow]) -> Ranking:
    """The team's ranking from the exact counts of every territory of one level."""
    population = sum(r.population for r in rows)
    national = per_100k(sum(r.demands for r in rows), population)
    candidates = [
        _candidate(
            r,
            (r.demands, r.demands),
            national,
            goal_percent=r.goal_percent,
            goal_reached=r.confirmed >= r.goal if r.goal else None,
        )
        for r in rows
        if not r.is_open
    ]
    return Ranking(level, national, candidates, sum(1 for r in rows if r.is_open))


def from_published(published: Published) -> Ranking:
    """The published ranking: intervals only from published counts, widened by the
    rounding margin; the national rate from the published total, at its highest."""
    margin = published.rounding_base - 1
    population = sum(t.population for t in published.territories)
    total = published.totals.demands
    national = per_100k(total + margin, population) if total is not None else None
    waiting = [t for t in published.territories if not t.open]
    candidates = [
        _candidate(
            t,
            (max(0, t.demands - margin), t.demands + margin),
            national,
            goal_percent=None,
            goal_reached=t.goal_reached,
        )
        for t in waiting
        if t.demands is not None  # a hidden count has no interval and no rank
    ]
    open_count = len(published.territories) - len(waiting)
    hidden = len(waiting) - len(candidates)
    return Ranking(published.level, national, candidates, open_count, hidden)


def by_evidence(territories: list, rounding_base: int) -> list:
    """Published territories with a published demand, open or not, in the ranking's order:
    the lower bound of each one's published interval first. Every list of the published
    figures that says « most » follows it, so that no page contradicts another."""
    margin = rounding_base - 1

    def order(t):
        counts = (max(0, t.demands - margin), t.demands + margin)
        return _evidence(_candidate(t, counts, None, goal_percent=None, goal_reached=None))

    return sorted(territories, key=order)


# The section explains itself in plain French, the same words in the dashboard and the PDF.
EXPLANATION = (
    "Le taux est le nombre de demandes pour 100 000 habitants : il permet de comparer un "
    "petit et un grand territoire.",
    "L'intervalle à 95 % encadre ce taux en tenant compte du hasard : avec si peu ou tant "
    "de demandes, le vrai niveau d'attente du territoire est, 95 fois sur 100, entre ces deux "
    "bornes (calcul exact de la loi de Poisson, dit de Garwood).",
    "« Nettement au-dessus du taux national » veut dire que même le bas de l'intervalle "
    "dépasse le taux de tout le pays : l'écart ne s'explique pas par le hasard des petits "
    "nombres. On peut encore se tromper 2,5 fois sur 100 pour un territoire donné : sur une "
    "centaine de départements, deux ou trois peuvent l'être par hasard.",
    "Un petit territoire a un intervalle large : quelques demandes de plus ou de moins y "
    "changent beaucoup le taux. Le classement part donc du bas de l'intervalle (« au moins "
    "tant ») : il demande plus de preuves à un petit territoire qu'à un grand, au lieu de "
    "mettre en tête celui où trois demandes font un taux élevé.",
)
PUBLISHED_NOTE = (
    "Les chiffres publiés étant arrondis (à 4 près), l'intervalle publié couvre tous les "
    "comptes compatibles avec le chiffre publié. Un territoire dont la demande n'est pas "
    "publiée (« moins de N » ou « masqué ») n'a pas d'intervalle et n'est pas classé."
)
