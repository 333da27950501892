"""A citizen's demand: "I want this service where I live"."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin, UTCDateTime
from pilotes.models.service import Service

PROFILES = {
    "usager": "Usager ou usagère du service",
    "proche_aidant": "Proche aidant ou aidante",
    "professionnel": "Professionnel ou professionnelle",
}


class Demand(TimestampMixin, Base):
    __tablename__ = "demands"
    # One demand per person and service: email_key is a keyed hash of the normalised
    # address, kept after the address itself is erased.
    __table_args__ = (UniqueConstraint("service_id", "email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    postal_code: Mapped[str] = mapped_column(String(5))
    commune_code: Mapped[str] = mapped_column(String(5))
    arrondissement_code: Mapped[str | None] = mapped_column(String(5))
    departement_code: Mapped[str] = mapped_column(String(3))
    region_code: Mapped[str] = mapped_column(String(3))

    email: Mapped[str | None] = mapped_column(String(254))
    email_key: Mapped[str | None] = mapped_column(String(64))
    notify: Mapped[bool] = mapped_column(Boolean, default=False)  # tell me when it opens
    consent_version: Mapped[str | None] = mapped_column(String(20))
    profile: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)

    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    service: Mapped[Service] = relationship()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
