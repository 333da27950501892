"""Partner organisations volunteering to pilot the service in their territories."""

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pilotes.domain.pipelines import forget_notes
from pilotes.domain.signups.core import Filed, SignupKind, file_signup, new_row
from pilotes.domain.signups.kinds import register
from pilotes.models import Partner, PartnerTerritory, Service, SiretCheck

OFFER_MAX_LENGTH = 2000


@dataclass(frozen=True)
class PartnerRequest:
    organisation_name: str
    organisation_type: str
    territory_codes: tuple[str, ...]
    contact_name: str
    contact_role: str | None
    email: str
    siret: str | None = None
    phone: str | None = None
    offer: str | None = None
    capacity: int | None = None


def organisation_key(name: str, siret: str | None) -> str:
    """The SIRET, or the name without case, accents and punctuation: one partner per key."""
    if siret:
        return siret
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", folded).strip()[:200]


def _erase(session: Session, partner: Partner) -> None:
    """The organisation stays (it is no personal data, and it counts by its status); its
    contact person goes, with what they wrote and what the team wrote about them."""
    partner.contact_name = None
    partner.contact_role = None
    partner.phone = None
    partner.offer = None
    forget_notes(session, partner)


KIND = register(
    SignupKind(
        name="partner",
        model=Partner,
        confirm_template="partner_confirm",
        confirm_subject="Confirmez la candidature de votre organisation pour {service}",
        on_erased=_erase,
        one_confirmation_per_quarter_hour=True,
    )
)


def volunteer_partner(session: Session, service: Service, request: PartnerRequest) -> Filed:
    """Record a partner candidacy with its territories and queue the confirmation."""
    partner = new_row(
        KIND,
        service,
        request.email,
        notify=True,
        organisation_name=request.organisation_name,
        organisation_key=organisation_key(request.organisation_name, request.siret),
        organisation_type=request.organisation_type,
        siret=request.siret,
        contact_name=request.contact_name,
        contact_role=request.contact_role or None,
        phone=request.phone,
        offer=request.offer or None,
        capacity=request.capacity,
        status="new",
        territories=[PartnerTerritory(code=code) for code in sorted(set(request.territory_codes))],
        # Checked against the register later, by the worker: the form never waits on it.
        siret_check=SiretCheck(siret=request.siret) if request.siret else None,
    )
    return file_signup(
        session, KIND, partner, unique_by=("service_id", "email_key", "organisation_key")
    )
