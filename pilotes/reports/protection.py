"""A service's protection rule, the one published fact the domain needs before the
figures are published (whether a goal reads as reached, ``pilotes.domain.goals``), and
how a team action makes the day's figures publish again (``edition``)."""

from sqlalchemy import delete
from sqlalchemy.orm import Session, object_session

from pilotes.infra.signing import rounding_key
from pilotes.models import Edition, Service
from pilotes.reports.cells import linked_table
from pilotes.reports.disclosure import Rule, protect
from pilotes.territories.lookup import same_territories


def service_rule(service: Service, secondary: bool = True) -> Rule:
    """The protection of a service's figures: its threshold, its secret offsets, and which
    territories are one figure (read through the service's own session)."""
    secret = rounding_key(service.id)
    same = same_territories(object_session(service))
    return Rule(service.suppression_threshold, secret, secondary=secondary, same=same)


def hidden_below(service: Service) -> int:
    """The N of « moins de N » on the service's figures (``Rule.bound``, which needs no
    secret): a goal under it could never be shown as reached, only « moins de N »."""
    return Rule(service.suppression_threshold, b"").bound


def goal_published_as_reached(session: Session, service: Service, code: str, goal: int) -> bool:
    """Whether the figures published from this transaction's counts say the goal of
    territory ``code`` is reached: what a reader of the open data sees, no more. The same
    protection as ``payload.publish``, without the rest of the payload."""
    rule = service_rule(service)
    table = linked_table(session, service)
    cells = protect(table.counts, table.equations, rule, table.unpublished)
    cell = cells.get(("confirmed", service.level, code))
    return cell is not None and rule.reached(cell, goal) is True


def withdraw_edition(session: Session, service: Service) -> None:
    """The team changed what the figures say beside the counts (a territory opened, a
    goal, the threshold, a review of set-aside demands): the day's edition goes, and the
    next reader publishes again (``pilotes.reports.edition``). No commit: the caller's."""
    session.execute(delete(Edition).where(Edition.service_id == service.id))
