"""Whole pages kept for anonymous visitors (``pilotes.infra.cache`` says for how long)."""

from functools import wraps

from flask import current_app, request, session

from pilotes.infra.cache import generation
from pilotes.infra.extensions import local_cache

# Kept with the body: the same bytes for every anonymous visitor.
PAGE_HEADERS = ("Content-Type", "Content-Language")


def _is_anonymous() -> bool:
    return request.method == "GET" and current_app.config["SESSION_COOKIE_NAME"] not in (
        request.cookies
    )


def anonymous_page(view):
    """Serve an anonymous visitor the page kept for this URL (no session, so no flash,
    no CSRF token, no name on it); a page that wrote to the session is never kept."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _is_anonymous():
            return view(*args, **kwargs)
        key = f"page:{generation()}:{request.full_path}"
        kept_page = local_cache.get(key)
        if kept_page is not None:
            body, status, headers = kept_page
            return current_app.response_class(body, status, headers)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200 and not session.modified:
            headers = {n: response.headers[n] for n in PAGE_HEADERS if n in response.headers}
            headers["Vary"] = "Cookie"
            local_cache.set(key, (response.get_data(), 200, headers))
        return response

    return wrapper
