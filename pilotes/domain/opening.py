"""Opening a territory closes the loop: everyone who asked there is told, exactly once."""

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pilotes.domain import demands
from pilotes.domain.services import territory_at
from pilotes.domain.signups.core import send_email
from pilotes.models import Demand, Service, ServiceTerritory, utcnow
from pilotes.territories.names import territory_names


@dataclass(frozen=True)
class Opening:
    territory: ServiceTerritory
    newly_opened: bool
    notified: int  # emails queued by this call


def open_territory(
    session: Session, service: Service, code: str, url: str | None = None
) -> Opening:
    """Mark a territory open and queue one email to each person who asked there.

    Repeating it, even concurrently, sends nobody a second email: each message carries
    a dedupe key the outbox enforces. Then, if the service says so, the addresses of
    the people told are erased; their demands still count.
    """
    territory = territory_at(session, service, code)
    newly_opened = bool(
        session.execute(
            update(ServiceTerritory)
            .where(ServiceTerritory.id == territory.id, ServiceTerritory.opened_at.is_(None))
            .values(opened_at=utcnow())
        ).rowcount
    )
    if url:
        territory.url = url
    session.flush()
    session.refresh(territory)
    name = territory_names(session, service.level, [territory.code]).get(territory.code)
    to_tell = session.scalars(
        select(Demand).where(
            Demand.service_id == service.id,
            Demand.territory_column(service.level) == territory.code,
            Demand.notify.is_(True),
            Demand.confirmed_at.is_not(None),
            Demand.email.is_not(None),
        )
    ).all()
    notified = 0
    for demand in to_tell:
        notified += send_email(
            session,
            demands.KIND,
            demand,
            "territory_opened",
            f"Bonne nouvelle : {service.name} est maintenant disponible ({name})",
            {"territory_name": name, "url": territory.url},
            dedupe_key=f"opened:{service.id}:{demand.id}",
        )
        if service.after_opening == "erase":
            demand.email = None  # told: the address has served its purpose
            demand.notify = False
    return Opening(territory, newly_opened, notified)


def close_territory(session: Session, service: Service, code: str) -> ServiceTerritory:
    """Mark a territory as not open (a pilot stopped). Nobody is emailed."""
    territory = territory_at(session, service, code)
    territory.opened_at = None
    return territory
