"""Signed links in emails (confirm, unsubscribe, erase), one salt per purpose."""

import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from pilotes.urls import external_url

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


def rounding_key(secret_key: str, service_id: int) -> bytes:
    """The secret offsets of a service's published counts (docs/methodology.md); they must
    stay the same over time, or two roundings of one count would narrow it down."""
    message = f"pilotes-rounding-{service_id}".encode()
    return hmac.new(secret_key.encode(), message, "sha256").digest()
