"""A realistic demo service, so a new user of `make run` lands on a living page."""

import random
from datetime import timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from pilotes.domain import mediators
from pilotes.domain.accounts import add_member
from pilotes.domain.counting import recount
from pilotes.domain.demands import DemandRequest, file_demand
from pilotes.domain.goals import set_goal
from pilotes.domain.inclusion import InclusionRequest
from pilotes.domain.inclusion import today as inclusion_today
from pilotes.domain.opening import open_territory
from pilotes.domain.panel import QuotaRequest, RoundRequest, create_round
from pilotes.domain.partners import PartnerRequest, volunteer_partner
from pilotes.domain.pipelines import set_status
from pilotes.domain.services import create_service
from pilotes.domain.signups.links import confirm
from pilotes.domain.volunteers import VolunteerRequest, volunteer
from pilotes.infra.signing import CONFIRM, make_token
from pilotes.models import (
    ACCESS_NEEDS,
    DIGITAL_AUTONOMY,
    HELPED_ONLINE,
    VOLUNTEER_STATUSES,
    WAYS,
    AuditEntry,
    Commune,
    Demand,
    OutboxMessage,
    PostalCode,
    Service,
    utcnow,
)
from pilotes.territories.lookup import Lookup, resolve_postal_code

DEMO_SLUG = "mdph-en-ligne"
# The demo team's owner: sign in at /equipe/connexion, then open the link in /dev/mails.
DEMO_OWNER = "equipe.demo@example.org"
DEMO_DEMANDS = 3000
DEMO_PEOPLE = (
    "usager",
    "volontaire",
    "partenaire",
    "mediateur",
)  # their addresses: usager.demo12@…
OPEN_DEPARTEMENTS = {
    "35": "https://mdphenligne.cnsa.fr/",
    "69": "https://mdphenligne.cnsa.fr/",
    "974": "https://mdphenligne.cnsa.fr/",
}

# Goals of confirmed demands, in départements of several sizes: one is reached already.
GOALS = {"59": 40, "13": 100, "33": 60, "29": 20}

PROBLEM = """Pour demander une aide liée au handicap, il faut remplir un dossier papier de
20 pages, réunir des justificatifs et l'envoyer à sa MDPH. Beaucoup de personnes
abandonnent en route, ou attendent des mois parce qu'il manque une pièce."""

DESCRIPTION = """**MDPH en ligne** permet de faire sa demande à la MDPH sur internet :

- un formulaire qui ne pose que les questions utiles à votre situation ;
- les justificatifs déposés en photo depuis votre téléphone ;
- le suivi de votre dossier, étape par étape.

Le service est ouvert dans quelques départements. Dites-nous si vous le voulez dans le vôtre :
les demandes par département aident à convaincre les départements de le proposer."""


def seed_demo(
    session: Session, demands: int = DEMO_DEMANDS, seed: int = 2026
) -> tuple[Service, bool]:
    """Create the demo service with its demands, unless it exists. Returns (service, created).

    Everything goes through the domain functions a person's request would call; only the
    dates are moved back afterwards (twelve weeks of history), and the counters rebuilt."""
    existing = session.scalar(select(Service).where(Service.slug == DEMO_SLUG))
    if existing is not None:
        return existing, False
    service = create_service(
        session,
        slug=DEMO_SLUG,
        name="MDPH en ligne",
        level="departement",
        tagline=(
            "Grâce à MDPH en ligne, faites votre demande d'aide liée au handicap depuis chez vous."
        ),
        problem=PROBLEM,
        description=DESCRIPTION,
        phase="acceleration",
        status="published",
        contact_email="contact@mdph-en-ligne.example.org",
        retention_days=365,
    )
    for code, url in OPEN_DEPARTEMENTS.items():
        open_territory(session, service, code, url)
    rng = random.Random(seed)
    _file_demands(session, service, demands, rng)
    _file_accompanied(session, service, rng, demands // 20)
    recount(session, service.id)  # the counters, by the weeks the dates were moved to
    for code, goal in GOALS.items():
        set_goal(session, service, code, goal)
    _file_pilots(session, service, rng)
    add_member(session, service, DEMO_OWNER, "owner")
    # The demo people's confirmation emails would bury the team's link in /dev/mails.
    demo_people = or_(*(OutboxMessage.to_address.like(f"{who}.demo%") for who in DEMO_PEOPLE))
    session.execute(delete(OutboxMessage).where(demo_people))
    return service, True


def _confirm(session: Session, kind: str, row_id: int) -> None:
    """Confirm as the person would, by the link of their email."""
    confirm(session, make_token(CONFIRM, kind, row_id))


def _places(session: Session, exclude: set[str]) -> tuple[list, list[int]]:
    """Every (postal code, commune) with its population, to draw demands from."""
    rows = session.execute(
        select(PostalCode.code, Commune.code, Commune.departement_code, Commune.population).join(
            Commune, Commune.code == PostalCode.commune_code
        )
    ).all()
    rows = [row for row in rows if row.departement_code not in exclude and row.population]
    return rows, [row.population for row in rows]


def _file_demands(session: Session, service: Service, count: int, rng: random.Random) -> None:
    """Demands spread over communes by population where the service is not open, 45 % with
    an address (of which 70 % confirm), over the last twelve weeks."""
    rows, weights = _places(session, exclude=set(OPEN_DEPARTEMENTS))
    lookups: dict[str, Lookup] = {}
    now = utcnow()
    dates = []
    for n, (postal_code, commune, _, _) in enumerate(rng.choices(rows, weights=weights, k=count)):
        if postal_code not in lookups:
            lookups[postal_code] = resolve_postal_code(session, postal_code)
        email = f"usager.demo{n}@example.org" if rng.random() < 0.45 else None
        request = DemandRequest(
            place=lookups[postal_code].find(commune),
            postal_code=postal_code,
            email=email,
            consent=email is not None,
            profile=rng.choice([None, "usager", "proche_aidant", "professionnel"]),
        )
        demand = file_demand(session, service, request).row
        created_at = now - timedelta(seconds=rng.uniform(0, 84 * 24 * 3600))
        confirmed_at = None
        if email and rng.random() < 0.7:
            _confirm(session, "demand", demand.id)
            confirmed_at = min(created_at + timedelta(hours=rng.uniform(0.1, 48)), now)
        dates.append({"id": demand.id, "created_at": created_at, "confirmed_at": confirmed_at})
    session.execute(update(Demand), dates)  # one statement, not one per demand


# A France Services desk of the Nord records demands for people it helps offline.
MEDIATOR_DEPARTEMENTS = ("59", "62")


def _file_accompanied(session: Session, service: Service, rng: random.Random, count: int) -> None:
    """A mediator account and the demands it recorded over twelve weeks (each dated back
    as soon as it is recorded, so the account's daily limit applies as it would have)."""
    mediator = mediators.invite(
        session,
        service,
        "mediateur.demo@example.org",
        "France services de Roubaix",
        "france_services",
    )
    rows, weights = _places(session, exclude=set())
    rows = [row for row in rows if row.departement_code in MEDIATOR_DEPARTEMENTS]
    weights = [row.population for row in rows]
    now = utcnow()
    for postal_code, commune, _, _ in rng.choices(rows, weights=weights, k=count):
        place = resolve_postal_code(session, postal_code).find(commune)
        demand = mediators.record_demand(
            session, mediator, mediator.user, place, postal_code, oral_consent=True
        )
        demand.created_at = now - timedelta(seconds=rng.uniform(0, 84 * 24 * 3600))
        # The limit counts the recordings the audit log holds: they are dated back too.
        session.execute(
            update(AuditEntry)
            .where(
                AuditEntry.action == mediators.RECORDED,
                AuditEntry.details["demand"].as_integer() == demand.id,
            )
            .values(created_at=demand.created_at)
        )
        session.flush()


VOLUNTEER_PLACES = ["59000", "13001", "33000", "29200"]
PARTNERS = [
    ("MDPH du Nord", "mdph", ("59",), "engaged"),
    ("Conseil départemental du Finistère", "conseil_departemental", ("29",), "active_pilot"),
    ("France services de Gironde", "france_services", ("33",), "contacted"),
    ("APF France handicap Provence", "association", ("13", "84"), "new"),
]


def _panel_answers(rng: random.Random) -> InclusionRequest:
    """Optional panel answers, given with their consent."""
    return InclusionRequest(
        access_needs=tuple(rng.sample(sorted(ACCESS_NEEDS), k=rng.randint(0, 2))),
        digital_autonomy=rng.choice([None, *DIGITAL_AUTONOMY]),
        helped_online=rng.choice([None, *HELPED_ONLINE]),
        consent=True,
    )


def _demo_round(session: Session, service: Service) -> None:
    """A pilot round of the coming month, with quotas that the demo panel half fills."""
    start = inclusion_today()
    create_round(
        session,
        service,
        RoundRequest(
            "Tests de l'hiver",
            start,
            start + timedelta(days=30),
            (
                QuotaRequest("vision", 2),
                QuotaRequest("motor", 2),
                QuotaRequest("low_autonomy", 3),
                QuotaRequest("helped", 2, "59"),
            ),
        ),
        DEMO_OWNER,
    )


def _file_pilots(session: Session, service: Service, rng: random.Random) -> None:
    """A few confirmed pilot volunteers and partners, at various stages."""
    for n, postal_code in enumerate(VOLUNTEER_PLACES * 3):
        request = VolunteerRequest(
            place=resolve_postal_code(session, postal_code).places[0],
            postal_code=postal_code,
            email=f"volontaire.demo{n}@example.org",
            ways=tuple(rng.sample(sorted(WAYS), k=rng.randint(1, 3))),
            inclusion=_panel_answers(rng) if n % 3 else None,
        )
        row = volunteer(session, service, request).row
        _confirm(session, "volunteer", row.id)
        status = rng.choice(list(VOLUNTEER_STATUSES))
        if status != row.status:
            set_status(session, row, status, DEMO_OWNER)
    for n, (name, kind, codes, status) in enumerate(PARTNERS):
        request = PartnerRequest(
            organisation_name=name,
            organisation_type=kind,
            territory_codes=codes,
            contact_name="Camille Martin",
            contact_role=None,
            email=f"partenaire.demo{n}@example.org",
        )
        row = volunteer_partner(session, service, request).row
        _confirm(session, "partner", row.id)
        if status != row.status:
            set_status(session, row, status, DEMO_OWNER)
    _demo_round(session, service)
