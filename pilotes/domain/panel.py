"""Pilot rounds: quotas per group (and territory), which groups are missing, and whom to
contact first. Reads the panel answers, so only owners and editors reach it (web/team)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pilotes.domain import audit
from pilotes.domain.export_fields import header
from pilotes.domain.volunteers import CONTACT_WINDOW
from pilotes.infra.csv_files import Export
from pilotes.models import (
    PANEL_GROUPS,
    InclusionAnswers,
    PilotRound,
    RoundQuota,
    Service,
    User,
    Volunteer,
    VolunteerEvent,
    utcnow,
)

NAME_MAX_LENGTH = 120
TARGET_MAX = 1000


class RoundRefused(ValueError):
    """Carries a message in French for the team."""


@dataclass(frozen=True)
class QuotaRequest:
    group: str
    target: int
    territory_code: str | None = None


@dataclass(frozen=True)
class RoundRequest:
    name: str
    starts_on: date
    ends_on: date
    quotas: tuple[QuotaRequest, ...]


def create_round(
    session: Session, service: Service, request: RoundRequest, author: str
) -> PilotRound:
    """A new round with its quotas; the same group and territory twice is one quota."""
    if request.ends_on < request.starts_on:
        raise RoundRefused("La date de fin doit suivre la date de début.")
    quotas: dict[tuple[str, str | None], int] = {}
    for quota in request.quotas:
        if quota.group not in PANEL_GROUPS or not 0 < quota.target <= TARGET_MAX:
            raise RoundRefused("Chaque quota porte sur un groupe proposé, de 1 à 1000 personnes.")
        quotas[(quota.group, quota.territory_code or None)] = quota.target
    if not quotas:
        raise RoundRefused("Fixez au moins un quota.")
    pilot_round = PilotRound(
        service_id=service.id,
        name=request.name[:NAME_MAX_LENGTH],
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        created_by=author,
        quotas=[
            RoundQuota(group=group, territory_code=code, target=target)
            for (group, code), target in quotas.items()
        ],
    )
    session.add(pilot_round)
    session.flush()
    return pilot_round


def rounds(session: Session, service: Service) -> list[PilotRound]:
    return list(
        session.scalars(
            select(PilotRound)
            .where(PilotRound.service_id == service.id)
            .order_by(PilotRound.starts_on.desc(), PilotRound.id.desc())
        )
    )


def get_round(session: Session, service: Service, round_id: int) -> PilotRound | None:
    """The round, if it is this service's (another service's round is no business of ours)."""
    found = session.get(PilotRound, round_id)
    return found if found is not None and found.service_id == service.id else None


@dataclass(frozen=True)
class Member:
    """A confirmed volunteer who gave panel answers, with the groups they belong to."""

    volunteer: Volunteer
    groups: frozenset[str]

    def fits(self, quota: RoundQuota) -> bool:
        return quota.group in self.groups and quota.territory_code in (
            None,
            self.volunteer.departement_code,
        )


def _members(session: Session, service_id: int) -> list[Member]:
    rows = session.execute(
        select(Volunteer, InclusionAnswers)
        .join(InclusionAnswers, InclusionAnswers.volunteer_id == Volunteer.id)
        .where(
            InclusionAnswers.service_id == service_id,
            Volunteer.service_id == service_id,
            Volunteer.confirmed_at.is_not(None),
            Volunteer.erased_at.is_(None),
        )
        .order_by(Volunteer.id)
    ).all()
    return [Member(volunteer, frozenset(answers.groups())) for volunteer, answers in rows]


@dataclass(frozen=True)
class QuotaProgress:
    quota: RoundQuota
    filled: int  # participants of this group (and territory)
    available: int  # volunteers of this group not yet participants, who may be contacted

    @property
    def label(self) -> str:
        return PANEL_GROUPS.get(self.quota.group, self.quota.group)

    @property
    def missing(self) -> int:
        return max(0, self.quota.target - self.filled)


def _contactable(volunteer: Volunteer) -> bool:
    return (
        volunteer.status in ("new", "contacted")
        and volunteer.notify
        and volunteer.withdrawn_at is None
        and bool(volunteer.email)
    )


def progress(session: Session, pilot_round: PilotRound) -> list[QuotaProgress]:
    """Each quota: how many participants it has, and how many more could be asked."""
    members = _members(session, pilot_round.service_id)
    found = []
    for quota in pilot_round.quotas:
        fitting = [m.volunteer for m in members if m.fits(quota)]
        found.append(
            QuotaProgress(
                quota,
                filled=sum(v.status == "participant" for v in fitting),
                available=sum(_contactable(v) for v in fitting),
            )
        )
    return found


@dataclass(frozen=True)
class Candidate:
    volunteer: Volunteer
    groups: frozenset[str]
    gaps_filled: tuple[str, ...]  # labels of the missing quotas this person would help fill
    missing: int  # the sum of what those quotas still miss
    contacts_left: int


def _contacts_used(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.execute(
        select(VolunteerEvent.volunteer_id, func.count())
        .where(
            VolunteerEvent.volunteer_id.in_(ids),
            VolunteerEvent.kind == "contact",
            VolunteerEvent.created_at > utcnow() - CONTACT_WINDOW,
        )
        .group_by(VolunteerEvent.volunteer_id)
    )
    return dict(rows.all())


def candidates(session: Session, pilot_round: PilotRound, limit: int = 200) -> list[Candidate]:
    """Volunteers to contact for this round: those who fill the largest quota gaps first,
    then those the team may still contact (the service's limit per 30 days), oldest first."""
    service = session.get(Service, pilot_round.service_id)
    gaps = [p for p in progress(session, pilot_round) if p.missing]
    members = [m for m in _members(session, pilot_round.service_id) if _contactable(m.volunteer)]
    used = _contacts_used(session, [m.volunteer.id for m in members])
    found = []
    for member in members:
        helps = [gap for gap in gaps if member.fits(gap.quota)]
        found.append(
            Candidate(
                member.volunteer,
                member.groups,
                tuple(_quota_label(gap.quota, gap.label) for gap in helps),
                sum(gap.missing for gap in helps),
                max(0, service.contact_limit_per_month - used.get(member.volunteer.id, 0)),
            )
        )
    found.sort(key=lambda c: (-len(c.gaps_filled), -c.missing, c.contacts_left == 0))
    return found[:limit]


def _quota_label(quota: RoundQuota, label: str) -> str:
    return f"{label} ({quota.territory_code})" if quota.territory_code else label


def missing_groups(found: list[QuotaProgress]) -> list[str]:
    return [_quota_label(p.quota, p.label) for p in found if p.missing]


# ---------------------------------------------------------------------------- export


def _export_rows(found: list[Candidate]) -> Iterator[list]:
    for c in found:
        yield [
            c.volunteer.id,
            c.volunteer.email,
            c.volunteer.postal_code,
            c.volunteer.departement_code,
            ", ".join(PANEL_GROUPS[g] for g in sorted(c.groups)),
            ", ".join(c.gaps_filled),
            c.volunteer.status_label,
            c.contacts_left,
        ]


def candidates_csv(session: Session, pilot_round: PilotRound, user: User) -> Export:
    """The round's list of volunteers to contact with their groups (health-related data):
    written in the audit log, with the number of rows, before anything leaves."""
    found = candidates(session, pilot_round, limit=10_000)
    service = session.get(Service, pilot_round.service_id)
    audit.record(
        session, service, user, "export_panel", rows=len(found), round=pilot_round.id, format="csv"
    )
    # Rows made now, from this session: the response is streamed after it is gone.
    return Export(header("campagne"), list(_export_rows(found)))
