"""A public service in beta, its page content and the territories where it is open."""

import re
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from pilotes.models.base import Base, TimestampMixin, UTCDateTime

# An origin that may frame the embeddable pages: https, a host, maybe a port (nothing that
# could end the CSP directive). Over http, anyone on the network could change the framing page
# around the form; no exception, not even this machine's own address (outside review).
EMBED_ORIGIN_RE = re.compile(r"^https://[a-z0-9.-]+(:\d{1,5})?$", re.IGNORECASE)

PHASES = {
    "investigation": "Investigation",
    "construction": "Construction",
    "acceleration": "Accélération",
    "perennisation": "Pérennisation",
}
# What each beta phase means, in a sentence a citizen understands (beta.gouv.fr's phases).
PHASE_SENTENCES = {
    "investigation": "en investigation : l'équipe vérifie le problème et comment le résoudre",
    "construction": "en construction : une première version est testée avec quelques usagers",
    "acceleration": "en accélération : il fonctionne déjà et s'étend à d'autres territoires",
    "perennisation": "en voie de pérennisation : il s'installe durablement",
}
STATUSES = {"draft": "Brouillon", "published": "Publié", "archived": "Archivé"}
AFTER_OPENING = {
    "erase": "Effacer les adresses du territoire dès son ouverture (après avoir prévenu qui "
    "l'a demandé)",
    "keep": "Les garder jusqu'à la fin de la durée de conservation",
}


# INSEE's rule for counts of persons is 11; owners may choose within these bounds.
DEFAULT_THRESHOLD = 11
THRESHOLD_BOUNDS = (5, 50)


class Service(TimestampMixin, Base):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(150))
    tagline: Mapped[str] = mapped_column(String(250), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered safely
    # The two above rendered and sanitised when set (pilotes.domain.services), not on each view.
    problem_html: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(20), default="investigation")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    level: Mapped[str] = mapped_column(String(20), default="departement")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # How long personal data (emails, comments) is kept, in days.
    retention_days: Mapped[int] = mapped_column(Integer, default=365)
    # Once a territory opens and its people are told, their addresses are erased at once
    # ("erase") or kept until the retention period ends ("keep").
    after_opening: Mapped[str] = mapped_column(String(10), default="erase")
    # A pilot volunteer is contacted at most this many times in 30 days.
    contact_limit_per_month: Mapped[int] = mapped_column(Integer, default=2)
    # When a territory reaches its goal, its partners are told too (the team always is).
    notify_partners_on_goal: Mapped[bool] = mapped_column(Boolean, default=False)
    # No public count below this is shown (docs/methodology.md); within THRESHOLD_BOUNDS.
    suppression_threshold: Mapped[int] = mapped_column(Integer, default=DEFAULT_THRESHOLD)
    # Origins (https://site.fr) allowed to show the embeddable form in an iframe.
    embed_origins: Mapped[list] = mapped_column(JSON, default=list)
    # « Je donne mon avis » (the State's user-feedback service): the button shows on the
    # beta page only when both are set.
    feedback_demarche_id: Mapped[str | None] = mapped_column(String(20))
    feedback_button_key: Mapped[str | None] = mapped_column(String(64))
    # The data.gouv.fr dataset `pilotes publish` updates (its id, remembered after the first).
    datagouv_dataset_id: Mapped[str | None] = mapped_column(String(64))

    territories: Mapped[list["ServiceTerritory"]] = relationship(
        back_populates="service", order_by="ServiceTerritory.code"
    )

    @validates("suppression_threshold")
    def _threshold_within_bounds(self, _key: str, value: int) -> int:
        """A threshold out of bounds would publish what the method promises to hide."""
        low, high = THRESHOLD_BOUNDS
        if not low <= value <= high:
            raise ValueError(f"suppression_threshold must be within {low}..{high}, not {value}")
        return value

    @property
    def framing_origins(self) -> list[str]:
        """The stored origins that may frame the pages: https ones only, whatever was stored
        before the settings required it (http://localhost… was once accepted)."""
        return [o for o in self.embed_origins or [] if EMBED_ORIGIN_RE.match(o)]

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def phase_label(self) -> str:
        return PHASES.get(self.phase, self.phase)

    @property
    def phase_sentence(self) -> str:
        return PHASE_SENTENCES.get(self.phase, "")

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


class ServiceTerritory(Base):
    """A territory, at the service's level, that is open or has a goal (or both)."""

    __tablename__ = "service_territories"
    __table_args__ = (UniqueConstraint("service_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    code: Mapped[str] = mapped_column(String(5))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    url: Mapped[str | None] = mapped_column(String(500))  # where to use the service there
    goal: Mapped[int | None] = mapped_column(Integer)  # confirmed demands: what is checked
    # When the team set the goal per 100,000 inhabitants: that rate (``goal`` is then the
    # count it makes for the territory's population, rounded up).
    goal_per_100k: Mapped[int | None] = mapped_column(Integer)
    goal_reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the published figures first said so: its partners were told then, once.
    goal_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    service: Mapped[Service] = relationship(back_populates="territories")

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None
