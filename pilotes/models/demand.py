"""A citizen's demand: "I want this service where I live"."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin, UTCDateTime
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
        Index("ix_demands_service_created", "service_id", "created_at"),
        # A burst from one network is found by reading at most a few index entries.
        Index("ix_demands_service_network", "service_id", "ip_prefix", "created_at"),
        # A mediator's daily limit and their own list read a few index entries.
        Index("ix_demands_mediator_created", "mediator_id", "created_at"),
        # A mediator erases a demand by its reference: one per account, read from the index.
        UniqueConstraint("mediator_id", "reference"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    profile: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)

    # Abuse resistance, without keeping full addresses: the network (IPv4 /24, IPv6 /48)
    # and the email domain are enough to see a surge and to invalidate it.
    ip_prefix: Mapped[str | None] = mapped_column(String(50))
    email_domain: Mapped[str | None] = mapped_column(String(254))
    # Looks automated (honeypot, too fast, burst): kept, but out of the public counts.
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    flag_reason: Mapped[str | None] = mapped_column(String(40))
    # Invalidated by the team (a bulk invalidation): counted nowhere.
    invalidated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The decision that invalidated it (None for those invalidated before decisions were kept).
    invalidation_id: Mapped[int | None] = mapped_column(ForeignKey("invalidations.id"))

    # Recorded by a mediator for someone without email (« demande accompagnée »): counted
    # apart and in the totals. ``mediator_id`` says which account recorded it, until the
    # retention purge (or the mediator's erasure) detaches it; ``accompanied`` stays.
    accompanied: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"))
    # The version of the oral consent text the mediator read out (privacy.CONSENT_TEXTS).
    oral_consent_version: Mapped[str | None] = mapped_column(String(20))
    # What the mediator sees of it and reads out to the person (« ABCD-2345 »): random, not
    # the id, which is one sequence over every service and would tell the mediator how many
    # demands were filed between two of its recordings. Forgotten with ``mediator_id``.
    reference: Mapped[str | None] = mapped_column(String(9))

    service: Mapped[Service] = relationship()


class Invalidation(TimestampMixin, Base):
    """A decision to take demands out of every count: who, when, on what criteria, how
    many. Kept as a row, as e-petitions keeps its invalidations, so it can be reviewed."""

    __tablename__ = "invalidations"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(254))  # the email, kept if the account goes
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    count: Mapped[int] = mapped_column(Integer)
