"""The inclusive pilot panel: volunteers' optional answers (health-related data, RGPD art. 9)
kept apart from their row, and the team's pilot rounds with quotas per group.

The answers live in their own table so that access stays narrow (no relationship from
``Volunteer`` leads to them: only ``pilotes.domain.inclusion`` reads them) and erasing
them is one DELETE.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin, UTCDateTime

ACCESS_NEEDS = {
    "vision": "La vue (je suis aveugle ou malvoyant·e, j'utilise un lecteur ou un "
    "agrandisseur d'écran)",
    "hearing": "L'audition (je suis sourd·e ou malentendant·e)",
    "motor": "La motricité (difficulté à utiliser une souris, un clavier ou un écran tactile)",
    "cognitive": "La compréhension, la mémoire ou l'attention (textes longs, étapes nombreuses)",
}
# A short self-assessment of digital autonomy in five levels, from least to most autonomous.
# It follows the GOV.UK Service Manual's "digital inclusion scale" (GDS, nine levels from
# "never have" to "expert"), folded into five steps as the French digital inclusion work does
# for self-positioning: ANCT's « Les Bons Clics » / Aidants Connect diagnostics and the Pix
# self-assessment ("je ne sais pas faire / avec de l'aide / seul·e / j'aide les autres").
# It is a question to reach a varied panel, not a certified measurement.
DIGITAL_AUTONOMY = {
    "1": "Je n'utilise pas internet, ou presque jamais",
    "2": "J'utilise internet seulement avec l'aide de quelqu'un",
    "3": "Je me débrouille pour des choses simples (courriels, recherches)",
    "4": "Je fais seul·e mes démarches en ligne",
    "5": "Je suis à l'aise, et j'aide parfois d'autres personnes",
}
HELPED_ONLINE = {
    "often": "Oui, souvent",
    "sometimes": "Oui, de temps en temps",
    "never": "Non",
}
# Each answer's labels, for the pages that show them (the team's, the data copy).
ANSWER_LABELS = {"needs": ACCESS_NEEDS, "autonomy": DIGITAL_AUTONOMY, "helped": HELPED_ONLINE}
# The groups a pilot round sets quotas for, each a question of the answers above.
PANEL_GROUPS = {
    "vision": "Besoins liés à la vue",
    "hearing": "Besoins liés à l'audition",
    "motor": "Besoins liés à la motricité",
    "cognitive": "Besoins liés à la compréhension ou à la mémoire",
    "low_autonomy": "Peu autonomes en ligne (niveaux 1 et 2)",
    "helped": "Aidées en ligne par quelqu'un",
}


class InclusionAnswers(TimestampMixin, Base):
    """A volunteer's optional answers, given with their own explicit consent."""

    __tablename__ = "inclusion_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One set of answers per volunteer (unique); the service is repeated so that a team's
    # query never needs the volunteer row to find its own answers.
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    access_needs: Mapped[list] = mapped_column(JSON, default=list)  # keys of ACCESS_NEEDS
    digital_autonomy: Mapped[str | None] = mapped_column(String(1))  # a key of DIGITAL_AUTONOMY
    helped_online: Mapped[str | None] = mapped_column(String(10))  # a key of HELPED_ONLINE
    # The version of the text in privacy.CONSENT_TEXTS the person agreed to, and when.
    consent_version: Mapped[str] = mapped_column(String(20))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def groups(self) -> set[str]:
        """The keys of PANEL_GROUPS these answers belong to."""
        found = set(self.access_needs or []) & set(ACCESS_NEEDS)
        if self.digital_autonomy in ("1", "2"):
            found.add("low_autonomy")
        if self.helped_online in ("often", "sometimes"):
            found.add("helped")
        return found


class PilotRound(TimestampMixin, Base):
    """A round of tests with quotas per group (and territory); its end erases the answers."""

    __tablename__ = "pilot_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(254))
    # The purge's record of erasing the answers once the round ended: when and how many.
    answers_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answers_erased: Mapped[int | None] = mapped_column(Integer)

    quotas: Mapped[list["RoundQuota"]] = relationship(
        back_populates="round", order_by="RoundQuota.id", cascade="all, delete-orphan"
    )


class RoundQuota(Base):
    """How many participants a round wants from one group, nationally or in one territory."""

    __tablename__ = "pilot_round_quotas"
    __table_args__ = (UniqueConstraint("round_id", "group", "territory_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pilot_rounds.id"), index=True)
    group: Mapped[str] = mapped_column(String(20))  # a key of PANEL_GROUPS
    territory_code: Mapped[str | None] = mapped_column(String(3))  # a département, or none
    target: Mapped[int] = mapped_column(Integer)

    round: Mapped[PilotRound] = relationship(back_populates="quotas")
