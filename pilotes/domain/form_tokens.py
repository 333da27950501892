"""One-use tokens in the public forms: when a form was shown (a machine fills it faster
than a person), and a nonce spent once, so that one page load files one signup."""

import secrets
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import bindparam, delete
from sqlalchemy.orm import Session

from pilotes.infra import signing
from pilotes.infra.sql import dialect_insert, run_on_driver
from pilotes.models import SpentFormToken, utcnow


class FormReplayed(Exception):
    """The form's one-use token was spent already: this POST files nothing."""


def form_timestamp() -> str:
    """A signed one-use token in each public form: when it was shown, and a nonce to spend."""
    return signing.sign(signing.FORM_TIME, secrets.token_urlsafe(16))


def read_form_token(token: str | None) -> tuple[float, str] | None:
    """(seconds since the form was shown, its nonce), or None for a missing or forged token."""
    if not token:
        return None
    try:
        nonce, signed_at = signing.unsign(signing.FORM_TIME, token)
    except signing.TokenInvalid:
        return None
    if not isinstance(nonce, str) or not 0 < len(nonce) <= 32:
        return None  # a token from before tokens were single-use
    return (utcnow() - signed_at).total_seconds(), nonce


def spend_form_token(session: Session, nonce: str | None) -> None:
    """Spend a form's token in the caller's transaction, or FormReplayed; no commit.

    One INSERT on a primary key: of two POSTs racing with one token, exactly one files.
    """
    if nonce is None:
        return  # no valid token: the demand is flagged instead (flag_reason)
    statement = spend_statement(session.get_bind().dialect.name)
    if run_on_driver(session, statement, spend_parameters(nonce)) is None:
        raise FormReplayed


def spend_parameters(nonce: str) -> dict:
    return {"token_nonce": nonce, "token_spent_at": utcnow()}


@lru_cache
def spend_statement(dialect: str):
    """INSERT … ON CONFLICT (nonce) DO NOTHING RETURNING nonce, built once (a hot path);
    its parameters named (``spend_parameters``), so that it may be part of a bigger one."""
    table = SpentFormToken.__table__
    statement = dialect_insert(dialect, table).values(
        nonce=bindparam("token_nonce", type_=table.c.nonce.type),
        spent_at=bindparam("token_spent_at", type_=table.c.spent_at.type),
    )
    statement = statement.on_conflict_do_nothing(index_elements=["nonce"])
    return statement.returning(table.c.nonce)


def forget_spent_form_tokens(session: Session) -> int:
    """Delete spent tokens whose signature has expired (they cannot be replayed); no commit."""
    cutoff = utcnow() - timedelta(seconds=signing.FORM_TIME.max_age + 3600)
    return session.execute(delete(SpentFormToken).where(SpentFormToken.spent_at < cutoff)).rowcount
