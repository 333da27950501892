"""A pilot volunteer: a citizen who offers to test the service, and the team's work with them."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin, UTCDateTime
from pilotes.models.contact import ContactMixin
from pilotes.models.place import PlaceMixin
from pilotes.models.service import Service

WAYS = {
    "entretien": "Un entretien (30 minutes à 1 heure, en visio, au téléphone ou en personne)",
    "test": "Tester le service en avant-première",
    "questionnaire": "Répondre à un questionnaire",
}
VOLUNTEER_STATUSES = {
    "new": "Nouveau",
    "contacted": "Contacté",
    "participant": "Participant",
    "declined": "Décliné",
}


class Volunteer(PlaceMixin, ContactMixin, TimestampMixin, Base):
    __tablename__ = "volunteers"
    __table_args__ = (UniqueConstraint("service_id", "email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    ways: Mapped[list] = mapped_column(JSON, default=list)  # keys of WAYS
    availability: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="new")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    service: Mapped[Service] = relationship()
    events: Mapped[list["VolunteerEvent"]] = relationship(
        back_populates="volunteer", order_by="VolunteerEvent.id"
    )

    @property
    def status_label(self) -> str:
        return VOLUNTEER_STATUSES.get(self.status, self.status)


class VolunteerEvent(TimestampMixin, Base):
    """A dated line of a volunteer's history: a note, a status change, a contact."""

    __tablename__ = "volunteer_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # note, status, contact
    author: Mapped[str] = mapped_column(String(254))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str | None] = mapped_column(Text)

    volunteer: Mapped[Volunteer] = relationship(back_populates="events")
