"""A citizen's demand: "I want this service where I live"."""

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin
from pilotes.models.contact import ContactMixin
from pilotes.models.place import PlaceMixin
from pilotes.models.service import Service

PROFILES = {
    "usager": "Usager ou usagère du service",
    "proche_aidant": "Proche aidant ou aidante",
    "professionnel": "Professionnel ou professionnelle",
}


class Demand(PlaceMixin, ContactMixin, TimestampMixin, Base):
    __tablename__ = "demands"
    __table_args__ = (
        # One demand per person and service.
        UniqueConstraint("service_id", "email_key"),
        # Opening a territory finds the people to tell without scanning the service.
        Index("ix_demands_service_departement", "service_id", "departement_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    profile: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship()
