"""Opening a territory closes the loop: everyone who asked there is told, exactly once."""

from dataclasses import dataclass

from sqlalchemy import String, cast, func, literal, select, update
from sqlalchemy.orm import Session

from pilotes.domain import audit, demands, privacy
from pilotes.domain.services import ServiceError, territory_at
from pilotes.domain.signups.core import send_email
from pilotes.infra.outbox import forget_unsent
from pilotes.infra.site_links import site_links
from pilotes.models import (
    LEVEL_LABELS,
    Demand,
    OutboxMessage,
    Service,
    ServiceTerritory,
    User,
    utcnow,
)
from pilotes.reports.protection import withdraw_edition
from pilotes.territories.names import find_territories, homonym_departements, territory_names

SUBJECT = "Bonne nouvelle : {service} est maintenant disponible ({territory})"


@dataclass(frozen=True)
class Chosen:
    """A territory the team named, and how many people opening it would email now."""

    code: str
    name: str
    to_tell: int
    subject: str


def choose(session: Session, service: Service, text: str) -> Chosen:
    """The territory ``text`` names (a code or a name), for the team to confirm before sending.

    Raises ServiceError, in French, when nothing or several territories match.
    """
    found = find_territories(session, service.level, text)
    label = LEVEL_LABELS[service.level]
    if not found:
        raise ServiceError(f"Aucun {label} ne s'appelle ou n'a pour code « {text.strip()} ».")
    if len(found) > 1:
        departements = homonym_departements(session, service.level, found[:8])
        shown = ", ".join(
            f"{name} ({departements[code]}, {code})" if code in departements else f"{name} ({code})"
            for code, name in found[:8]
        )
        more = " …" if len(found) > 8 else ""
        raise ServiceError(f"Plusieurs territoires correspondent : {shown}{more}. Précisez.")
    ((code, name),) = found
    to_tell = session.scalar(select(func.count()).select_from(_to_tell(service, code).subquery()))
    subject = SUBJECT.format(service=service.name, territory=name)
    return Chosen(code, name, to_tell, subject)


def _to_tell(service: Service, code: str):
    """The demands to email when ``code`` opens: confirmed, asked to be told, not told yet."""
    told = select(OutboxMessage.id).where(
        OutboxMessage.dedupe_key
        == literal(f"opened:{service.id}:", String) + cast(Demand.id, String)
    )
    return select(Demand).where(
        Demand.service_id == service.id,
        Demand.territory_column(service.level) == code,
        Demand.notify.is_(True),
        Demand.confirmed_at.is_not(None),
        Demand.email.is_not(None),
        ~told.exists(),
    )


def email_context(service: Service, territory_name: str, url: str | None) -> dict:
    """What the « now open » email says, and where to go next: the territory's address,
    else (as the beta page does) the team's contact and the service's page."""
    return {
        "territory_name": territory_name,
        "url": url or None,
        "contact_email": service.contact_email or None,
        "page_url": site_links().service(service.slug),
    }


@dataclass(frozen=True)
class Opening:
    territory: ServiceTerritory
    newly_opened: bool
    notified: int  # emails queued by this call


def open_territory(
    session: Session,
    service: Service,
    code: str,
    url: str | None = None,
    user: User | None = None,
) -> Opening:
    """Mark a territory open and queue one email to each person who asked there.

    Repeating it, even concurrently, sends nobody a second email: each message carries
    a dedupe key the outbox enforces. Then the addresses given there are erased, as the
    service says or as the people were promised; their demands still count.
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
    to_tell = session.scalars(_to_tell(service, territory.code)).all()
    notified = 0
    for demand in to_tell:
        notified += send_email(
            session,
            demands.KIND,
            demand,
            "territory_opened",
            SUBJECT.format(service=service.name, territory=name),
            email_context(service, name, territory.url),
            dedupe_key=f"opened:{service.id}:{demand.id}",
        )
    _forget_addresses(session, service, territory.code, told={d.id for d in to_tell})
    withdraw_edition(session, service)  # « ouvert » is published at once
    audit.record(
        session,
        service,
        user,
        "territory_opened",
        notified,
        criteria={"territoire": f"{name} ({territory.code})"},
    )
    return Opening(territory, newly_opened, notified)


def _forget_addresses(session: Session, service: Service, code: str, told: set[int]) -> None:
    """Every address given in ``code`` served one purpose, to be told of the opening: it
    is erased now, told or not (unconfirmed, or opted out of emails); the demands still
    count. A service that keeps addresses keeps only those given with the text that says
    so: one given when its form promised erasure at opening is erased all the same. Mail
    not sent yet to the untold goes too; the news just queued for the told keeps its
    address until it is sent."""
    query = select(Demand).where(
        Demand.service_id == service.id,
        Demand.territory_column(service.level) == code,
        Demand.email.is_not(None),
    )
    if service.after_opening == "keep":
        query = query.where(Demand.consent_version.not_in(privacy.KEPT_AFTER_OPENING))
    addressed = session.scalars(query).all()
    forget_unsent(session, [d.email for d in addressed if d.id not in told])
    for demand in addressed:
        demand.email = None
        demand.notify = False


def close_territory(
    session: Session, service: Service, code: str, user: User | None = None
) -> ServiceTerritory:
    """Mark a territory as not open (a pilot stopped). Nobody is emailed; audited."""
    territory = territory_at(session, service, code)
    territory.opened_at = None
    withdraw_edition(session, service)
    name = territory_names(session, service.level, [territory.code]).get(territory.code)
    audit.record(
        session,
        service,
        user,
        "territory_closed",
        criteria={"territoire": f"{name} ({territory.code})"},
    )
    return territory
