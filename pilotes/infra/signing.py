"""Every use of a secret, in one place: signed tokens and the key of email hashes.

Each token has a purpose: its salt (a token for one purpose is refused for another) and
its lifetime. Tokens are encrypted and authenticated (Fernet), not only signed: a link
names a row by its id, and readable sequential ids would tell anyone who signs up twice
how many people signed up in between, a count the published figures protect.
``SECRET_KEY`` keys them; on reading, the keys of ``SECRET_KEY_FALLBACKS`` are accepted
too, so links already sent outlive a rotation, and so are the signed (readable) tokens
of links sent before encryption.
``EMAIL_KEY_SECRET`` keys the email hashes that recognise a person twice; unset, it is
``SECRET_KEY``, as before it existed (see "Secrets" in the README for the rotation).
"""

import base64
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from pilotes.infra.site_links import site_links


@dataclass(frozen=True)
class Purpose:
    salt: str
    max_age: int | None  # seconds; None: the token does not expire


CONFIRM = Purpose("pilotes-confirm", 7 * 24 * 3600)
UNSUBSCRIBE = Purpose("pilotes-unsubscribe", None)
ERASE = Purpose("pilotes-erase", None)
SIGN_IN = Purpose("pilotes-sign-in", 15 * 60)
DATA_COPY = Purpose("pilotes-data-copy", 24 * 3600)
FORM_TIME = Purpose("pilotes-form-time", 7 * 24 * 3600)
# A testimonial's own link: to answer, then to withdraw it at any time (so no expiry).
TESTIMONY = Purpose("pilotes-testimony", None)


BASE64URL = re.compile(r"[A-Za-z0-9_-]+")


class TokenInvalid(Exception):
    pass


class TokenExpired(TokenInvalid):
    pass


def _keys() -> list[str]:
    """The current key first, then the fallbacks still accepted on reading."""
    config = current_app.config
    return [config["SECRET_KEY"], *config.get("SECRET_KEY_FALLBACKS", [])]


def _fernet(purpose: Purpose) -> MultiFernet:
    return _fernet_for(purpose.salt, tuple(_keys()))


@lru_cache(maxsize=64)
def _fernet_for(salt: str, keys: tuple[str, ...]) -> MultiFernet:
    """Encrypts with the first key; decrypts with any. One key per purpose, derived from the
    secret and the salt once per process (every form view makes a token)."""
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(hmac.digest(key.encode(), salt.encode(), "sha256")))
            for key in keys
        ]
    )


def _legacy_serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    """Reads the signed tokens of links sent before tokens were encrypted."""
    return URLSafeTimedSerializer(list(reversed(_keys())), salt=purpose.salt)


def sign(purpose: Purpose, value) -> str:
    """``value`` (JSON) encrypted, authenticated and timestamped for ``purpose``."""
    token = _fernet(purpose).encrypt(json.dumps(value).encode()).decode("ascii")
    return token.rstrip("=")  # the padding is implied by the length: shorter, stricter links


def unsign(purpose: Purpose, token: str) -> tuple[object, datetime]:
    """(value, made at) from a token of ``purpose``, or TokenExpired / TokenInvalid."""
    if not BASE64URL.fullmatch(token):  # signed tokens have dots
        return _unsign_legacy(purpose, token)
    fernet, padded = _fernet(purpose), (token + "=" * (-len(token) % 4)).encode("ascii")
    try:
        value = json.loads(fernet.decrypt(padded))
        made_at = fernet.extract_timestamp(padded)
    except (InvalidToken, ValueError):
        raise TokenInvalid from None
    if purpose.max_age is not None and time.time() - made_at > purpose.max_age:
        raise TokenExpired
    return value, datetime.fromtimestamp(made_at, UTC)


def _unsign_legacy(purpose: Purpose, token: str) -> tuple[object, datetime]:
    try:
        return _legacy_serializer(purpose).loads(
            token, max_age=purpose.max_age, return_timestamp=True
        )
    except SignatureExpired:
        raise TokenExpired from None
    except (BadSignature, ValueError, TypeError):
        raise TokenInvalid from None


def make_token(purpose: Purpose, kind: str, row_id: int) -> str:
    return sign(purpose, [kind, row_id])


def read_token(purpose: Purpose, token: str) -> tuple[str, int]:
    """(kind, id) from a token, or TokenExpired / TokenInvalid."""
    value, _ = unsign(purpose, token)
    if not (isinstance(value, list) and len(value) == 2):
        raise TokenInvalid
    kind, row_id = value
    if not isinstance(kind, str) or not isinstance(row_id, int):
        raise TokenInvalid
    return kind, row_id


def testimony_link(testimonial_id: int) -> str:
    """The address of a testimonial's form, for its author only."""
    return site_links().testimony(sign(TESTIMONY, ["testimony", testimonial_id]))


def read_testimony_token(token: str) -> int:
    """The testimonial id a link names, or TokenInvalid."""
    value, _ = unsign(TESTIMONY, token)
    if not (isinstance(value, list) and len(value) == 2 and value[0] == "testimony"):
        raise TokenInvalid
    if not isinstance(value[1], int) or isinstance(value[1], bool):
        raise TokenInvalid
    return value[1]


def email_key_secret() -> str:
    """``EMAIL_KEY_SECRET``; unset (deployments older than it), ``SECRET_KEY`` as before."""
    config = current_app.config
    return config.get("EMAIL_KEY_SECRET") or config["SECRET_KEY"]


def email_hash(normalized_address: str) -> str:
    """A keyed hash of an address already normalised, keyed by ``email_key_secret()``."""
    key = email_key_secret().encode()
    return hmac.new(key, normalized_address.encode(), hashlib.sha256).hexdigest()


def signup_links(kind: str, row_id: int) -> dict[str, str]:
    """The links every email to a signup carries, made when the email is sent."""
    links = site_links()
    return {
        "confirm_url": links.confirm(make_token(CONFIRM, kind, row_id)),
        "unsubscribe_url": links.unsubscribe(make_token(UNSUBSCRIBE, kind, row_id)),
        "erase_url": links.erase(make_token(ERASE, kind, row_id)),
    }


def rounding_key(service_id: int) -> bytes:
    """The secret offsets of a service's published counts (docs/methodology.md). Keyed by
    the key that survives rotation: new offsets would round the same counts twice over."""
    message = f"pilotes-rounding-{service_id}".encode()
    return hmac.new(email_key_secret().encode(), message, hashlib.sha256).digest()
