"""What every signup with an email shares: its row, dedupe, double opt-in, unsubscribe,
erasure.

A demand, a pilot volunteer and a partner each describe themselves with a ``SignupKind``
(their model, their confirmation email, what confirming, unsubscribing and erasing
mean for them); the functions here do the rest the same way for all three. This module
imports none of them: ``kinds`` lists them, ``links`` follows the links of their emails.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pilotes.domain.email_address import email_key
from pilotes.domain.site_links import site_links
from pilotes.infra.outbox import enqueue
from pilotes.infra.signing import CONFIRM, ERASE, UNSUBSCRIBE, make_token
from pilotes.models import Service, utcnow

# The version of the consent text shown with the email field; stored with each signup.
CONSENT_VERSION = "2026-11-v1"
# A person asking again before confirming gets the confirmation email again, at most this often.
RESEND_CONFIRMATION_AFTER = timedelta(minutes=15)


def _nothing(session: Session, row) -> None:
    pass


@dataclass(frozen=True)
class SignupKind:
    name: str  # in tokens: "demand", "volunteer", "partner"
    model: type
    confirm_template: str
    confirm_subject: str  # formatted with the service's name
    on_confirmed: Callable[[Session, object], None] = _nothing
    on_unsubscribed: Callable[[Session, object], None] = _nothing
    on_erased: Callable[[Session, object], None] = _nothing


def new_row(kind: SignupKind, service: Service, email: str | None, notify: bool, **fields):
    """A signup row of ``kind`` with its contact columns filled the one way they are."""
    return kind.model(
        service_id=service.id,
        service=service,
        email=email,
        email_key=email_key(email) if email else None,
        notify=bool(email and notify),
        consent_version=CONSENT_VERSION if email else None,
        **fields,
    )


def email_links(kind: str, row_id: int) -> dict[str, str]:
    """The links every email to a signup carries (addresses from the web's ``site_links``)."""
    links = site_links()
    return {
        "confirm_url": links.confirm(make_token(CONFIRM, kind, row_id)),
        "unsubscribe_url": links.unsubscribe(make_token(UNSUBSCRIBE, kind, row_id)),
        "erase_url": links.erase(make_token(ERASE, kind, row_id)),
    }


def send_email(
    session: Session,
    kind: SignupKind,
    row,
    template: str,
    subject: str,
    context: dict | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Queue an email to a signup, with its unsubscribe and erase links; no commit."""
    links = email_links(kind.name, row.id)
    return enqueue(
        session,
        template,
        row.email,
        subject,
        {"service": row.service, **links, **(context or {})},
        unsubscribe_url=links["unsubscribe_url"],
        dedupe_key=dedupe_key,
    )


def send_confirmation(session: Session, kind: SignupKind, row) -> None:
    send_email(
        session,
        kind,
        row,
        kind.confirm_template,
        kind.confirm_subject.format(service=row.service.name),
        {"valid_days": CONFIRM.max_age // 86400},
    )
    row.confirmation_sent_at = utcnow()


@dataclass(frozen=True)
class Filed:
    row: object
    created: bool  # False when the same person had signed up already


def file_signup(
    session: Session, kind: SignupKind, row, unique_by: tuple[str, ...], after_insert=_nothing
) -> Filed:
    """Insert ``row`` and queue its confirmation, in one transaction.

    A row with the same ``unique_by`` values (a unique constraint) is the same person
    signing up again: nothing new is made, and an unconfirmed one gets its confirmation
    email again (not too often). ``after_insert`` runs only for a new row (counters).
    """

    def find_existing():
        model = kind.model
        return session.scalar(
            select(model).where(*(getattr(model, c) == getattr(row, c) for c in unique_by))
        )

    existing = find_existing() if row.email_key else None
    if existing is None:
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            existing = find_existing()  # the same person, a moment ago, in another request
            if existing is None:
                raise
    if existing is not None:
        sent = existing.confirmation_sent_at
        if (
            existing.confirmed_at is None
            and existing.email
            and (sent is None or utcnow() - sent > RESEND_CONFIRMATION_AFTER)
        ):
            send_confirmation(session, kind, existing)
        return Filed(existing, created=False)
    after_insert(session, row)
    if row.email:
        send_confirmation(session, kind, row)
    return Filed(row, created=True)


def unsubscribe(session: Session, kind: SignupKind, row) -> None:
    """No more emails to this person; what they signed up for still counts. Idempotent."""
    row.notify = False
    kind.on_unsubscribed(session, row)


def erase(session: Session, kind: SignupKind, row) -> None:
    """Erase what identifies the person; the signup still counts, anonymously. Idempotent."""
    row.email = None
    row.email_key = None
    row.notify = False
    row.erased_at = row.erased_at or utcnow()
    kind.on_erased(session, row)
