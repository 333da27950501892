"""Volunteers' optional answers for an inclusive panel: access needs, digital autonomy, help
online. Health-related data (RGPD art. 9): stored only with its own explicit consent, in
its own table, read only through this module, erased at the end of a round or on request.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pilotes.domain.counting import PARIS
from pilotes.domain.signups.core import CONSENT_VERSION
from pilotes.models import (
    ACCESS_NEEDS,
    DIGITAL_AUTONOMY,
    HELPED_ONLINE,
    InclusionAnswers,
    PilotRound,
    utcnow,
)


@dataclass(frozen=True)
class InclusionRequest:
    """What the form received; ``consent`` is the separate box for these answers only."""

    access_needs: tuple[str, ...] = ()
    digital_autonomy: str | None = None
    helped_online: str | None = None
    consent: bool = False

    @property
    def given(self) -> bool:
        """Whether the person answered anything at all."""
        return bool(self.access_needs or self.digital_autonomy or self.helped_online)


def record_answers(
    session: Session, volunteer, request: InclusionRequest
) -> InclusionAnswers | None:
    """Store the answers of a new volunteer; without the explicit consent, nothing at all.

    Unknown keys are dropped rather than stored: only the listed answers may be kept.
    """
    if not request.consent or not request.given:
        return None
    needs = [key for key in ACCESS_NEEDS if key in request.access_needs]
    autonomy = request.digital_autonomy if request.digital_autonomy in DIGITAL_AUTONOMY else None
    helped = request.helped_online if request.helped_online in HELPED_ONLINE else None
    if not (needs or autonomy or helped):
        return None
    answers = InclusionAnswers(
        volunteer_id=volunteer.id,
        service_id=volunteer.service_id,
        access_needs=needs,
        digital_autonomy=autonomy,
        helped_online=helped,
        consent_version=CONSENT_VERSION,
        consented_at=utcnow(),
    )
    session.add(answers)
    session.flush()
    return answers


def answers_by_volunteer(session: Session, volunteer_ids: Iterable[int]) -> dict[int, object]:
    """{volunteer id: their answers} for those who gave some."""
    ids = list(volunteer_ids)
    if not ids:
        return {}
    rows = session.scalars(select(InclusionAnswers).where(InclusionAnswers.volunteer_id.in_(ids)))
    return {row.volunteer_id: row for row in rows}


def answers_of(session: Session, volunteer) -> InclusionAnswers | None:
    return answers_by_volunteer(session, [volunteer.id]).get(volunteer.id)


def erase_answers(session: Session, volunteer) -> int:
    """Delete a volunteer's answers (erasure, withdrawal); how many rows went (0 or 1)."""
    return session.execute(
        delete(InclusionAnswers).where(InclusionAnswers.volunteer_id == volunteer.id)
    ).rowcount


def today() -> date:
    """Rounds run on calendar days in France."""
    return datetime.now(PARIS).date()


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=PARIS)


def erase_after_ended_rounds(session: Session, on: date, dry_run: bool = False) -> int:
    """Erase the answers of every round that has ended: those given up to its last day.

    Each ended round records when its answers went and how many (a decision is a row); a
    round is dealt with once. Answers given after a round ended wait for the next one.
    """
    erased, seen = 0, set()
    ended = session.scalars(
        select(PilotRound)
        .where(PilotRound.ends_on < on, PilotRound.answers_erased_at.is_(None))
        .order_by(PilotRound.ends_on)
    ).all()
    for pilot_round in ended:
        given_by_then = (
            InclusionAnswers.service_id == pilot_round.service_id,
            InclusionAnswers.consented_at < _end_of(pilot_round.ends_on),
        )
        if dry_run:  # rounds of one service overlap: count each set of answers once
            seen.update(session.scalars(select(InclusionAnswers.id).where(*given_by_then)))
            continue
        count = session.execute(delete(InclusionAnswers).where(*given_by_then)).rowcount
        pilot_round.answers_erased_at = utcnow()
        pilot_round.answers_erased = count
        erased += count
    return len(seen) if dry_run else erased
