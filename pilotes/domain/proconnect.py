"""Who a ProConnect sign-in is: an existing account, found by a verified email address only.

Pilotes opens accounts by invitation (a service's owner adds a member); ProConnect proves
who the agent is, it does not open an account. An address the provider says it did not
verify (``email_verified`` false) signs nobody in: someone could have typed another's.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pilotes.domain.accounts import find_user
from pilotes.models import User, utcnow


@dataclass(frozen=True)
class ProConnectResult:
    outcome: str  # ok, no_email, unverified, unknown
    user: User | None = None
    email: str | None = None


def user_for_claims(session: Session, claims: dict) -> ProConnectResult:
    """The account the claims name, if it exists and the address was verified; no commit."""
    email = (claims.get("email") or "").strip()
    if not email:
        return ProConnectResult("no_email")
    if claims.get("email_verified") is False:
        return ProConnectResult("unverified", email=email)
    user = find_user(session, email)
    if user is None:
        return ProConnectResult("unknown", email=email)
    user.last_sign_in_at = utcnow()
    return ProConnectResult("ok", user=user, email=email)
