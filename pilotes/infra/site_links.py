"""The site's addresses put in emails, without knowing the web's routes.

The web layer installs its builder (``pilotes.web.links``) when the app is made; the
domain and the outbox ask for it here and never name an endpoint.
"""

from typing import Protocol

from flask import current_app

EXTENSION = "pilotes.site_links"


class SiteLinks(Protocol):
    def confirm(self, token: str) -> str: ...
    def unsubscribe(self, token: str) -> str: ...
    def erase(self, token: str) -> str: ...
    def sign_in(self, token: str) -> str: ...
    def data_copy(self, token: str) -> str: ...
    def service(self, slug: str) -> str: ...
    def territory(self, slug: str, code: str) -> str: ...
    def testimony(self, token: str) -> str: ...


def site_links() -> SiteLinks:
    """The running app's links (installed by ``create_app``)."""
    return current_app.extensions[EXTENSION]
