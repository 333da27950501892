"""The addresses of the pages emails point to: the web's routes, handed to the domain."""

from flask import Flask

from pilotes.infra.site_links import EXTENSION
from pilotes.infra.urls import external_url


class WebLinks:
    """``pilotes.infra.site_links.SiteLinks`` with this app's endpoints (absolute URLs)."""

    def confirm(self, token: str) -> str:
        return external_url("public.confirm", token=token)

    def unsubscribe(self, token: str) -> str:
        return external_url("public.unsubscribe", token=token)

    def erase(self, token: str) -> str:
        return external_url("public.erase", token=token)

    def sign_in(self, token: str) -> str:
        return external_url("team.sign_in_link", token=token)

    def data_copy(self, token: str) -> str:
        return external_url("public.data_copy", token=token)

    def service(self, slug: str) -> str:
        return external_url("public.service_page", slug=slug)

    def territory(self, slug: str, code: str) -> str:
        return external_url("public.territory_page", slug=slug, code=code)

    def testimony(self, token: str) -> str:
        return external_url("public.testimony", token=token)


def register(app: Flask) -> None:
    app.extensions[EXTENSION] = WebLinks()
