"""The team's pipelines of pilot volunteers and partners: statuses and dated notes.

Every change is a dated event with who made it, so the history is never rewritten.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pilotes.models import (
    PARTNER_STATUSES,
    VOLUNTEER_STATUSES,
    Partner,
    PartnerEvent,
    Volunteer,
    VolunteerEvent,
)


class PipelineError(ValueError):
    pass


@dataclass(frozen=True)
class Pipeline:
    event: type
    owner_field: str
    statuses: dict[str, str]


PIPELINES = {
    Volunteer: Pipeline(VolunteerEvent, "volunteer", VOLUNTEER_STATUSES),
    Partner: Pipeline(PartnerEvent, "partner", PARTNER_STATUSES),
}


def record_event(session: Session, row, kind: str, author: str, **fields):
    pipeline = PIPELINES[type(row)]
    event = pipeline.event(kind=kind, author=author, **{pipeline.owner_field: row}, **fields)
    session.add(event)
    return event


def set_status(session: Session, row, status: str, author: str, note: str | None = None):
    """Move a volunteer or partner to ``status``, keeping who and when."""
    pipeline = PIPELINES[type(row)]
    if status not in pipeline.statuses:
        raise PipelineError(f"Statut inconnu : {status} ({', '.join(pipeline.statuses)}).")
    if note:
        _refuse_notes_on_erased(row)
    if status != row.status:
        record_event(
            session,
            row,
            "status",
            author,
            from_status=row.status,
            to_status=status,
            body=note or None,
        )
        row.status = status
    elif note:
        record_event(session, row, "note", author, body=note)


def add_note(session: Session, row, author: str, body: str):
    """A dated note on a volunteer or partner."""
    if not (body or "").strip():
        raise PipelineError("La note est vide.")
    _refuse_notes_on_erased(row)
    event = record_event(session, row, "note", author, body=body.strip())
    return event


def _refuse_notes_on_erased(row) -> None:
    """A person who erased their data is not written about again."""
    if row.erased_at is not None:
        raise PipelineError(
            "Cette personne a effacé ses données : on ne peut plus ajouter de note à son sujet."
        )


def forget_notes(session: Session, row) -> None:
    """Erasure: the team's notes about the person go, and the text of every other line of
    their history (a status change's note, a message sent); the dated statuses stay."""
    for event in row.events:
        if event.kind == "note":
            session.delete(event)
        else:
            event.body = None
