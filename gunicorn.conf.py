"""gunicorn in production: the Procfile's ``web`` process,
``gunicorn --config gunicorn.conf.py "pilotes:create_app()"``.

The host sets ``PORT`` and often ``WEB_CONCURRENCY``; docs/scaling.md says how to size it.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '5000')}"

# Synchronous workers, about one per core: a request is CPU work (templates, forms) plus
# a few short SQL statements, so threads would mostly wait for the GIL (GUNICORN_THREADS
# > 1 helps only if the database is far away). Slow clients are the reverse proxy's job:
# it buffers requests and responses, so a worker is never held by a slow phone.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# A page takes milliseconds, the PDF evidence report about 2 s: a worker stuck for 30 s is
# killed and replaced. On deploy, requests under way get 20 s to finish.
timeout = 30
graceful_timeout = 20
keepalive = 5  # seconds: the proxy in front reuses its connections

# Load the app once, then fork: workers share its memory and a broken configuration stops
# the deploy before any worker starts. create_app opens no database connection, so none
# crosses the fork.
preload_app = True

# Renew each worker now and then, so that a slow growth of memory cannot add up.
max_requests = 5000
max_requests_jitter = 500

# The app writes its own access line (route pattern, status, request id): gunicorn's would
# print raw paths holding sign-in tokens and the client's address.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
