"""Team accounts, their membership of services, sign-in links and the audit log."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pilotes.models.base import Base, TimestampMixin, UTCDateTime
from pilotes.models.service import Service

# Roles, each allowed what the one before is, and more.
ROLES = {
    "viewer": "Lecture (chiffres agrégés seulement)",
    "editor": "Édition (données personnelles, suivi, contenu de la page)",
    "owner": "Responsable (membres, ouvertures, objectifs, conservation, suppression)",
}
ROLE_RANK = {"viewer": 1, "editor": 2, "owner": 3}
# A mediator records demands for people who are offline, and nothing else: no figures,
# no people's data. It is not a team role (not in ROLES): given only with a Mediator row.
MEDIATOR = "mediator"
ROLE_LABELS = {**ROLES, MEDIATOR: "Médiation (enregistre des demandes accompagnées)"}


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # normalised, lower case
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped to sign the account out everywhere (password change, sign-out).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships: Mapped[list["Membership"]] = relationship(back_populates="user")


class Membership(TimestampMixin, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("service_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))

    service: Mapped[Service] = relationship()
    user: Mapped[User] = relationship(back_populates="memberships")

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def allows(self, role: str) -> bool:
        if MEDIATOR in (role, self.role):
            return role == self.role  # neither ladder opens the other
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


class SignInLink(TimestampMixin, Base):
    """A magic link: signed, valid 15 minutes, usable once."""

    __tablename__ = "sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


# What the audit log's « Quoi » column says for each action the domain records.
AUDIT_ACTIONS = {
    "export_demandes": "Export des demandes (CSV)",
    "export_volontaires": "Export des volontaires (CSV)",
    "export_partenaires": "Export des partenaires (CSV)",
    "export_panel": "Export d'une campagne du panel (CSV)",
    "demands_invalidated": "Demandes invalidées",
    "flags_restored": "Demandes mises de côté rétablies",
    "demand_accompanied": "Demande accompagnée enregistrée par un médiateur",
    "demand_accompanied_erased": "Demande accompagnée effacée par un médiateur",
    "mediator_invited": "Médiateur invité",
    "mediator_removed": "Médiateur retiré",
    "member_invited": "Membre de l'équipe invité",
    "member_role_changed": "Rôle d'un membre modifié",
    "member_removed": "Membre retiré de l'équipe",
    "territory_opened": "Territoire ouvert (personnes prévenues par courriel)",
    "territory_closed": "Territoire fermé",
    "temoignage_publie": "Témoignage publié",
    "temoignage_refuse": "Témoignage refusé",
    "temoignage_depublie": "Témoignage dépublié",
}


class AuditEntry(TimestampMixin, Base):
    """Who did what with personal data: every export, who saw what and how many rows."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(254))  # the email, kept if the account goes
    action: Mapped[str] = mapped_column(String(40))
    rows: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    @property
    def action_label(self) -> str:
        return AUDIT_ACTIONS.get(self.action, self.action)
