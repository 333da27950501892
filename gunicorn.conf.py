"""Gunicorn in production: ``gunicorn -c gunicorn.conf.py "pilotes:create_app()"``.

Every setting can be changed from the environment (a platform's Procfile sets ``PORT``
and often ``WEB_CONCURRENCY``); docs/scaling.md says why each value is what it is.
"""

import multiprocessing
import os

# Where to listen: the platform's PORT, on every interface (the proxy is in front).
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")

# One synchronous worker per core: a request is CPU work (templates, forms) plus a few
# short SQL statements, so threads would mostly wait for the GIL. Slow clients are the
# reverse proxy's job (it buffers requests and responses), not the workers'.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
threads = 1

# A page is answered in milliseconds; the slowest request (the PDF evidence report)
# takes about 2 s. A worker stuck for 30 s is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20  # on deploy, requests under way finish; then the worker goes
keepalive = 5  # seconds: the reverse proxy reuses its connections to us

# Load the app once, then fork: workers share its memory (templates, territories
# code) and a broken configuration stops the deploy before any worker starts.
# create_app opens no database connection, so no connection crosses the fork.
preload_app = True

# Renew each worker after a while, so that slow growth of memory cannot add up.
max_requests = 5000
max_requests_jitter = 500

# Logs to standard output/error, where the platform collects them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = "-"
# The proxy in front sets X-Forwarded-*; Pilotes reads them through PROXY_COUNT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
