"""Pilot volunteers: citizens who offer to test the service, and how the team contacts them."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pilotes.domain.counting import move, volunteer_metric
from pilotes.domain.inclusion import InclusionRequest, erase_answers, record_answers
from pilotes.domain.pipelines import forget_notes, record_event
from pilotes.domain.signups.core import Filed, SignupKind, file_signup, new_row, send_email
from pilotes.domain.signups.kinds import register
from pilotes.infra.single_line import MESSAGE, has_control_characters
from pilotes.models import VOLUNTEERS, Service, Volunteer, VolunteerEvent, utcnow
from pilotes.territories.lookup import Place

AVAILABILITY_MAX_LENGTH = 300
CONTACT_WINDOW = timedelta(days=30)


class ContactRefused(Exception):
    """Carries a message in French for the team."""


@dataclass(frozen=True)
class VolunteerRequest:
    place: Place
    postal_code: str
    email: str
    ways: tuple[str, ...]
    availability: str | None = None
    # The optional panel answers, with their own consent (stored only with it).
    inclusion: InclusionRequest | None = None


def _count_confirmed(session: Session, volunteer: Volunteer) -> None:
    """Confirmed: counted, unless the person withdrew before clicking the link."""
    move(session, volunteer, None, volunteer_metric(volunteer))


def _withdraw(session: Session, volunteer: Volunteer) -> None:
    """The person asked not to be contacted any more: they leave the pipeline and the
    count of volunteers, and their panel answers, useless from now on, are erased."""
    erase_answers(session, volunteer)
    # Once, even with two clicks at a time; the UPDATE waits for a confirmation being
    # written, and what it then reads says whether the person was counted.
    moved = session.execute(
        update(Volunteer)
        .where(Volunteer.id == volunteer.id, Volunteer.withdrawn_at.is_(None))
        .values(withdrawn_at=utcnow())
    ).rowcount
    if moved:
        session.refresh(volunteer, ["confirmed_at", "withdrawn_at"])
        was = VOLUNTEERS if volunteer.confirmed_at is not None else None
        move(session, volunteer, was, volunteer_metric(volunteer))
    if volunteer.status != "declined":
        record_event(
            session,
            volunteer,
            "status",
            "la personne elle-même",
            from_status=volunteer.status,
            to_status="declined",
            body="S'est retirée depuis le lien du courriel.",
        )
        volunteer.status = "declined"


def _erase(session: Session, volunteer: Volunteer) -> None:
    """What the person wrote and chose goes, and what the team wrote about them; the place
    (counted down to the commune) and the dates stay."""
    volunteer.availability = None
    volunteer.ways = []
    _withdraw(session, volunteer)
    forget_notes(session, volunteer)


KIND = register(
    SignupKind(
        name="volunteer",
        model=Volunteer,
        confirm_template="volunteer_confirm",
        confirm_subject="Confirmez votre participation aux tests {of_service}",
        on_confirmed=_count_confirmed,
        on_unsubscribed=_withdraw,
        on_erased=_erase,
    )
)


def volunteer(session: Session, service: Service, request: VolunteerRequest) -> Filed:
    """Record a pilot volunteer and queue the confirmation email."""
    row = new_row(
        KIND,
        service,
        request.email,
        notify=True,  # the form requires consent to be contacted
        ways=list(request.ways),
        availability=request.availability or None,
        status="new",
    )
    row.set_place(request.place, request.postal_code)
    filed = file_signup(session, KIND, row, unique_by=("service_id", "email_key"))
    # Only a new row takes answers: someone else typing a known address changes nothing.
    if filed.created and request.inclusion is not None:
        record_answers(session, filed.row, request.inclusion)
    return filed


def contacts_in_window(session: Session, volunteer: Volunteer) -> int:
    return session.scalar(
        select(func.count())
        .select_from(VolunteerEvent)
        .where(
            VolunteerEvent.volunteer_id == volunteer.id,
            VolunteerEvent.kind == "contact",
            VolunteerEvent.created_at > utcnow() - CONTACT_WINDOW,
        )
    )


def contact(session: Session, volunteer: Volunteer, author: str, subject: str, body: str) -> None:
    """Email a volunteer on the team's behalf, within the service's limit.

    Refused (ContactRefused) when the person has not confirmed, has withdrawn, or was
    already contacted ``contact_limit_per_month`` times in the last 30 days.
    """
    service = volunteer.service
    if has_control_characters(subject):
        raise ContactRefused(f"Objet : {MESSAGE}")
    if volunteer.confirmed_at is None or not volunteer.email:
        raise ContactRefused("Cette personne n'a pas confirmé son adresse.")
    if not volunteer.notify or volunteer.withdrawn_at is not None:
        raise ContactRefused("Cette personne ne souhaite plus être contactée.")
    # Lock the volunteer so that two team members contacting at once both count.
    session.scalar(select(Volunteer.id).where(Volunteer.id == volunteer.id).with_for_update())
    if contacts_in_window(session, volunteer) >= service.contact_limit_per_month:
        raise ContactRefused(
            f"Cette personne a déjà été contactée {service.contact_limit_per_month} fois "
            "ces 30 derniers jours : attendez avant de la solliciter à nouveau."
        )
    record_event(session, volunteer, "contact", author, body=f"{subject}\n\n{body}")
    send_email(
        session,
        KIND,
        volunteer,
        "volunteer_contact",
        subject,
        {"message": body, "team_address": service.contact_email},
    )
    if volunteer.status == "new":
        record_event(session, volunteer, "status", author, from_status="new", to_status="contacted")
        volunteer.status = "contacted"
