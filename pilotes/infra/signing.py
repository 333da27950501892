"""Signed links in emails (confirm, unsubscribe, erase), one salt per purpose."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from pilotes.infra.urls import external_url

CONFIRM_MAX_AGE = 7 * 24 * 3600


class TokenInvalid(Exception):
    pass


class TokenExpired(TokenInvalid):
    pass


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"pilotes-{purpose}")


def make_token(secret_key: str, purpose: str, kind: str, row_id: int) -> str:
    return _serializer(secret_key, purpose).dumps([kind, row_id])


def read_token(
    secret_key: str, purpose: str, token: str, max_age: int | None = None
) -> tuple[str, int]:
    """(kind, id) from a token, or TokenExpired / TokenInvalid."""
    try:
        kind, row_id = _serializer(secret_key, purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenExpired from None
    except (BadSignature, ValueError, TypeError):
        raise TokenInvalid from None
    if not isinstance(kind, str) or not isinstance(row_id, int):
        raise TokenInvalid
    return kind, row_id


def signed_url(endpoint: str, purpose: str, kind: str, row_id: int) -> str:
    """An absolute link (``BASE_URL``) to ``endpoint`` carrying a token for ``purpose``."""
    token = make_token(current_app.config["SECRET_KEY"], purpose, kind, row_id)
    return external_url(endpoint, token=token)


def signup_links(kind: str, row_id: int) -> dict[str, str]:
    """The links every email to a signup carries, made when the email is sent."""
    return {
        "confirm_url": signed_url("public.confirm", "confirm", kind, row_id),
        "unsubscribe_url": signed_url("public.unsubscribe", "unsubscribe", kind, row_id),
        "erase_url": signed_url("public.erase", "erase", kind, row_id),
    }
