"""What operators see: one JSON line per log record with the request's id, never personal data.

Hosts (Scalingo, Clever Cloud) collect standard error and pass an ``X-Request-ID`` header;
the same id ends every response and every line logged while serving it. A line carries the
route's pattern, never the path (it may hold a sign-in or unsubscribe token), nor the query
string, the client's address or anything a person typed; email addresses that slip into a
message (an integrity error quoting its parameters) are masked on the way out.
"""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+")
INCOMING_ID = re.compile(r"[A-Za-z0-9._\-]{8,128}")
# Attributes every LogRecord has: whatever else a call passed in ``extra`` goes to the line.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def mask(text: str) -> str:
    """The text with email addresses replaced, so a log line names nobody."""
    return EMAIL.sub("[adresse masquée]", text)


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one JSON object on one line, masked."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        if getattr(record, "request_id", None):
            line["request_id"] = record.request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = mask(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exception"] = mask(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a line is logged (a test may capture it)."""

    def __init__(self):
        logging.Handler.__init__(self)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def configure_logging(log_format: str, level: str) -> logging.Handler:
    """One handler on the root logger, replacing the one a previous app put there."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "pilotes", False)]:
        root.removeHandler(handler)
    handler = StderrHandler()
    handler.pilotes = True
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def register(app: Flask) -> None:
    """Request ids on every request and response; an access line per request; logging set up."""
    if app.config["LOG_FORMAT"] != "default":
        configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    access = logging.getLogger("pilotes.access")

    @app.before_request
    def _request_id():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _access_line(response):
        if "request_id" in g:
            response.headers["X-Request-ID"] = g.request_id
            access.info(
                "request",
                extra={
                    "method": request.method,
                    "route": request.url_rule.rule if request.url_rule else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
                },
            )
        return response
