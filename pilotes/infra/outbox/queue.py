"""Writing emails to the outbox, in the caller's transaction, and rendering them."""

from datetime import datetime
from functools import lru_cache

from flask import render_template
from sqlalchemy import delete
from sqlalchemy.orm import Session

from pilotes.infra.driver import run_on_driver
from pilotes.infra.signing import signup_links
from pilotes.infra.single_line import one_line
from pilotes.infra.sql import dialect_insert, with_defaults
from pilotes.models import OutboxMessage


def forget_unsent(session: Session, addresses: list[str]) -> None:
    """Delete the messages not sent yet to ``addresses`` (they hold the address and its
    links): what erasing an address takes with it; no commit."""
    if addresses:
        session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.to_address.in_(addresses), OutboxMessage.sent_at.is_(None)
            )
        )


def once_per_quarter_hour(key: str, now: datetime) -> str:
    """A dedupe key that lets one message of ``key`` through per clock quarter of an hour
    (10:00-10:14, 10:15-10:29, …): what a form may send to an address it is given."""
    return f"{key}:{now:%Y%m%d%H}:{now.minute // 15}"


def unsubscribe_headers(unsubscribe_url: str | None) -> dict:
    """RFC 8058 one-click unsubscribe, for mail clients that offer it."""
    if not unsubscribe_url:
        return {}
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def enqueue(
    session: Session,
    kind: str,
    to: str,
    subject: str,
    context: dict,
    *,
    unsubscribe_url: str | None = None,
    dedupe_key: str | None = None,
    signup: tuple[str, int] | None = None,
) -> bool:
    """Add the message ``email/<kind>``; no commit.

    With ``signup`` (kind, id), ``context`` must be JSON: the sender renders the message
    and makes its signed links, so the request that files a signup does neither. Without
    it, the message is rendered now. With ``dedupe_key``, a second message with the same
    key is not added, even from a concurrent transaction. Returns whether one was added.
    """
    row = message_row(kind, to, subject, context, unsubscribe_url, dedupe_key, signup)
    statement = _insert_statement(session.get_bind().dialect.name, bool(dedupe_key))
    # RETURNING, not rowcount: drivers disagree on rowcount for INSERT … ON CONFLICT.
    table = OutboxMessage.__table__
    return run_on_driver(session, statement, with_defaults(table, row)) is not None


def message_row(
    kind: str,
    to: str,
    subject: str,
    context: dict,
    unsubscribe_url: str | None = None,
    dedupe_key: str | None = None,
    signup: tuple[str, int | None] | None = None,
) -> dict:
    """The outbox row of a message, as ``enqueue`` writes it."""
    subject = one_line(subject)  # a line break in a subject would stop the message
    # Only what differs from the model's defaults (OutboxMessage): the bodies, context and
    # signup left out are NULL, the headers {}, the attempts 0, and it is due now.
    row = {"kind": kind, "dedupe_key": dedupe_key, "to_address": to, "subject": subject}
    if signup:
        return row | {"context": context, "signup": list(signup)}
    return row | render(kind, subject, context, unsubscribe_url)


@lru_cache
def _insert_statement(dialect: str, dedupe: bool):
    """The outbox INSERT (… ON CONFLICT (dedupe_key) DO NOTHING) RETURNING id, built once."""
    table = OutboxMessage.__table__
    statement = dialect_insert(dialect, table)
    if dedupe:
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
    return statement.returning(table.c.id)


def render(kind: str, subject: str, context: dict, unsubscribe_url: str | None = None) -> dict:
    """The bodies and headers of a message (needs an app context, not a request)."""
    context = {**context, "subject": subject, "unsubscribe_url": unsubscribe_url}
    return {
        "body_text": render_template(f"email/{kind}.txt", **context),
        "body_html": render_template(f"email/{kind}.html", **context),
        "headers": unsubscribe_headers(unsubscribe_url),
    }


def rendered(message: OutboxMessage) -> dict:
    """What ``message`` says: as stored, or rendered now with freshly signed links."""
    if message.body_text is not None:
        return {
            "body_text": message.body_text,
            "body_html": message.body_html,
            "headers": dict(message.headers or {}),
        }
    links = signup_links(*message.signup) if message.signup else {}
    return render(
        message.kind,
        message.subject,
        {**(message.context or {}), **links},
        links.get("unsubscribe_url"),
    )
