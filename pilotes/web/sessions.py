"""The session: Flask's signed cookie, opened for free when the visitor has none."""

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class CookieSessionInterface(SecureCookieSessionInterface):
    """Most anonymous visitors (a beta page, a figure) send no cookie: their empty session
    needs no signer, which Flask would otherwise make on every request."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)


def register(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
