"""Small factories that go through the real domain code."""

import itertools

from pilotes.domain.demands import DemandRequest, file_demand
from pilotes.domain.services import create_service
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.territories.lookup import resolve_postal_code


def make_service(
    slug="mon-service", name="Mon service", level="departement", status="published", **fields
):
    with unit_of_work():
        return create_service(
            db.session, slug=slug, name=name, level=level, status=status, **fields
        )


def make_demand(service, postal_code="35000", commune=None, email=None, consent=True, **fields):
    lookup = resolve_postal_code(db.session, postal_code)
    assert lookup.ok, lookup.error
    place = lookup.find(commune) if commune else lookup.places[0]
    assert place is not None
    request = DemandRequest(
        place=place,
        postal_code=lookup.postal_code,
        email=email,
        consent=consent if email else False,
        **fields,
    )
    with unit_of_work():
        return file_demand(db.session, service, request)


def outbox_bodies(messages) -> list[str]:
    """The text of queued messages, as the sender will render them."""
    from pilotes.infra.outbox.queue import rendered

    return [rendered(message)["body_text"] for message in messages]


def confirm_everything():
    """Follow every confirmation link the outbox holds, oldest first, as the recipients would.

    The order is explicit: PostgreSQL returns unordered rows in any order, and a test that
    confirms a partner before the demand that reaches a goal depends on it."""
    from sqlalchemy import select

    from pilotes.domain.signups.links import confirm
    from pilotes.models import OutboxMessage

    with unit_of_work():
        for body in outbox_bodies(
            db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        ):
            if "/e/confirmer/" in body:
                confirm(db.session, body.split("/e/confirmer/", 1)[1].split()[0])


def add_volunteer(service, email="v@exemple.fr", confirmed=True, **fields):
    """A pilot volunteer as stored (for tests of the team's side, not of the form)."""
    from pilotes.models import Volunteer, utcnow

    values = {
        "postal_code": "35000",
        "commune_code": "35238",
        "departement_code": "35",
        "region_code": "53",
        "ways": ["test"],
        "status": "new",
        "notify": True,
        "confirmed_at": utcnow() if confirmed else None,
        **fields,
    }
    volunteer = Volunteer(service_id=service.id, email=email, **values)
    db.session.add(volunteer)
    db.session.commit()
    return volunteer


def add_partner(service, name="MDPH 35", email="p@exemple.fr", codes=("35",), **fields):
    """A confirmed partner organisation as stored."""
    from pilotes.models import Partner, PartnerTerritory, utcnow

    values = {
        "organisation_type": "mdph",
        "contact_name": "Camille",
        "status": "new",
        "confirmed_at": utcnow(),
        **fields,
    }
    partner = Partner(
        service_id=service.id,
        organisation_name=name,
        organisation_key=name.lower(),
        email=email,
        territories=[PartnerTerritory(code=code) for code in codes],
        **values,
    )
    db.session.add(partner)
    db.session.commit()
    return partner


def make_mediator(service, email="mediateur@france-services.fr", organisation="France services"):
    """A mediator account, opened through the real invitation path (its sign-in email too)."""
    from pilotes.domain.mediators import invite
    from pilotes.infra.database import unit_of_work

    with unit_of_work():
        return invite(db.session, service, email, organisation, "france_services")


def record_accompanied(mediator, postal_code="35000", commune=None):
    """A demand recorded by ``mediator`` through the domain, oral consent given."""
    from pilotes.domain.mediators import record_demand
    from pilotes.infra.database import unit_of_work
    from pilotes.territories.lookup import resolve_postal_code

    lookup = resolve_postal_code(db.session, postal_code)
    place = lookup.find(commune) if commune else lookup.places[0]
    with unit_of_work():
        return record_demand(db.session, mediator, mediator.user, place, postal_code, True)


def make_round(
    service, quotas=(("vision", 2),), name="Campagne de décembre", starts_on=None, ends_on=None
):
    """A pilot round of the inclusive panel, through the domain (by default: the next 30 days)."""
    from datetime import timedelta

    from pilotes.domain import panel
    from pilotes.domain.inclusion import today

    starts_on = starts_on or today()
    ends_on = ends_on or starts_on + timedelta(days=30)
    with unit_of_work():
        return panel.create_round(
            db.session,
            service,
            panel.RoundRequest(
                name,
                starts_on,
                ends_on,
                tuple(panel.QuotaRequest(*quota) for quota in quotas),
            ),
            "equipe@exemple.fr",
        )


def service_round(service):
    """The service's latest pilot round."""
    from pilotes.domain.panel import rounds

    return rounds(db.session, service)[0]


_SIGNUP_IDS = itertools.count(1_000_000)  # made-up signups: one testimonial each


def add_testimonial(service, sentence="Grâce à ce service, tout a changé.", **fields):
    """A testimonial as stored, answered and waiting for moderation (for the team's side)."""
    from pilotes.models import Testimonial, utcnow

    values = {
        "signup_kind": "volunteer",
        "signup_id": next(_SIGNUP_IDS),
        "territory_code": "35",
        "status": "pending",
        "helped": "oui",
        "answered_at": utcnow(),
        "publish_consent": True,
        "consent_version": "2026-11-t1",
        "signed_as": "anonyme",
        **fields,
    }
    testimonial = Testimonial(service_id=service.id, sentence=sentence, **values)
    db.session.add(testimonial)
    db.session.commit()
    return testimonial
