"""``client_request``: pages addressed by endpoint name, their status asserted, every page
checked, the parsed HTML returned (in the spirit of GOV.UK Notify admin's fixture).

    page = client_request.get("public.service_page", slug="mon-service")
    client_request.sign_in_as("editor", service)
    page = client_request.submit("team.set_goal", {"code": "35"}, slug=service.slug)
    rows = client_request.response("team.demands_export", slug=service.slug).get_data(True)

Arguments of the request itself start with ``_`` (``_status``, ``_redirect``, ``_follow``,
``_headers``); every other keyword is a value of the endpoint's URL (unknown ones go to the
query string, as ``url_for`` does). A redirect is asserted by ``_redirect`` (an endpoint's
URL or a path).

A test about what these checks would hide (a hostile or malformed request, a raw header, a
wrong method, a path that is no endpoint: a static file, a 404 probe) says so by sending it
through ``client_request.raw_get`` / ``raw_post`` / ``raw``: sent as given, nothing asserted.
"""

import csv
import io
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from flask import url_for

from tests.pages import check_page, submit
from tests.web.team.helpers import make_member, sign_in

REDIRECTS = (301, 302, 303, 307, 308)


class Page(BeautifulSoup):
    """A page as parsed HTML; ``.response`` is the response it came in."""

    response = None


class ClientRequest:
    def __init__(self, app, client):
        self.app = app
        self.client = client
        self.user = None

    def url(self, endpoint: str, **values) -> str:
        """The path of ``endpoint`` (a path starting with ``/`` is kept as it is)."""
        if endpoint.startswith("/"):
            return endpoint
        with self.app.test_request_context():
            return url_for(endpoint, **values)

    # Pages: HTML, checked.

    def get(self, endpoint: str, _status=200, _redirect=None, _follow=False, **values) -> Page:
        return self.get_url(self.url(endpoint, **values), _status, _redirect, _follow)

    def get_url(self, url: str, _status=200, _redirect=None, _follow=False, _headers=None):
        response = self.client.open(url, follow_redirects=_follow, headers=_headers)
        return self._page(response, "GET", url, _status, _redirect)

    def post(self, endpoint: str, _data=None, _status=302, _redirect=None, _follow=False, **values):
        """Send ``_data`` (and this session's CSRF token) as a form to ``endpoint``."""
        url = self.url(endpoint, **values)
        data = {"csrf_token": self.csrf_token(), **(_data or {})}
        response = self.client.open(url, method="POST", data=data, follow_redirects=_follow)
        return self._page(response, "POST", url, _status, _redirect)

    def submit(
        self,
        endpoint: str,
        _data=None,
        _status=302,
        _redirect=None,
        _form="main form",
        _follow=False,
        **values,
    ) -> Page:
        """Open the page at ``endpoint``, fill its form ``_form`` with ``_data`` as a person
        would (hidden fields and defaults kept; a ``None`` value unticks), send it."""
        return self.submit_form(
            self.get(endpoint, **values), _data, _status, _redirect, _form, _follow
        )

    def submit_form(
        self, page: Page, _data=None, _status=302, _redirect=None, _form="main form", _follow=False
    ) -> Page:
        """Fill and send a form of a page already shown (say, the confirmation page a first
        form led to), from where that page is."""
        url = page.response.request.full_path.rstrip("?")
        response = submit(
            self.client, page, _data or {}, url, selector=_form, follow_redirects=_follow
        )
        return self._page(response, "POST", url, _status, _redirect)

    # Anything else (CSV, JSON, PDF, headers): the response itself, its status asserted.

    def response(self, endpoint: str, _status=200, _headers=None, _method="GET", **values):
        return self.response_from_url(self.url(endpoint, **values), _status, _headers, _method)

    def response_from_url(self, url: str, _status=200, _headers=None, _method="GET"):
        response = self.client.open(url, method=_method, headers=_headers)
        assert response.status_code == _status, _wanted(_method, url, response, _status)
        return response

    def json(self, endpoint: str, _status=200, **values):
        """The JSON an endpoint answers (the API), its status asserted."""
        response = self.response(endpoint, _status, **values)
        assert response.mimetype == "application/json", response.mimetype
        return response.get_json()

    # Deliberately raw: what the checks above would hide, said by the name.

    def raw(self, method: str, url: str, **kwargs):
        """``url`` sent as given (any method, headers, body, no CSRF token added), its
        response returned with nothing asserted: for a hostile or malformed request, a raw
        header, a wrong method, a path that is no endpoint (a static file, a 404 probe)."""
        return self.client.open(url, method=method, **kwargs)

    def raw_get(self, url: str, **kwargs):
        return self.raw("GET", url, **kwargs)

    def raw_post(self, url: str, **kwargs):
        return self.raw("POST", url, **kwargs)

    def other(self) -> "ClientRequest":
        """Another person's browser: a client of its own, with its own session."""
        return self.browser(self.app)

    @classmethod
    def browser(cls, app) -> "ClientRequest":
        """A browser of its own on ``app`` (an app a test built with other settings)."""
        return cls(app, app.test_client())

    # Who is asking.

    def sign_in_as(self, role: str, service=None, email=None):
        """Sign in (through a real sign-in link) as an ``owner``, ``editor`` or ``viewer`` of
        ``service``, or as a platform ``admin``; the account is made if needed (a member
        already there keeps the role they have, which must be ``role``)."""
        from pilotes.domain.accounts import find_user, get_or_create_user, membership
        from pilotes.infra.database import unit_of_work
        from pilotes.infra.extensions import db

        if self.user is not None:
            self.sign_out()  # a sign-in link does not change who is signed in
        email = email or f"{role}@equipe.gouv.fr"
        if role == "admin":
            with unit_of_work():
                self.user = get_or_create_user(db.session, email, is_admin=True)
        else:
            assert service is not None, f"sign_in_as({role!r}) needs the service"
            user = find_user(db.session, email)
            member = user and membership(db.session, user, service)
            if member is None:
                member = make_member(service, email, role)
            assert member.role == role, f"{email} is {member.role} of {service.slug}"
            self.user = member.user
        sign_in(self.client, email)
        return self.user

    def sign_out(self) -> None:
        self.post("team.sign_out", _redirect="team.sign_in")
        self.user = None

    def csrf_token(self) -> str:
        """This session's CSRF token, as the sign-in page's form carries it."""
        token = self.get("team.sign_in").find("input", attrs={"name": "csrf_token"})
        return token["value"]

    def _page(self, response, method, url, status, redirect) -> Page:
        assert response.status_code == status, _wanted(method, url, response, status)
        if redirect is not None:
            location = urlsplit(response.headers.get("Location", ""))
            assert location.path == self.url(redirect), f"{method} {url} went to {location}"
        if status in REDIRECTS or response.mimetype != "text/html":
            page = Page(response.get_data(as_text=True), "html.parser")
        else:
            page = check_page(response, soup_class=Page)
        page.response = response
        return page


def _wanted(method, url, response, status) -> str:
    where = f" to {response.headers['Location']}" if "Location" in response.headers else ""
    return f"{method} {url}: {response.status_code}{where}, wanted {status}"


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV made for French spreadsheets (UTF-8 with a BOM, ``;``)."""
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeff"), response.mimetype
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
