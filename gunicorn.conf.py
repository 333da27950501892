"""gunicorn settings for the Procfile's ``web`` process; the host sets PORT and WEB_CONCURRENCY."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
# The app writes its own access line (route pattern, status, request id): gunicorn's would
# print raw paths holding sign-in tokens and the client's address.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
