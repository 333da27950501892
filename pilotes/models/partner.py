"""A partner organisation volunteering to pilot the service in its territories."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin, UTCDateTime, utcnow
from pilotes.models.contact import ContactMixin
from pilotes.models.service import Service

ORGANISATION_TYPES = {
    "conseil_departemental": "Conseil départemental",
    "mdph": "MDPH",
    "cma": "Chambre des métiers et de l'artisanat",
    "caf": "CAF",
    "france_services": "France services",
    "commune": "Commune ou intercommunalité",
    "association": "Association",
    "entreprise": "Entreprise",
    "autre": "Autre",
}
PARTNER_STATUSES = {
    "new": "Nouveau",
    "contacted": "Contacté",
    "engaged": "Engagé",
    "active_pilot": "Pilote actif",
    "declined": "Décliné",
}


class Partner(ContactMixin, TimestampMixin, Base):
    __tablename__ = "partners"
    # The same person sending the same organisation twice makes one partner.
    __table_args__ = (UniqueConstraint("service_id", "email_key", "organisation_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    organisation_name: Mapped[str] = mapped_column(String(200))
    organisation_key: Mapped[str] = mapped_column(String(200))  # SIRET, or the name folded
    organisation_type: Mapped[str] = mapped_column(String(30))
    siret: Mapped[str | None] = mapped_column(String(14))
    contact_name: Mapped[str | None] = mapped_column(String(150))
    contact_role: Mapped[str | None] = mapped_column(String(150))
    phone: Mapped[str | None] = mapped_column(String(20))
    offer: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)

    service: Mapped[Service] = relationship()
    territories: Mapped[list["PartnerTerritory"]] = relationship(
        back_populates="partner", order_by="PartnerTerritory.code"
    )
    events: Mapped[list["PartnerEvent"]] = relationship(
        back_populates="partner", order_by="PartnerEvent.id"
    )
    siret_check: Mapped["SiretCheck | None"] = relationship(back_populates="partner")

    @property
    def status_label(self) -> str:
        return PARTNER_STATUSES.get(self.status, self.status)

    @property
    def type_label(self) -> str:
        return ORGANISATION_TYPES.get(self.organisation_type, self.organisation_type)


class PartnerTerritory(Base):
    """A territory, at the service's level, that a partner covers."""

    __tablename__ = "partner_territories"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(5), primary_key=True, index=True)

    partner: Mapped[Partner] = relationship(back_populates="territories")


class PartnerEvent(TimestampMixin, Base):
    """A dated line of a partner's history, with who wrote it: a note or a status change."""

    __tablename__ = "partner_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # note, status
    author: Mapped[str] = mapped_column(String(254))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str | None] = mapped_column(Text)

    partner: Mapped[Partner] = relationship(back_populates="events")


SIRET_CHECK_STATUSES = {
    "pending": "Vérification en attente",
    "active": "Établissement actif",
    "closed": "Établissement fermé",
    "unknown": "Introuvable dans le répertoire",
    "failed": "Vérification impossible",
}


class SiretCheck(TimestampMixin, Base):
    """What the national register says of a partner's SIRET, looked up after the form was
    saved: written with the partner (so no check is lost) and worked like the outbox."""

    __tablename__ = "siret_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), unique=True)
    siret: Mapped[str] = mapped_column(String(14))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # The register's answer, as it gave it.
    name: Mapped[str | None] = mapped_column(String(250))
    address: Mapped[str | None] = mapped_column(String(400))
    commune_code: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool | None] = mapped_column(Boolean)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The work queue: due rows are found by this index, claimed with a lease.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), default=utcnow, index=True
    )
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)

    partner: Mapped[Partner] = relationship(back_populates="siret_check")

    @property
    def status_label(self) -> str:
        return SIRET_CHECK_STATUSES.get(self.status, self.status)
