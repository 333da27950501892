"""Transactions at the web edge: ``@writes`` runs a view in one unit of work.

A view that writes is marked ``@writes``: the domain functions it calls never commit;
the view's unit of work commits when it returns, and rolls back if it raises. It also
takes SQLite's write lock up front, even on GET (an email link): read-only requests
(GET, HEAD, OPTIONS, unmarked) start a plain BEGIN, which under WAL never waits.
``create_app`` hands ``read_only_request`` to the database setup.
"""

from functools import wraps

from flask import g, has_request_context, request

from pilotes.infra.database import unit_of_work

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def writes(view):
    """The view writes: one transaction (committed on return), the write lock up front."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.db_writes = True
        with unit_of_work():
            return view(*args, **kwargs)

    return wrapper


def read_only_request() -> bool:
    """True inside a GET/HEAD/OPTIONS request whose view is not marked ``@writes``."""
    return (
        has_request_context()
        and request.method in READ_ONLY_METHODS
        and not g.get("db_writes", False)
    )
