"""« Grâce à … »: what a service changed for someone, in their own words, and its moderation."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin, UTCDateTime
from pilotes.models.service import Service

# The answer to « Le service vous a-t-il aidé ? »; "oui" and "en_partie" count as a benefit.
HELPED = {"oui": "Oui", "en_partie": "En partie", "non": "Non"}
BENEFIT = ("oui", "en_partie")
# How a published sentence is signed.
SIGNED_AS = {"prenom": "Mon prénom", "anonyme": "Anonyme"}
# invited: the email went, no answer yet; private: answered without consent to publish
# (it counts, nobody moderates it); pending: answered, consent given, waiting for the team;
# published, rejected, unpublished: the team's decision; withdrawn: the author took it
# back; erased: the person's data was erased (link or retention). The last two keep no words.
TESTIMONIAL_STATUSES = {
    "invited": "Invitation envoyée",
    "private": "Réponse privée (pas de consentement à publier)",
    "pending": "À modérer",
    "published": "Publié",
    "rejected": "Refusé",
    "unpublished": "Dépublié",
    "withdrawn": "Retiré par son auteur",
    "erased": "Effacé",
}


class Testimonial(TimestampMixin, Base):
    __tablename__ = "testimonials"
    __test__ = False  # a model, not a pytest class, whatever its name
    __table_args__ = (
        # One invitation per signup, whoever asks and however often.
        UniqueConstraint("service_id", "signup_kind", "signup_id"),
        # The beta page and the report read a service's published words by this index.
        Index("ix_testimonials_service_status", "service_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    # The signup invited: "demand" or "volunteer", and its id (erased with it).
    signup_kind: Mapped[str] = mapped_column(String(20))
    signup_id: Mapped[int] = mapped_column(Integer)
    # The open territory, at the service's level, shown with a published sentence.
    territory_code: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(20), default="invited")

    sentence: Mapped[str | None] = mapped_column(Text)
    helped: Mapped[str | None] = mapped_column(String(10))  # a key of HELPED
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The separate consent to publish, its text's version, and how to sign.
    publish_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    signed_as: Mapped[str | None] = mapped_column(String(10))  # a key of SIGNED_AS
    first_name: Mapped[str | None] = mapped_column(String(40))

    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    moderated_by: Mapped[str | None] = mapped_column(String(254))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    service: Mapped[Service] = relationship()

    @property
    def status_label(self) -> str:
        return TESTIMONIAL_STATUSES.get(self.status, self.status)

    @property
    def helped_label(self) -> str:
        return HELPED.get(self.helped or "", "—")

    @property
    def signature(self) -> str:
        """How the published sentence is signed: the first name, or « Anonyme »."""
        return self.first_name if self.signed_as == "prenom" and self.first_name else "Anonyme"
