"""Real-browser fixtures: Debian's Chromium driven by Playwright, the app on loopback."""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from pilotes import create_app
from pilotes.infra.extensions import db
from tests.needs import missing

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(
            f"browser tests skipped: no Chromium at {CHROMIUM} "
            "(install Debian's `chromium` package; .ci/run does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app, migrated_database):
    """The app served on a loopback port by a real HTTP server, in a thread."""
    served = create_app("test", SQLALCHEMY_DATABASE_URI=migrated_database)
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    db.session.commit()  # nothing of this test's may hold SQLite's write lock now
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with served.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets axe-core be injected; the CSP itself has its own browser test.
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        bypass_csp=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
