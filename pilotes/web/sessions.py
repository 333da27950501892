"""The session: Flask's signed cookie, opened for free when the visitor has none; flashed
messages shown once, on the page their action leads to."""

from flask import Flask, Request, Response, g, session
from flask.globals import request_ctx
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class CookieSessionInterface(SecureCookieSessionInterface):
    """Most anonymous visitors (a beta page, a figure) send no cookie: their empty session
    needs no signer, which Flask would otherwise make on every request."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)


def _count_waiting_messages() -> None:
    g.messages_waiting = len(session.get("_flashes", ()))


def _drop_unshown_messages(response: Response) -> Response:
    """A message flashed by an action is for the page that action leads to, through its
    redirects. Flask keeps it until some page shows it: a download, a JSON answer or a
    page sent without it in between, and « Votre mot de passe est enregistré. » turned up
    later on an unrelated page (outside review). A response other than a redirect that
    did not show the messages waiting when it came in drops them (those flashed while
    making it stay, for the next page)."""
    waiting = g.get("messages_waiting", 0)
    if waiting and not 300 <= response.status_code < 400 and request_ctx.flashes is None:
        later = session.get("_flashes", [])[waiting:]
        if later:
            session["_flashes"] = later
        else:
            session.pop("_flashes", None)
    return response


def register(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
    app.before_request(_count_waiting_messages)
    app.after_request(_drop_unshown_messages)
