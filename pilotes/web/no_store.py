"""Pages that show personal data are kept by no cache: not the browser's (Back on a shared
computer, a restored tab), not a proxy's."""

from functools import wraps

from flask import Response, make_response


def forbid_storing(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def no_store(view):
    """The view's pages show personal data (an address, what a person wrote or asked)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return forbid_storing(make_response(view(*args, **kwargs)))

    return wrapper
