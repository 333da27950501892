"""A test client whose requests run as a server runs them: each in a context of its own."""

import contextvars

from flask import has_app_context
from flask.testing import FlaskClient

from pilotes.infra.extensions import db


class RequestClient(FlaskClient):
    """Each request runs in an empty context, as in a server's new thread: a fresh app
    context, so a fresh ``g`` and its own database session. Nothing a request leaves in
    ``g`` reaches the next one, and the test's own app context (where its factories and
    queries run) is a separate client of the database, like a second process.

    Every app a test makes has it (``tests/conftest.py``). Before each request the test's
    session (of whichever app context it is in) ends its transaction (committing what the
    test wrote, as a factory would), so the request sees it, SQLite's write lock is free,
    and the test's objects are expired: read after the request, they show what it changed.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        context = contextvars.Context()
        response = context.run(super().open, *args, **kwargs)
        if response.is_streamed:  # read whole, there and then, as a server thread does
            response.response = iter(context.run(_read_all, response.response))
        return response


def _read_all(body) -> list:
    """A streamed body read to its end and closed (``stream_with_context`` pops the
    request's contexts there: in the request's own context, never in the test's)."""
    try:
        return list(body)
    finally:
        if hasattr(body, "close"):
            body.close()
