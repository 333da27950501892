"""Who is signed in, and what they may do: every team view declares it.

Each view is wrapped by exactly one of ``public``, ``signed_in``, ``admin_only`` or
``member(role)``; the wrapper records it on the view (``view.access``), and a test walks
the URL map to check that no team route goes without.
"""

import unicodedata
from datetime import UTC, datetime, timedelta
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy import select

from pilotes.domain.accounts import membership
from pilotes.infra.extensions import db
from pilotes.models import Service, User

SESSION_LIFETIME = timedelta(hours=12)


def sign_in(user: User) -> None:
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["sv"] = user.session_version
    session["at"] = datetime.now(UTC).timestamp()


def sign_out() -> None:
    session.clear()


def current_user() -> User | None:
    if "user" not in g:
        g.user = _load_user()
    return g.user


def _load_user() -> User | None:
    uid, version, at = session.get("uid"), session.get("sv"), session.get("at")
    if uid is None or at is None:
        return None
    if datetime.now(UTC).timestamp() - at > SESSION_LIFETIME.total_seconds():
        session.clear()
        return None
    user = db.session.get(User, uid)
    if user is None or user.session_version != version:
        session.clear()
        return None
    return user


def _stays_here(path: str) -> bool:
    """A path of this site: one leading slash, no backslash, space or control, no host."""
    parts = urlsplit(path)
    return (
        path.startswith("/")
        and not path.startswith("//")
        and "\\" not in path
        and not parts.scheme
        and not parts.netloc
        and not any(c.isspace() or unicodedata.category(c) in {"Cc", "Cf"} for c in path)
    )


def safe_next(target: str | None) -> str | None:
    """A redirect target only if it stays on this site, as any browser would read it.

    Browsers drop tabs and line breaks inside a URL and read a backslash as a slash, so
    ``/%09/evil.example`` can end up as ``//evil.example``: the target must stay on this
    site as written and at every step of percent-decoding.
    """
    if not target:
        return None
    decoded = target
    for _ in range(3):  # %252F decodes to %2F, then to /
        if not _stays_here(decoded):
            return None
        decoded = unquote(decoded)
    return target if _stays_here(decoded) else None


def _mark(view, access: str, role: str | None = None):
    view.access = access
    view.required_role = role
    return view


def public(view):
    """Open to anyone (sign-in pages)."""
    return _mark(view, "public")


def signed_in(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("team.sign_in", next=request.full_path))
        return view(*args, **kwargs)

    return _mark(wrapper, "signed_in")


def admin_only(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        user = current_user()
        if user is None:
            return redirect(url_for("team.sign_in", next=request.full_path))
        if not user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return _mark(wrapper, "admin")


def member(role: str):
    """A view of one service (``<slug>`` in its URL) for its members with at least ``role``.

    Someone who is not a member gets 404, as if the service had no such page: the
    workspace does not even confirm which services exist. A member whose role is too
    low gets 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(slug, *args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("team.sign_in", next=request.full_path))
            service = db.session.scalar(select(Service).where(Service.slug == slug))
            found = membership(db.session, user, service) if service else None
            if found is None:
                abort(404)
            if not found.allows(role):
                abort(403)
            g.service, g.membership = service, found
            return view(service, *args, **kwargs)

        return _mark(wrapper, "member", role)

    return decorator
