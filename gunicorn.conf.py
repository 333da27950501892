"""gunicorn in production: the Procfile's ``web`` process,
``gunicorn --config gunicorn.conf.py "pilotes:create_app()"``.

The host sets ``PORT`` and often ``WEB_CONCURRENCY``; docs/scaling.md says how to size it.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '5000')}"

# Synchronous workers, about one per core: a request is CPU work (templates, forms) plus a
# few short SQL statements, and CPU work does not run in parallel within a process (the GIL).
# GUNICORN_THREADS=4 (gthread) was measured against this on 2 cores with wrk, interleaved on
# one database (2026-11-25, machine shared, load average 14-17): it filed about twice the
# demands per second (PostgreSQL 59 and 42 against 19 and 22; SQLite 36 and 32 against 17
# and 19), since a thread keeps its connection alive (a sync worker closes it after every
# response) and another thread runs while one waits for a commit. It is not the default
# because under that load 8 threads rebuilding an expired beta page at once (a sync worker
# rebuilds it once per process) made every wrk connection time out, and on SQLite threads
# queue for the one write lock by polling (busy_timeout). Try it with a database far away
# (a round trip per statement), once page rebuilds are single-flight.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# A page takes milliseconds, the PDF evidence report about 2 s: a worker stuck for 30 s is
# killed and replaced. On deploy, requests under way get 20 s to finish.
timeout = 30
graceful_timeout = 20
keepalive = 5  # seconds: the proxy in front reuses its connections (gthread only: a
# sync worker closes each connection; slow clients are the buffering proxy's job)

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
