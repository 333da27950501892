"""Optional error reporting to Sentry: off without ``SENTRY_DSN``, and nothing personal sent.

The SDK would send the request's cookies, form, query string and headers, the user and
local variables; here an event keeps the method and the route's pattern, and every string
left in it (messages, breadcrumbs, exception values) has its email addresses masked.
"""

from typing import Any

from flask import Flask, has_request_context, request

from pilotes.infra.observability import mask, request_id


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value


def scrub(event: dict, hint: dict | None = None) -> dict:
    """The event without personal data: Sentry's ``before_send`` (and for breadcrumbs)."""
    event.pop("user", None)
    if "request" in event:
        route = request.url_rule.rule if has_request_context() and request.url_rule else None
        event["request"] = {"method": event["request"].get("method"), "url": route}
    if has_request_context() and request_id():
        event.setdefault("tags", {})["request_id"] = request_id()
    return _masked(event)


def init_sentry(app: Flask) -> bool:
    """Start the SDK when a DSN is configured; says whether it did."""
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return False
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=app.config.get("SENTRY_ENVIRONMENT"),
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        before_breadcrumb=lambda crumb, hint: _masked(crumb),
        traces_sample_rate=0.0,
    )
    return True
