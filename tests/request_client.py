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
        if response.is_streamed:
            response.response = _read_in(context, response.response)
        return response


def _read_in(context: contextvars.Context, body):
    """A streamed body, read where the test reads it but in the request's context, as one
    server thread reads it (``stream_with_context`` pushes the request's contexts there)."""
    chunks = iter(body)
    try:
        while True:
            try:
                yield context.run(next, chunks)
            except StopIteration:
                return
    finally:
        if hasattr(chunks, "close"):
            context.run(chunks.close)
