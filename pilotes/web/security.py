"""HTTP security headers for every response: CSP, framing, HSTS, …"""

from flask import Flask, abort, g, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from pilotes.web.analytics import with_matomo

# DSFR draws some icons and components with data: images; fonts and scripts are ours.
# No inline script anywhere, so no per-response nonce: a page is the same bytes for every
# anonymous visitor, and can be kept whole (pilotes.web.page_cache).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
)


def allow_framing_by(origins: list[str]) -> None:
    """Let these origins (only) show this response in an iframe (``Service.framing_origins``:
    https ones only)."""
    g.frame_ancestors = " ".join(origins) if origins else "'none'"


def _without_nul(values: MultiDict) -> tuple[MultiDict, set[str]]:
    """``values`` with every NUL byte taken out, and the names of the fields that held one."""
    names = {name for name, value in values.items(multi=True) if "\x00" in name + value}
    if not names:
        return values, names
    cleaned = [(n.replace("\x00", ""), v.replace("\x00", "")) for n, v in values.items(multi=True)]
    return ImmutableMultiDict(cleaned), {name.replace("\x00", "") for name in names}


def register(app: Flask) -> None:
    @app.before_request
    def _take_out_nul_bytes():
        """No text here ever holds a NUL byte, and PostgreSQL refuses them. A path with one
        names nothing (400); in a query or a form, the byte is taken out before any view
        reads it, and ``nul_fields`` lets the form say so next to the field, the other
        answers kept (``pilotes.web.forms.Form``)."""
        if "\x00" in request.path:
            abort(400)
        request.args, in_query = _without_nul(request.args)
        in_form = set()
        if request.method == "POST" and request.mimetype.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            request.form, in_form = _without_nul(request.form)
        g.nul_fields = in_query | in_form

    @app.after_request
    def _headers(response):
        ancestors = g.get("frame_ancestors", "'none'")
        headers = [
            ("Content-Security-Policy", with_matomo(CSP.format(ancestors=ancestors))),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if ancestors == "'none'":
            headers.append(("X-Frame-Options", "DENY"))
        if app.config.get("SESSION_COOKIE_SECURE") and request.is_secure:
            headers.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))
        # A header the view set stays. One pass over them, not a lookup per header (werkzeug
        # raises and catches a KeyError for each one missing: every one, on most pages).
        present = {name.lower() for name, _ in response.headers}
        for name, value in headers:
            if name.lower() not in present:
                response.headers.add(name, value)
        return response
