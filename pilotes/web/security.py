"""HTTP security headers for every response: CSP, framing, HSTS, …"""

from flask import Flask, abort, g, request

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
    """Let these origins (only) show this response in an iframe."""
    g.frame_ancestors = " ".join(origins) if origins else "'none'"


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def register(app: Flask) -> None:
    @app.before_request
    def _refuse_nul_bytes():
        """No text here ever holds a NUL byte, and PostgreSQL refuses them: a 400, not a 500."""
        if (
            "\x00" in request.path
            or _has_nul(request.args.values())
            or (
                request.method == "POST"
                and request.mimetype.startswith(
                    ("application/x-www-form-urlencoded", "multipart/form-data")
                )
                and _has_nul(request.form.values())
            )
        ):
            abort(400)

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
