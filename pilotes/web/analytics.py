"""Optional Matomo (the programme's instance) in the CNIL's consent-exempt setup, and the
« Je donne mon avis » link of a service.

Exempt from consent means: no cookie (``disableCookies``), nothing that identifies a person
in what is sent. A page whose address holds a token (an email link, a sign-in link) is sent
as its route's pattern; the referrer is cut to its origin. When ``MATOMO_URL`` and
``MATOMO_SITE_ID`` are not both set, no tag is written and the CSP stays as it is.
"""

from urllib.parse import urlsplit

from flask import Flask, current_app, request

SECRET_ARGUMENTS = {"token"}


def matomo_origin() -> str | None:
    url, site = current_app.config.get("MATOMO_URL"), current_app.config.get("MATOMO_SITE_ID")
    if not url or not site:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def tracked_path() -> str:
    """The page as Matomo sees it: its path, or its route's pattern when it holds a token."""
    if request.url_rule and SECRET_ARGUMENTS & set(request.view_args or {}):
        return request.url_rule.rule
    return request.path


def with_matomo(csp: str) -> str:
    """The CSP letting the browser load Matomo's script and send it page views, if configured."""
    origin = matomo_origin()
    if not origin:
        return csp
    for directive in ("script-src", "img-src", "connect-src"):
        csp = csp.replace(f"{directive} 'self'", f"{directive} 'self' {origin}", 1)
    return csp


def feedback_url(service) -> str | None:
    """The service's « Je donne mon avis » form, when its team has set the démarche and key."""
    if not (service.feedback_demarche_id and service.feedback_button_key):
        return None
    base = current_app.config["JDMA_URL"].rstrip("/")
    return f"{base}/Demarches/{service.feedback_demarche_id}?button={service.feedback_button_key}"


def register(app: Flask) -> None:
    @app.context_processor
    def _analytics():
        if not matomo_origin():
            return {"matomo": None, "feedback_url": feedback_url}
        matomo = {
            "url": current_app.config["MATOMO_URL"].rstrip("/") + "/",
            "site_id": current_app.config["MATOMO_SITE_ID"],
            "page": tracked_path(),
        }
        return {"matomo": matomo, "feedback_url": feedback_url}
