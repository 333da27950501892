"""Goals per territory: a count of confirmed demands that triggers action once reached.

Like the "fiberhood" goals that decided where Google Fiber was built: the beta page shows
each territory's progress, and the first time a territory reaches its goal the team is
told (and, if the service wants it, the partners who volunteered there), exactly once.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.domain.partners import KIND as PARTNER
from pilotes.domain.services import team_addresses, territory_at
from pilotes.domain.signups.core import send_email
from pilotes.infra.outbox import enqueue
from pilotes.infra.site_links import site_links
from pilotes.models import (
    DEMAND_CONFIRMED,
    Partner,
    PartnerTerritory,
    Service,
    ServiceTerritory,
    utcnow,
)
from pilotes.reports.protection import (
    goal_published_as_reached,
    hidden_below,
    withdraw_edition,
)
from pilotes.reports.rates import goal_percent
from pilotes.reports.totals import territory_totals
from pilotes.territories.names import french_order, territory_names, territory_population


class GoalError(ValueError):
    pass


def set_goal(
    session: Session,
    service: Service,
    code: str,
    goal: int | None,
    per_100k: bool = False,
) -> ServiceTerritory:
    """Set (or with None, remove) the goal of a territory at the service's level.

    With ``per_100k``, ``goal`` is a number of demands per 100,000 inhabitants: the
    territory's goal is then the count it makes for its population, rounded up (so that
    reaching the count means reaching the rate), and the rate is kept to show it as set.
    """
    if goal is not None and goal < 1:
        raise GoalError("L'objectif doit être un nombre de demandes supérieur à 0.")
    territory = territory_at(session, service, code)
    rate = goal if per_100k and goal is not None else None
    count = goal if rate is None else goal_for_rate(session, service, territory.code, rate)
    bound = hidden_below(service)
    if count is not None and count < bound:
        # The public page would read « moins de 15 demandes confirmées, pour un objectif de 1 ».
        least = (
            f"l'objectif doit être d'au moins {bound} demandes : les chiffres publics "
            f"n'affichent pas de plus petit nombre (ils disent « moins de {bound} »)."
        )
        if rate is None:
            raise GoalError(least[0].upper() + least[1:])
        demands = "demande" if count < 2 else "demandes"
        raise GoalError(f"{rate} pour 100 000 habitants font ici {count} {demands}, {least}")
    if territory.goal != count:
        territory.goal = count
        territory.goal_reached_at = None  # a new goal can be reached anew
        territory.goal_published_at = None
    territory.goal_per_100k = rate
    check_goal(session, service, territory.code)
    withdraw_edition(session, service)
    return territory


def goal_for_rate(session: Session, service: Service, code: str, rate: int) -> int:
    """The confirmed demands that make ``rate`` per 100,000 inhabitants (rounded up)."""
    population = territory_population(session, service.level, code)
    if not population:
        raise GoalError("Ce territoire n'a pas d'habitants : fixez un nombre de demandes.")
    return max(1, -(-rate * population // 100_000))


def _confirmed(session: Session, service: Service, code: str) -> int:
    totals = territory_totals(session, service.id, service.level, codes=[code])
    return totals.get(code, {}).get(DEMAND_CONFIRMED, 0)


def check_goal(session: Session, service: Service, code: str) -> bool:
    """Within the caller's transaction, at each confirmation: the first time the goal is
    reached, mark it and tell the team (it sees exact counts anyway); tell the partners,
    once each, only when the published figures say it is reached. Told at the exact count,
    a partner (anyone may volunteer as one) would learn a hidden count: the email came when
    it equalled the goal. Returns whether the goal was reached just now.

    The territory's row is locked (on PostgreSQL; SQLite serialises writers anyway) so
    that two confirmations crossing the goal together see each other's count.
    """
    unfinished = ServiceTerritory.goal_reached_at.is_(None)  # the team not told yet
    if service.notify_partners_on_goal:
        unfinished |= ServiceTerritory.goal_published_at.is_(None)  # nor the partners
    territory = session.scalar(
        select(ServiceTerritory)
        .where(
            ServiceTerritory.service_id == service.id,
            ServiceTerritory.code == code,
            ServiceTerritory.goal.is_not(None),
            unfinished,
        )
        .with_for_update()
    )
    if territory is None:
        return False
    confirmed = _confirmed(session, service, code)
    if confirmed < territory.goal:
        return False
    name = territory_names(session, service.level, [code]).get(code, code)
    context = {
        "service": service,
        "territory_name": name,
        "goal": territory.goal,
        "figures_url": site_links().territory(service.slug, code),
    }
    subject = f"Objectif atteint pour le territoire {name} : {service.name}"
    reached = f"goal:{service.id}:{code}:{territory.goal}"
    newly = territory.goal_reached_at is None
    if newly:
        territory.goal_reached_at = utcnow()
        for address in team_addresses(service):
            enqueue(
                session,
                "goal_reached_team",
                address,
                subject,
                {**context, "confirmed": confirmed},
                dedupe_key=f"{reached}:team:{address}",
            )
    if (
        service.notify_partners_on_goal
        and territory.goal_published_at is None
        and goal_published_as_reached(session, service, code, territory.goal)
    ):
        territory.goal_published_at = utcnow()
        for partner in _partners_there(session, service, code):
            key = f"{reached}:partner:{partner.id}"
            send_email(session, PARTNER, partner, "goal_reached_partner", subject, context, key)
    return newly


def _partners_there(session: Session, service: Service, code: str) -> list[Partner]:
    return list(
        session.scalars(
            select(Partner)
            .join(PartnerTerritory, PartnerTerritory.partner_id == Partner.id)
            .where(
                Partner.service_id == service.id,
                PartnerTerritory.code == code,
                Partner.confirmed_at.is_not(None),
                Partner.notify.is_(True),
                Partner.status != "declined",
            )
        )
    )


@dataclass(frozen=True)
class GoalProgress:
    code: str
    name: str
    goal: int
    confirmed: int

    @property
    def reached(self) -> bool:
        return self.confirmed >= self.goal

    @property
    def percent(self) -> int:
        return goal_percent(self.confirmed, self.goal)


def goal_progress(session: Session, service: Service) -> list[GoalProgress]:
    territories = session.scalars(
        select(ServiceTerritory).where(
            ServiceTerritory.service_id == service.id,
            ServiceTerritory.goal.is_not(None),
            ServiceTerritory.opened_at.is_(None),
        )
    ).all()
    if not territories:
        return []
    codes = [t.code for t in territories]
    totals = territory_totals(session, service.id, service.level, codes=codes)
    names = territory_names(session, service.level, codes)
    progress = [
        GoalProgress(
            t.code,
            names.get(t.code, t.code),
            t.goal,
            totals.get(t.code, {}).get(DEMAND_CONFIRMED, 0),
        )
        for t in territories
    ]
    return sorted(progress, key=lambda p: (-p.confirmed / p.goal, french_order(p.name), p.code))
