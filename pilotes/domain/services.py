"""Services: creating them, and where they are open."""

import re
from dataclasses import dataclass

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from pilotes.infra.cache import kept
from pilotes.infra.markdown import render_markdown
from pilotes.infra.single_line import MESSAGE, has_control_characters
from pilotes.infra.sql import upsert_insert
from pilotes.models import LEVEL_LABELS, LEVELS, PHASES, STATUSES, Service, ServiceTerritory
from pilotes.reports.protection import withdraw_edition
from pilotes.territories.lookup import Place
from pilotes.territories.names import cog_code, french_order, territory_names

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@event.listens_for(Service.problem, "set")
def _render_problem(service, value, old, initiator):
    """A page's text is rendered and sanitised once, when written, not on every view."""
    service.problem_html = str(render_markdown(value))


@event.listens_for(Service.description, "set")
def _render_description(service, value, old, initiator):
    service.description_html = str(render_markdown(value))


class ServiceError(ValueError):
    pass


@dataclass(frozen=True)
class Availability:
    """Whether a service is open at a place, and where to use it there."""

    territory_code: str
    is_open: bool
    url: str | None


def create_service(session: Session, *, slug: str, name: str, level: str, **fields) -> Service:
    """Create a service (a draft unless ``status`` says otherwise)."""
    if has_control_characters(name):
        raise ServiceError(f"name: {MESSAGE}")
    if not SLUG_RE.match(slug or ""):
        raise ServiceError("slug: lowercase letters, digits and dashes only, e.g. mdph-en-ligne")
    if level not in LEVELS:
        raise ServiceError(f"level must be one of {', '.join(LEVELS)}")
    if fields.get("phase", "investigation") not in PHASES:
        raise ServiceError(f"phase must be one of {', '.join(PHASES)}")
    if fields.get("status", "draft") not in STATUSES:
        raise ServiceError(f"status must be one of {', '.join(STATUSES)}")
    if session.scalar(select(Service.id).where(Service.slug == slug)):
        raise ServiceError(f"a service with slug {slug!r} exists already")
    service = Service(slug=slug, name=name, level=level, **fields)
    session.add(service)
    session.flush()  # the caller may use its id before committing
    return service


def published_services(session: Session) -> list[Service]:
    return list(
        session.scalars(select(Service).where(Service.status == "published").order_by(Service.name))
    )


def get_published(session: Session, slug: str) -> Service | None:
    return session.scalar(
        select(Service).where(Service.slug == slug, Service.status == "published")
    )


@dataclass(frozen=True)
class PublishedService:
    """What the demand journey needs of a published service: kept in memory, no query."""

    id: int
    slug: str
    name: str
    tagline: str
    phase_label: str
    phase_sentence: str  # the beta banner's words on every page of the journey
    level: str
    contact_email: str
    retention_days: int
    after_opening: str  # what the form says becomes of an address once its territory opens
    contact_limit_per_month: int  # the consent texts say it (privacy.consent_text)
    is_published: bool = True


def published(session: Session, slug: str) -> PublishedService | None:
    """The published service ``slug``, from memory (``pilotes.infra.cache``) or the database."""

    def load():
        service = get_published(session, slug)
        if service is None:
            return None
        return PublishedService(
            service.id,
            service.slug,
            service.name,
            service.tagline,
            service.phase_label,
            service.phase_sentence,
            service.level,
            service.contact_email,
            service.retention_days,
            service.after_opening,
            service.contact_limit_per_month,
        )

    return kept("service", slug, load)


def open_territories(session: Session, service: Service) -> list[ServiceTerritory]:
    return list(
        session.scalars(
            select(ServiceTerritory)
            .where(
                ServiceTerritory.service_id == service.id, ServiceTerritory.opened_at.is_not(None)
            )
            .order_by(ServiceTerritory.code)
        )
    )


def availability(session: Session, service: Service, place: Place) -> Availability:
    code = place.territory_code(service.level)
    territory = session.scalar(
        select(ServiceTerritory).where(
            ServiceTerritory.service_id == service.id, ServiceTerritory.code == code
        )
    )
    is_open = territory is not None and territory.is_open
    return Availability(code, is_open, territory.url if is_open else None)


def territory_at(session: Session, service: Service, code: str) -> ServiceTerritory:
    """The service's row for territory ``code`` (at its level), made if needed; no commit.

    Raises ServiceError for a code that is no territory at the service's level.
    """
    code = cog_code(code)
    if not territory_names(session, service.level, [code]):
        label = LEVEL_LABELS[service.level]
        raise ServiceError(f"« {code} » n'est pas un code de {label} connu.")
    territory = session.scalar(
        select(ServiceTerritory).where(
            ServiceTerritory.service_id == service.id, ServiceTerritory.code == code
        )
    )
    if territory is None:
        statement = upsert_insert(session, ServiceTerritory.__table__).values(
            service_id=service.id, code=code
        )
        session.execute(statement.on_conflict_do_nothing(index_elements=["service_id", "code"]))
        territory = session.scalar(
            select(ServiceTerritory).where(
                ServiceTerritory.service_id == service.id, ServiceTerritory.code == code
            )
        )
    return territory


def team_addresses(service: Service) -> list[str]:
    """Who in the team hears about the service's milestones (goals reached)."""
    return [service.contact_email] if service.contact_email else []


@dataclass(frozen=True)
class NamedTerritory:
    code: str
    name: str
    url: str | None


def open_territories_named(session: Session, service: Service) -> list[NamedTerritory]:
    territories = open_territories(session, service)
    names = territory_names(session, service.level, [t.code for t in territories])
    return sorted(
        (NamedTerritory(t.code, names.get(t.code, t.code), t.url) for t in territories),
        key=lambda t: (french_order(t.name), t.code),
    )


def set_status(session: Session, service: Service, status: str) -> None:
    """Publish, unpublish (draft) or archive a service."""
    if status not in STATUSES:
        raise ServiceError("Statut inconnu.")
    service.status = status
    withdraw_edition(session, service)
