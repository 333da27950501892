"""A realistic demo service, so a new user of `make run` lands on a living page."""

import random
from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pilotes.domain.accounts import add_member
from pilotes.domain.counting import recount
from pilotes.domain.demands import CONSENT_VERSION
from pilotes.domain.email_address import email_key
from pilotes.domain.goals import set_goal
from pilotes.domain.opening import open_territory
from pilotes.domain.services import create_service
from pilotes.models import (
    VOLUNTEER_STATUSES,
    WAYS,
    Commune,
    Demand,
    Partner,
    PartnerTerritory,
    PostalCode,
    Service,
    Volunteer,
    utcnow,
)

DEMO_SLUG = "mdph-en-ligne"
# The demo team's owner: sign in at /equipe/connexion, then open the link in /dev/mails.
DEMO_OWNER = "equipe.demo@example.org"
DEMO_DEMANDS = 3000
OPEN_DEPARTEMENTS = {
    "35": "https://mdphenligne.cnsa.fr/",
    "69": "https://mdphenligne.cnsa.fr/",
    "974": "https://mdphenligne.cnsa.fr/",
}

# Goals of confirmed demands, in départements of several sizes: one is reached already.
GOALS = {"59": 40, "13": 100, "33": 60, "29": 10}

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
    """Create the demo service with its demands, unless it exists. Returns (service, created)."""
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
    _insert_demands(session, service, demands, random.Random(seed))
    recount(session, service.id)  # builds the counters from the rows just inserted
    for code, goal in GOALS.items():
        set_goal(session, service, code, goal)
    _insert_pilots(session, service, random.Random(seed))
    add_member(session, service, DEMO_OWNER, "owner")
    return service, True


def _insert_pilots(session: Session, service: Service, rng: random.Random) -> None:
    """A few confirmed pilot volunteers and partners, at various stages."""
    now = utcnow()
    for n, (postal_code, commune, departement, region) in enumerate(
        [
            ("59000", "59350", "59", "32"),
            ("13001", "13055", "13", "93"),
            ("33000", "33063", "33", "75"),
            ("29200", "29019", "29", "53"),
        ]
        * 3
    ):
        email = f"volontaire.demo{n}@example.org"
        session.add(
            Volunteer(
                service_id=service.id,
                postal_code=postal_code,
                commune_code=commune,
                departement_code=departement,
                region_code=region,
                email=email,
                email_key=email_key(email),
                notify=True,
                consent_version=CONSENT_VERSION,
                ways=rng.sample(sorted(WAYS), k=rng.randint(1, 3)),
                status=rng.choice(list(VOLUNTEER_STATUSES)),
                confirmed_at=now,
            )
        )
    for n, (name, kind, codes, status) in enumerate(
        [
            ("MDPH du Nord", "mdph", ["59"], "engaged"),
            ("Conseil départemental du Finistère", "conseil_departemental", ["29"], "active_pilot"),
            ("France services de Gironde", "france_services", ["33"], "contacted"),
            ("APF France handicap Provence", "association", ["13", "84"], "new"),
        ]
    ):
        email = f"partenaire.demo{n}@example.org"
        session.add(
            Partner(
                service_id=service.id,
                organisation_name=name,
                organisation_key=name.lower(),
                organisation_type=kind,
                contact_name="Camille Martin",
                email=email,
                email_key=email_key(email),
                notify=True,
                consent_version=CONSENT_VERSION,
                status=status,
                confirmed_at=now,
                territories=[PartnerTerritory(code=code) for code in codes],
            )
        )
    session.commit()
    recount(session, service.id)


def weighted_places(session: Session, exclude: set[str] = frozenset()):
    """Every (postal code, commune) with its population, as weights to draw demands from."""
    places = session.execute(
        select(
            PostalCode.code,
            Commune.code,
            Commune.parent_code,
            Commune.departement_code,
            Commune.region_code,
            Commune.population,
        ).join(Commune, Commune.code == PostalCode.commune_code)
    ).all()
    places = [p for p in places if p.departement_code not in exclude and p.population]
    return places, [p.population for p in places]


def random_demands(
    places,
    weights,
    service_id: int,
    count: int,
    rng: random.Random,
    with_email: float = 0.0,
    confirmed: float = 0.3,
    start: int = 0,
):
    """``count`` demand rows over the last twelve weeks, by population (for inserts in bulk).

    ``with_email``: the share that leave an address (of which ``confirmed`` confirm);
    without any, ``confirmed`` applies to all (as a bench's numbers only need the split).
    """
    now = utcnow()
    for n, place in enumerate(rng.choices(places, weights=weights, k=count), start=start):
        created_at = now - timedelta(seconds=rng.uniform(0, 84 * 24 * 3600))
        email = f"usager.demo{n}@example.org" if rng.random() < with_email else None
        is_confirmed = (email is not None or not with_email) and rng.random() < confirmed
        yield {
            "service_id": service_id,
            "postal_code": place[0],
            "commune_code": place.parent_code or place[1],
            "arrondissement_code": place[1] if place.parent_code else None,
            "departement_code": place.departement_code,
            "region_code": place.region_code,
            "email": email,
            "email_key": email_key(email) if email else None,
            "notify": email is not None,
            "consent_version": CONSENT_VERSION if email else None,
            "profile": rng.choice([None, "usager", "proche_aidant", "professionnel"]),
            "created_at": created_at,
            "confirmed_at": (
                min(created_at + timedelta(hours=rng.uniform(0.1, 48)), now)
                if is_confirmed
                else None
            ),
        }


def _insert_demands(session: Session, service: Service, count: int, rng: random.Random) -> None:
    """Demands spread over communes by population, where the service is not open."""
    places, weights = weighted_places(session, exclude=set(OPEN_DEPARTEMENTS))
    rows = list(
        random_demands(places, weights, service.id, count, rng, with_email=0.45, confirmed=0.7)
    )
    session.execute(insert(Demand), rows)
    session.commit()
