"""A small HTTP load client for the gunicorn tests (and the benchmarks): real sockets,
one keep-alive connection and cookie jar per client, bounded in count and time."""

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from itsdangerous import URLSafeTimedSerializer

from pilotes.infra.signing import FORM_TIME

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def form_token() -> str:
    """A fresh one-use form token, as a page load gives, signed with the server's key.

    The servers these clients load share this process's environment (its SECRET_KEY).
    """
    signer = URLSafeTimedSerializer(os.environ["SECRET_KEY"], salt=FORM_TIME.salt)
    return signer.dumps(secrets.token_urlsafe(16))


TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STAMP = re.compile(r'id="t" name="t" type="hidden" value="([^"]+)"')


class Server:
    """gunicorn serving the app on a loopback port, stopped by ``stop``."""

    def __init__(
        self,
        database_url: str,
        workers: int = 2,
        env: dict | None = None,
        app: str = "pilotes:create_app()",
        config: str | None = None,
    ):
        self.port = free_port()
        self.base = f"127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "PILOTES_ENV": "test",
            "TEST_DATABASE_URL": database_url,
            **(env or {}),
        }
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  (closed by stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                *(["-c", config] if config else []),
                "-w",
                str(workers),
                "-b",
                self.base,
                "--graceful-timeout",
                "5",
                "--no-control-socket",  # several servers may run at once (tests in parallel)
                app,
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: the app logs a line per request, and a pipe nobody reads
            # fills up and stops every worker mid-write.
            stderr=self.log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection(self.base, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        self.log.seek(0)
        raise RuntimeError("gunicorn did not start: " + self.log.read().decode())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@dataclass
class Results:
    statuses: Counter = field(default_factory=Counter)
    acknowledged: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    def __init__(self, base: str):
        self.base = base
        self.cookie = ""
        self.connection = http.client.HTTPConnection(base, timeout=30)

    def request(self, method: str, path: str, body: str | None = None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.base, timeout=30)
                if attempt:
                    raise
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data.decode("utf-8", "replace")


def load_form(client: Client, path: str, deadline: float) -> tuple[str, str] | None:
    """(CSRF token, commune) of the demand form; asked again while the server answers
    without it (a 503 while its database is down), until ``deadline``."""
    while time.monotonic() < deadline:
        try:
            _, page = client.request("GET", path)
        except (http.client.HTTPException, OSError):
            page = ""
        token = TOKEN.search(page)
        commune = re.search(r'name="commune" type="hidden" value="([^"]+)"', page)
        if token and commune:
            return token.group(1), commune.group(1)
        time.sleep(0.2)
    return None


def post_demands(
    base: str,
    slug: str,
    emails: list[str],
    results: Results,
    deadline: float,
    postal_code: str = "35000",
) -> None:
    """One client: load the form once, then send a demand per address.

    Form tokens are single-use: each demand gets its own, signed here with the key the
    server has (the environment's SECRET_KEY), instead of a page load per demand.
    """
    client = Client(base)
    form = load_form(client, f"/services/{slug}/demande?code_postal={postal_code}", deadline)
    if form is None:
        with results.lock:
            results.errors.append("the form never loaded before the deadline")
        return
    token, commune = form
    for email in emails:
        if time.monotonic() > deadline:
            with results.lock:
                results.errors.append("deadline reached")
            return
        body = urlencode(
            {
                "csrf_token": token,
                "t": form_token(),
                "code_postal": postal_code,
                "commune": commune,
                "email": email,
                "consent": "y",
            }
        )
        started = time.perf_counter()
        try:
            status, _ = client.request("POST", f"/services/{slug}/demande", body)
        except (http.client.HTTPException, OSError) as error:
            with results.lock:
                results.errors.append(f"{email}: {error}")
            continue
        with results.lock:
            results.statuses[status] += 1
            results.latencies.append(time.perf_counter() - started)
            if status == 303:
                results.acknowledged.append(email)


def run(
    base: str, slug: str, total: int, clients: int, seconds: float = 240, prefix: str = "charge"
) -> Results:
    results = Results()
    deadline = time.monotonic() + seconds
    shares = [[f"{prefix}{n}@exemple.fr" for n in range(i, total, clients)] for i in range(clients)]
    threads = [
        threading.Thread(target=post_demands, args=(base, slug, share, results, deadline))
        for share in shares
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
