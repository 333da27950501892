"""« Grâce à … »: where a territory is open, the people who asked there and the pilot
volunteers are invited, once each, to say in one sentence what the service changed for them.

The invitation follows the contact rules of every email to a signup: confirmed address,
not unsubscribed, within the service's contact limit over 30 days, through the outbox with
a dedupe key (one invitation per person and service, even asked twice at once). Consent to
publish is separate from the answer; the team moderates (``testimony_moderation``); the
author's link answers, then withdraws. Erasing a signup erases its words.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pilotes.domain import demands, volunteers
from pilotes.domain.pipelines import record_event
from pilotes.domain.privacy import latest_consent_version
from pilotes.domain.services import ServiceError, territory_at
from pilotes.domain.signups.core import SignupKind, also_on_erase, send_email
from pilotes.infra import signing
from pilotes.infra.single_line import MESSAGE, has_control_characters
from pilotes.models import (
    HELPED,
    SIGNED_AS,
    Demand,
    OutboxMessage,
    Service,
    Testimonial,
    Volunteer,
    utcnow,
)
from pilotes.territories.names import territory_names

SENTENCE_MAX_LENGTH = 280
FIRST_NAME_MAX_LENGTH = 40
CONTACT_WINDOW = timedelta(days=30)
SUBJECT = "{service} : qu'est-ce que le service a changé pour vous ?"
# Statuses that hold no answer (or no longer): not respondents.
NO_ANSWER = ("invited", "withdrawn", "erased")


class TestimonyError(Exception):
    """A refusal, in French, for the person or the team (``field``: the form field)."""

    __test__ = False  # not a pytest class, whatever its name

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------------------- invitation


@dataclass(frozen=True)
class Invited:
    sent: int  # invitations queued by this call
    over_limit: int  # people left out: contacted too often in the last 30 days


def _invitable(session: Session, service: Service, model, code: str):
    """Signups of ``model`` in ``code`` that may be emailed and were never invited."""
    asked = select(Testimonial.id).where(
        Testimonial.service_id == service.id,
        Testimonial.signup_kind == ("demand" if model is Demand else "volunteer"),
        Testimonial.signup_id == model.id,
    )
    query = select(model).where(
        model.service_id == service.id,
        model.territory_column(service.level) == code,
        model.confirmed_at.is_not(None),
        model.email.is_not(None),  # none once erased, or told of the opening and forgotten
        model.notify.is_(True),  # unsubscribed people are never invited
        ~asked.exists(),
    )
    if model is Demand:
        query = query.where(Demand.invalidated_at.is_(None), Demand.flagged_at.is_(None))
    else:
        query = query.where(Volunteer.withdrawn_at.is_(None))
    return session.scalars(query.order_by(model.id)).all()


def _contacts_in_window(session: Session, service: Service, kind: SignupKind, row) -> int:
    """Emails beyond the confirmation this person had from the service in the last 30 days."""
    if kind is volunteers.KIND:
        return volunteers.contacts_in_window(session, row)
    told = session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.dedupe_key == f"opened:{service.id}:{row.id}",
            OutboxMessage.created_at > utcnow() - CONTACT_WINDOW,
        )
    )
    return told or 0


def to_invite(session: Session, service: Service, code: str) -> list[tuple[SignupKind, object]]:
    """The people ``invite`` would consider in ``code``: askers first, then volunteers."""
    found = [(demands.KIND, row) for row in _invitable(session, service, Demand, code)]
    return found + [(volunteers.KIND, row) for row in _invitable(session, service, Volunteer, code)]


def invite(session: Session, service: Service, code: str, author: str) -> Invited:
    """Invite everyone in the open territory ``code`` to testify, once each; no commit.

    Raises TestimonyError when the territory is not open.
    """
    try:
        territory = territory_at(session, service, code)
    except ServiceError as error:
        raise TestimonyError(str(error)) from None
    if not territory.is_open:
        raise TestimonyError("Ce territoire n'est pas ouvert : invitez quand le service y est.")
    name = territory_names(session, service.level, [code]).get(code, code)
    sent = over_limit = 0
    for kind, row in to_invite(session, service, code):
        if _contacts_in_window(session, service, kind, row) >= service.contact_limit_per_month:
            over_limit += 1
            continue
        sent += _invite_one(session, service, kind, row, code, name, author)
    return Invited(sent, over_limit)


class _AlreadyInvited(Exception):
    """The address had its invitation (as another signup): undo this one's row."""


def _invite_one(session, service, kind, row, code, name, author) -> bool:
    """One invitation in a savepoint: the row, the email (one per address), the contact."""
    try:
        with session.begin_nested():
            testimonial = Testimonial(
                service_id=service.id, signup_kind=kind.name, signup_id=row.id, territory_code=code
            )
            session.add(testimonial)
            session.flush()  # IntegrityError: invited by a concurrent call
            queued = send_email(
                session,
                kind,
                row,
                "testimony_invitation",
                SUBJECT.format(service=service.name),
                {"territory_name": name, "testimony_url": signing.testimony_link(testimonial.id)},
                # Per person: someone both asker and volunteer is invited once.
                dedupe_key=f"testimony:{service.id}:{row.email_key}",
                service=service,
            )
            if not queued:
                raise _AlreadyInvited
    except (IntegrityError, _AlreadyInvited):
        return False
    if kind is volunteers.KIND:
        record_event(
            session, row, "contact", author, body="Invitation à témoigner (« Grâce à … »)."
        )
    return True


# ---------------------------------------------------------------------------- the author


def from_link(session: Session, token: str) -> Testimonial | None:
    """The testimonial a link names, or None for a bad link."""
    try:
        testimonial_id = signing.read_testimony_token(token)
    except signing.TokenInvalid:
        return None
    return session.get(Testimonial, testimonial_id)


@dataclass(frozen=True)
class Answer:
    sentence: str
    helped: str  # a key of HELPED
    publish: bool  # the separate consent to publish
    signed_as: str | None = None  # a key of SIGNED_AS, when publish
    first_name: str | None = None  # when signed_as == "prenom"


def _text_problem(text: str | None, max_length: int, empty: str, too_long: str) -> str | None:
    if not text or not text.strip():
        return empty
    if has_control_characters(text):
        return MESSAGE
    return too_long if len(text) > max_length else None


def sentence_problem(text: str | None) -> str | None:
    """What is wrong with a sentence, in French, or None."""
    too_long = f"Une phrase de {SENTENCE_MAX_LENGTH} caractères au plus ({len(text or '')} ici)."
    return _text_problem(text, SENTENCE_MAX_LENGTH, "Écrivez une phrase.", too_long)


def first_name_problem(text: str | None) -> str | None:
    empty = "Indiquez votre prénom, ou choisissez « Anonyme »."
    too_long = f"Un prénom de {FIRST_NAME_MAX_LENGTH} caractères au plus."
    return _text_problem(text, FIRST_NAME_MAX_LENGTH, empty, too_long)


def problems(given: Answer) -> dict[str, str]:
    """{field: what is wrong, in French} for an answer; empty when it can be recorded."""
    found = {"sentence": sentence_problem(given.sentence)}
    if given.helped not in HELPED:
        found["helped"] = "Dites si le service vous a aidé."
    if given.publish and given.signed_as not in SIGNED_AS:
        found["signed_as"] = "Choisissez comment signer votre phrase."
    if given.publish and given.signed_as == "prenom":
        found["first_name"] = first_name_problem(given.first_name)
    return {field: problem for field, problem in found.items() if problem}


def answer(session: Session, testimonial: Testimonial, given: Answer) -> None:
    """Record the author's answer, once; with consent, it waits for the team's moderation."""
    if testimonial.status != "invited":
        raise TestimonyError("Vous avez déjà répondu, ou ce témoignage a été retiré.")
    for field, problem in problems(given).items():
        raise TestimonyError(problem, field)
    testimonial.sentence = given.sentence.strip()
    testimonial.helped = given.helped
    testimonial.answered_at = utcnow()
    testimonial.publish_consent = given.publish
    if given.publish:
        testimonial.consent_version = latest_consent_version("testimony")
        testimonial.signed_as = given.signed_as
        named = given.signed_as == "prenom"
        testimonial.first_name = given.first_name.strip() if named else None
    # Without consent to publish, nothing to moderate: the answer counts, the words stay private.
    testimonial.status = "pending" if given.publish else "private"


def _forget_words(testimonial: Testimonial) -> None:
    testimonial.sentence = None
    testimonial.helped = None
    testimonial.first_name = None
    testimonial.signed_as = None
    testimonial.publish_consent = False


def withdraw(session: Session, testimonial: Testimonial) -> None:
    """The author takes it back: its words are erased, it shows and counts nowhere."""
    if testimonial.status in ("withdrawn", "erased"):
        return
    _forget_words(testimonial)
    testimonial.status = "withdrawn"
    testimonial.withdrawn_at = utcnow()


@also_on_erase
def _erase_with_signup(session: Session, kind_name: str, row) -> None:
    """A signup erased (its link, or the retention purge): its testimonials go with it."""
    for testimonial in session.scalars(
        select(Testimonial).where(
            Testimonial.service_id == row.service_id,
            Testimonial.signup_kind == kind_name,
            Testimonial.signup_id == row.id,
        )
    ):
        _forget_words(testimonial)
        testimonial.status = "erased"


def of_signups(session: Session, records: list[tuple[str, object]]) -> dict:
    """{(kind name, id): [testimonials]} for a data copy."""
    found: dict = {}
    for kind_name, row in records:
        rows = session.scalars(
            select(Testimonial)
            .where(
                Testimonial.service_id == row.service_id,
                Testimonial.signup_kind == kind_name,
                Testimonial.signup_id == row.id,
                Testimonial.status.not_in(("erased",)),
            )
            .order_by(Testimonial.id)
        ).all()
        if rows:
            found[(kind_name, row.id)] = list(rows)
    return found
