"""The web side of the SQLite transaction policy: which requests may write.

Read-only requests (GET, HEAD, OPTIONS) start a plain BEGIN, which under WAL never waits;
anything else takes the write lock up front. A GET view that writes (an email link) is
marked with ``@writes``. ``create_app`` hands ``read_only_request`` to the database setup.
"""

from functools import wraps

from flask import g, has_request_context, request

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def writes(view):
    """Mark a GET view that writes, so its transaction takes the write lock up front."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.db_writes = True
        return view(*args, **kwargs)

    return wrapper


def read_only_request() -> bool:
    """True inside a GET/HEAD/OPTIONS request whose view is not marked ``@writes``."""
    return (
        has_request_context()
        and request.method in READ_ONLY_METHODS
        and not g.get("db_writes", False)
    )
