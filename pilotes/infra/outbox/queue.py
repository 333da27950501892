"""Writing emails to the outbox, in the caller's transaction."""

from flask import render_template
from sqlalchemy.orm import Session

from pilotes.infra.single_line import one_line
from pilotes.infra.sql import upsert_insert
from pilotes.models import OutboxMessage, utcnow


def enqueue(
    session: Session,
    kind: str,
    to: str,
    subject: str,
    context: dict,
    *,
    unsubscribe_url: str | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Render ``email/<kind>.txt`` and ``.html`` and add the message; no commit.

    With ``dedupe_key``, a second message with the same key is not added, even from a
    concurrent transaction. Returns whether a message was added.
    """
    subject = one_line(subject)  # a line break in a subject would stop the message
    context = {**context, "subject": subject, "unsubscribe_url": unsubscribe_url}
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    row = {
        "kind": kind,
        "dedupe_key": dedupe_key,
        "to_address": to,
        "subject": subject,
        "body_text": render_template(f"email/{kind}.txt", **context),
        "body_html": render_template(f"email/{kind}.html", **context),
        "headers": headers,
        "attempts": 0,
        "next_attempt_at": utcnow(),
        "created_at": utcnow(),
    }
    statement = upsert_insert(session, OutboxMessage.__table__).values(row)
    if dedupe_key:
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
    # RETURNING, not rowcount: drivers disagree on rowcount for INSERT … ON CONFLICT.
    return session.execute(statement.returning(OutboxMessage.id)).scalar() is not None
