"""Team accounts: sign-in by magic link or password, membership and roles per service."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pilotes.domain import audit
from pilotes.domain.email_address import InvalidEmail, clean_email
from pilotes.infra.french import of_name
from pilotes.infra.outbox import enqueue
from pilotes.infra.signing import SIGN_IN, TokenExpired, TokenInvalid, make_token, read_token
from pilotes.infra.site_links import site_links
from pilotes.models import (
    MEDIATOR,
    ROLE_LABELS,
    ROLES,
    Membership,
    Service,
    SignInLink,
    User,
    utcnow,
)

PASSWORD_MIN_LENGTH = 12
# At most this many sign-in links mailed to one account per window (each voids the older).
LINKS_PER_WINDOW = 5
LINK_WINDOW = timedelta(minutes=15)
_hasher = PasswordHasher()
# Verified when the account does not exist, so that timing does not tell which exist.
_DUMMY_HASH = _hasher.hash("pilotes-no-such-account")


class AccountError(ValueError):
    """Carries a message in French."""


def account_email(raw: str) -> str:
    try:
        return clean_email(raw).lower()
    except InvalidEmail as error:
        raise AccountError(str(error)) from None


def rate_limit_email_key(raw: str) -> str:
    """One key per mailbox however it is spelt (full-width letters, ideographic dots, case)."""
    try:
        address = clean_email(raw)
    except InvalidEmail:
        address = raw.strip().rstrip(".")  # not an address, but one spelling of it
    return unicodedata.normalize("NFKC", address).casefold() or "-"


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get_or_create_user(session: Session, email: str, is_admin: bool = False) -> User:
    """The account for ``email``, made if needed; no commit."""
    email = account_email(email)
    user = find_user(session, email)
    if user is None:
        user = User(email=email, is_admin=is_admin)
        session.add(user)
        session.flush()
    elif is_admin and not user.is_admin:
        user.is_admin = True
    return user


def _enqueue_sign_in(session: Session, user: User, template: str, subject: str, **context):
    """Email a new sign-in link; the account's earlier unused links stop working, so only
    the latest mail signs in (one forgotten in an inbox or a forwarded thread does not)."""
    _spend_links(session, user)
    link = SignInLink(user_id=user.id)
    session.add(link)
    session.flush()
    token = make_token(SIGN_IN, "link", link.id)
    enqueue(
        session,
        template,
        user.email,
        subject,
        {
            "sign_in_url": site_links().sign_in(token),
            "valid_minutes": SIGN_IN.max_age // 60,
            **context,
        },
    )


def send_sign_in_link(session: Session, email: str, now: datetime | None = None) -> None:
    """Email a sign-in link if an account exists; says nothing either way.

    Past LINKS_PER_WINDOW links made for the account in LINK_WINDOW, nothing is sent (the
    caller answers as usual): a mailbox cannot be flooded, and since the newest link mailed
    is still valid, its owner is not locked out either."""
    user = find_user(session, email)
    if user is None:
        return
    since = (now or utcnow()) - LINK_WINDOW
    recent = session.scalar(
        select(func.count(SignInLink.id)).where(
            SignInLink.user_id == user.id, SignInLink.created_at >= since
        )
    )
    if recent < LINKS_PER_WINDOW:
        _enqueue_sign_in(session, user, "sign_in", "Votre lien de connexion à Pilotes")


@dataclass(frozen=True)
class SignInResult:
    outcome: str  # "ok", "expired", "used", "invalid"
    user: User | None = None


def use_sign_in_link(session: Session, token: str) -> SignInResult:
    """Spend a magic link: it works once, within 15 minutes."""
    try:
        kind, link_id = read_token(SIGN_IN, token)
    except TokenExpired:
        return SignInResult("expired")
    except TokenInvalid:
        return SignInResult("invalid")
    link = session.get(SignInLink, link_id) if kind == "link" else None
    if link is None:
        return SignInResult("invalid")
    spent = session.execute(
        update(SignInLink)
        .where(SignInLink.id == link.id, SignInLink.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if not spent:
        return SignInResult("used")
    link.user.last_sign_in_at = utcnow()
    return SignInResult("ok", link.user)


def check_password(session: Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    try:
        _hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.password_hash:
        return None
    user.last_sign_in_at = utcnow()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Set the account's password; other sessions are signed out."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise AccountError(f"Le mot de passe doit faire au moins {PASSWORD_MIN_LENGTH} caractères.")
    user.password_hash = _hasher.hash(password)
    _end_sessions_and_links(session, user)


def sign_out_everywhere(session: Session, user: User) -> None:
    """End every session of the account and every sign-in link not used yet; no commit."""
    _end_sessions_and_links(session, user)


def _end_sessions_and_links(session: Session, user: User) -> None:
    """A link sent before "sign out everywhere" or a new password must not sign in after."""
    user.session_version += 1
    _spend_links(session, user)


def _spend_links(session: Session, user: User) -> None:
    """Mark the account's unused sign-in links as used: they no longer sign in."""
    session.execute(
        update(SignInLink)
        .where(SignInLink.user_id == user.id, SignInLink.used_at.is_(None))
        .values(used_at=utcnow())
    )


# ---------------------------------------------------------------------------- membership


def membership(session: Session, user: User, service: Service) -> Membership | None:
    return session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.service_id == service.id)
    )


def _memberships(session: Session, where, by) -> list[Membership]:
    """The memberships ``where`` says, in the order of ``by`` (a column of the service or
    of the user, whose table is joined for it)."""
    return list(session.scalars(select(Membership).join(by.class_).where(where).order_by(by)))


def memberships_of(session: Session, user: User) -> list[Membership]:
    return _memberships(session, Membership.user_id == user.id, by=Service.name)


def members_of(session: Session, service: Service) -> list[Membership]:
    return _memberships(session, Membership.service_id == service.id, by=User.email)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError("Choisissez un rôle : lecture, édition ou responsable.")


def _owners(session: Session, service: Service) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.service_id == service.id, Membership.role == "owner")
    )


def add_member(
    session: Session, service: Service, email: str, role: str, invited_by: User | None = None
) -> Membership:
    """Give ``email`` a team role on the service (making the account) and email them a link."""
    _check_role(role)
    member = _join(session, service, email, role, invited_by, "team_invitation")
    _record(session, member, invited_by, "member_invited")
    return member


def add_mediator_member(
    session: Session, service: Service, email: str, invited_by: User | None = None
) -> Membership:
    """Give ``email`` the mediator role (recording demands only) and email them a link.
    Only ``domain.mediators`` calls it, with the organisation's row."""
    return _join(session, service, email, MEDIATOR, invited_by, "mediator_invitation")


def _join(
    session: Session,
    service: Service,
    email: str,
    role: str,
    invited_by: User | None,
    template: str,
) -> Membership:
    user = get_or_create_user(session, email)
    member = membership(session, user, service)
    if member is not None:
        raise AccountError("Cette personne est déjà membre de l'équipe.")
    member = Membership(service_id=service.id, user_id=user.id, role=role)
    session.add(member)
    session.flush()
    _enqueue_sign_in(
        session,
        user,
        template,
        f"Vous rejoignez l'équipe {of_name(service.name)} sur Pilotes"
        if role in ROLES
        else f"Votre accès médiateur à {service.name} sur Pilotes",
        service=service,
        role_label=ROLE_LABELS[role],
        invited_by=invited_by.email if invited_by else None,
    )
    return member


def _record(session: Session, member: Membership, by: User | None, action: str) -> None:
    """Changes to the team are in the audit log: who joined or left, with which role."""
    audit.record(
        session,
        member.service,
        by,
        action,
        criteria={"membre": member.user.email, "rôle": ROLE_LABELS[member.role]},
    )


def set_role(session: Session, member: Membership, role: str, by: User | None = None) -> None:
    _check_role(role)
    if member.role == MEDIATOR:  # a mediator made a viewer would see the figures
        raise AccountError("Un compte médiateur ne change pas de rôle : retirez-le plutôt.")
    if member.role == "owner" and role != "owner" and _owners(session, member.service) == 1:
        raise AccountError("Le service doit garder au moins un responsable.")
    if role != member.role:
        member.role = role
        _record(session, member, by, "member_role_changed")


def remove_member(session: Session, member: Membership, by: User | None = None) -> None:
    if member.role == "owner" and _owners(session, member.service) == 1:
        raise AccountError("Le service doit garder au moins un responsable.")
    _record(session, member, by, "member_removed")
    session.delete(member)
