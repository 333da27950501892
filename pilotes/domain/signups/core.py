"""What every signup with an email shares: its row, dedupe, double opt-in, unsubscribe,
erasure.

A demand, a pilot volunteer and a partner each describe themselves with a ``SignupKind``
(their model, their confirmation email, what confirming, unsubscribing and erasing
mean for them); the functions here do the rest the same way for all three. This module
imports none of them: they register in ``kinds``; ``links`` follows their emails' links.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from pilotes.domain.email_address import email_key
from pilotes.infra.driver import run_on_driver
from pilotes.infra.french import of_name
from pilotes.infra.outbox import enqueue, forget_unsent, once_per_quarter_hour
from pilotes.infra.outbox.queue import message_row
from pilotes.infra.signing import CONFIRM
from pilotes.infra.sql import column_default, dialect_insert
from pilotes.models import utcnow

# The version of the consent text shown with the email field; stored with each signup.
CONSENT_VERSION = "2026-11-v2"

# A person asking again before confirming gets the confirmation email again, at most this often.
RESEND_CONFIRMATION_AFTER = timedelta(minutes=15)


def _nothing(session: Session, row) -> None:
    pass


# What else a person left that goes when their signup is erased (their testimonials):
# hooks (session, kind name, row) that the modules owning such data register, so that
# this module imports none of them.
_ERASE_HOOKS: list[Callable[[Session, str, object], None]] = []


def also_on_erase(hook: Callable[[Session, str, object], None]):
    """Register ``hook`` to run whenever a signup of any kind is erased."""
    if hook not in _ERASE_HOOKS:
        _ERASE_HOOKS.append(hook)
    return hook


@dataclass(frozen=True)
class SignupKind:
    name: str  # in tokens: "demand", "volunteer", "partner"
    model: type
    confirm_template: str
    confirm_subject: str  # formatted with the service's name: {service}, or {of_service}
    on_confirmed: Callable[[Session, object], None] = _nothing
    on_unsubscribed: Callable[[Session, object], None] = _nothing
    on_erased: Callable[[Session, object], None] = _nothing
    # One address may file several rows of this kind (a partner: one per organisation):
    # then at most one confirmation per address and clock quarter of an hour, or anyone
    # could fill a stranger's inbox through the form. A row left without its email gets
    # it when it is sent again later (``signed_up_again``).
    one_confirmation_per_quarter_hour: bool = False


def new_row(
    kind: SignupKind,
    service,
    email: str | None,
    notify: bool,
    consent_version: str = CONSENT_VERSION,
    **fields,
):
    """A signup row of ``kind`` with its contact columns filled the one way they are
    (``service``: a model or a ``PublishedService``, only its id is used); with an email,
    ``consent_version`` is the version of the text its form showed."""
    return kind.model(
        service_id=service.id,
        email=email,
        email_key=email_key(email) if email else None,
        notify=bool(email and notify),
        consent_version=consent_version if email else None,
        **fields,
    )


def send_email(
    session: Session,
    kind: SignupKind,
    row,
    template: str,
    subject: str,
    context: dict | None = None,
    dedupe_key: str | None = None,
    service=None,
) -> bool:
    """Queue an email to a signup; the sender renders it with its unsubscribe and erase
    links. ``context`` holds JSON values; no commit."""
    return enqueue(
        session,
        template,
        row.email,
        subject,
        _email_context(context, service or row.service),
        dedupe_key=dedupe_key,
        signup=(kind.name, row.id),
    )


def _email_context(context: dict | None, service) -> dict:
    return {**(context or {}), "service": {"name": service.name, "slug": service.slug}}


def send_confirmation(session: Session, kind: SignupKind, row, service=None) -> None:
    dedupe_key = None
    if kind.one_confirmation_per_quarter_hour:
        key = f"confirm:{kind.name}:{row.service_id}:{row.email_key}"
        dedupe_key = once_per_quarter_hour(key, utcnow())
    send_email(session, kind, row, **_confirmation(kind, row, service), dedupe_key=dedupe_key)


def _confirmation(kind: SignupKind, row, service=None) -> dict:
    service = service or row.service
    return {
        "template": kind.confirm_template,
        "subject": kind.confirm_subject.format(
            service=service.name, of_service=of_name(service.name)
        ),
        "context": {"valid_days": CONFIRM.max_age // 86400},
        "service": service,
    }


def confirmation_row(kind: SignupKind, row, service=None) -> dict:
    """The outbox row of ``row``'s confirmation email, as ``send_confirmation`` writes it
    (its ``signup`` names ``row.id``, None until the row is inserted)."""
    message = _confirmation(kind, row, service)
    return message_row(
        message["template"],
        row.email,
        message["subject"],
        _email_context(message["context"], message["service"]),
        signup=(kind.name, row.id),
    )


@dataclass(frozen=True)
class Filed:
    row: object
    created: bool  # False when the same person had signed up already


def file_signup(
    session: Session,
    kind: SignupKind,
    row,
    unique_by: tuple[str, ...],
    after_insert=_nothing,
    service=None,
) -> Filed:
    """Insert ``row`` and queue its confirmation, in one transaction.

    A row with the same ``unique_by`` values (a unique constraint) is the same person
    signing up again: nothing new is made, and an unconfirmed one gets its confirmation
    email again (not too often). ``after_insert`` runs only for a new row (counters).
    The insert is tried first: a new person (the usual case) costs no lookup.
    """
    if row.email:
        row.confirmation_sent_at = utcnow()  # written by the INSERT, not an UPDATE after it
    conflict = None
    if _has_related_rows(row):  # a partner's territories: flushed with it, in a savepoint
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
            created = True
        except IntegrityError as error:
            created, conflict = False, error
    else:
        created = _insert_once(session, row, unique_by)
    if not created:
        return signed_up_again(session, kind, row, unique_by, conflict)
    after_insert(session, row)
    if row.email:
        send_confirmation(session, kind, row, service)
    return Filed(row, created=True)


def signed_up_again(session: Session, kind: SignupKind, row, unique_by, conflict=None) -> Filed:
    """``row`` was not inserted: the same person had signed up already. An unconfirmed
    signup gets its confirmation email again (not too often)."""
    model = kind.model
    existing = session.scalar(
        select(model).where(*(getattr(model, c) == getattr(row, c) for c in unique_by))
    )
    if existing is None:
        raise conflict or RuntimeError(f"{model.__name__}: a conflict, yet no such row")
    sent = existing.confirmation_sent_at
    if (
        existing.confirmed_at is None
        and existing.email
        and (sent is None or utcnow() - sent > RESEND_CONFIRMATION_AFTER)
    ):
        send_confirmation(session, kind, existing)
        existing.confirmation_sent_at = utcnow()
    return Filed(existing, created=False)


def _has_related_rows(row) -> bool:
    return any(relation.key in row.__dict__ for relation in inspect(type(row)).relationships)


def _insert_once(session: Session, row, unique_by: tuple[str, ...]) -> bool:
    """Insert ``row`` unless one with the same ``unique_by`` exists; whether it was.

    One statement, ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` (no savepoint: on
    PostgreSQL a failed INSERT would abort the whole transaction); the row then joins the
    session as if it had been loaded.
    """
    table = inspect(type(row)).local_table
    dialect = session.get_bind().dialect.name
    statement = _insert_once_statement(dialect, table, unique_by)
    answer = run_on_driver(session, statement, row_values(row))
    if answer is None:
        return False
    inserted(session, row, answer[0])
    return True


def row_values(row) -> dict:
    """Every column of ``row`` but its id, as its INSERT writes them: a column left unset
    takes its default, on the object too (it then needs nothing loaded back)."""
    values = {}
    for column in inspect(type(row)).local_table.columns:
        if column.primary_key:
            continue
        if column.key not in row.__dict__:
            setattr(row, column.key, column_default(column))
        values[column.key] = row.__dict__[column.key]
    return values


def inserted(session: Session, row, new_id: int) -> None:
    """``row`` (its values from ``row_values``) was inserted as ``new_id``: it joins the
    session as if it had been loaded."""
    row.id = new_id
    make_transient_to_detached(row)  # every column is set: nothing to load back
    session.add(row)


@lru_cache
def _insert_once_statement(dialect: str, table, unique_by: tuple[str, ...]):
    """INSERT … ON CONFLICT (unique_by) DO NOTHING RETURNING id, built once (a hot path)."""
    statement = dialect_insert(dialect, table).on_conflict_do_nothing(index_elements=unique_by)
    return statement.returning(table.c.id)


def unsubscribe(session: Session, kind: SignupKind, row) -> None:
    """No more emails to this person; what they signed up for still counts. Idempotent."""
    row.notify = False
    kind.on_unsubscribed(session, row)


def erase(session: Session, kind: SignupKind, row) -> None:
    """Erase what identifies the person; the signup still counts, anonymously. Idempotent.

    Emails to the address that were not sent yet go too (they hold the address and the
    links); so do any other pending emails to it: erasing too much beats too little.
    """
    if row.email:
        forget_unsent(session, [row.email])
    row.email = None
    row.email_key = None
    row.notify = False
    row.erased_at = row.erased_at or utcnow()
    kind.on_erased(session, row)
    for hook in _ERASE_HOOKS:
        hook(session, kind.name, row)
