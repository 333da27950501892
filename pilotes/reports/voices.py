"""« Grâce à … » on the read side: the published sentences, and the share of respondents who
report a benefit, an impact figure protected like every other published count.

The counts of respondents and of those who report a benefit are cells of their own small
linked table (respondents = benefit + no benefit; the last is never printed), protected by
``disclosure.protect`` with the service's rule: rounded with keyed offsets, « moins de N »
below the threshold. The share is computed from the two *published* counts only, so it
says nothing the counts do not; it is not published when either is hidden.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.models import BENEFIT, Service, Testimonial
from pilotes.reports.disclosure import Cell, label, protect
from pilotes.reports.payload import service_rule
from pilotes.reports.rates import half_up
from pilotes.reports.summary import Count
from pilotes.territories.names import territory_names

RESPONDENTS = ("respondents", "impact", "FR")
WITH_BENEFIT = ("benefit", "impact", "FR")
WITHOUT_BENEFIT = ("no_benefit", "impact", "FR")
EQUATIONS = [(RESPONDENTS, (WITH_BENEFIT, WITHOUT_BENEFIT))]


@dataclass(frozen=True)
class Quote:
    """A published sentence, as shown: its words, its signature, its territory."""

    sentence: str
    signature: str
    territory: str


def published_quotes(session: Session, service: Service, limit: int = 20) -> list[Quote]:
    """The sentences the team published, newest decision first."""
    rows = session.scalars(
        select(Testimonial)
        .where(Testimonial.service_id == service.id, Testimonial.status == "published")
        .order_by(Testimonial.moderated_at.desc(), Testimonial.id.desc())
        .limit(limit)
    ).all()
    names = territory_names(session, service.level, {t.territory_code for t in rows})
    return [
        Quote(t.sentence or "", t.signature, names.get(t.territory_code, t.territory_code))
        for t in rows
        if t.sentence
    ]


@dataclass(frozen=True)
class Impact:
    respondents: Count
    with_benefit: Count
    share: int | None  # whole percent, from the published counts; None: not published
    bound: int  # every hidden count is below it

    @property
    def published(self) -> bool:
        return self.share is not None


def answer_counts(session: Session, service: Service) -> dict[str, int]:
    """{answer: how many} of the answers that still count (withdrawn or erased ones hold none)."""
    rows = session.execute(
        select(Testimonial.helped, func.count())
        .where(Testimonial.service_id == service.id, Testimonial.helped.is_not(None))
        .group_by(Testimonial.helped)
    ).all()
    return dict(rows)


def protected_cells(answers: dict[str, int], rule) -> dict:
    """The three cells of the impact table after disclosure control."""
    with_benefit = sum(n for answer, n in answers.items() if answer in BENEFIT)
    counts = {
        RESPONDENTS: sum(answers.values()),
        WITH_BENEFIT: with_benefit,
        WITHOUT_BENEFIT: sum(answers.values()) - with_benefit,
    }
    return protect(counts, EQUATIONS, rule, unpublished=frozenset({WITHOUT_BENEFIT}))


def share_of(respondents: Cell, with_benefit: Cell) -> int | None:
    """The share, in whole percent, from published counts only (None when one is hidden)."""
    if respondents.value is None or with_benefit.value is None or not respondents.value:
        return None
    return min(100, int(half_up(100 * with_benefit.value, respondents.value, 0)))


def impact(session: Session, service: Service) -> Impact:
    rule = service_rule(service)
    cells = protected_cells(answer_counts(session, service), rule)

    def shown(cell: Cell) -> Count:
        return (
            Count(cell.value, label(cell.status, rule.bound)) if cell.status else Count(cell.value)
        )

    respondents, with_benefit = cells[RESPONDENTS], cells[WITH_BENEFIT]
    return Impact(
        respondents=shown(respondents),
        with_benefit=shown(with_benefit),
        share=share_of(respondents, with_benefit),
        bound=rule.bound,
    )
