"""Mediator accounts: an organisation that records demands for people who are offline."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.account import User
from pilotes.models.base import Base, TimestampMixin, UTCDateTime
from pilotes.models.service import Service

# Who helps people who do not use the internet.
MEDIATOR_KINDS = {
    "france_services": "Espace France Services",
    "travail_social": "Travail social",
    "mediation_numerique": "Médiation numérique",
    "autre": "Autre organisation",
}


class Mediator(TimestampMixin, Base):
    """One organisation's account on one service, signed in by its user (role "mediator").

    The row outlives the account's membership: the demands it recorded still say who
    recorded them (``Demand.mediator_id``) until the retention purge detaches them."""

    __tablename__ = "mediators"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    # Made from a confirmed partner of the pipeline (None: invited directly).
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    invited_by: Mapped[str | None] = mapped_column(String(254))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    service: Mapped[Service] = relationship()
    user: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        return MEDIATOR_KINDS.get(self.kind, self.kind)
