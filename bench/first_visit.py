"""A phone's first visit to the demo's beta page: bytes on the wire, and Lighthouse.

    .venv/bin/python -m bench.first_visit

Pilotes runs under gunicorn (gunicorn.conf.py, production config) on a fresh SQLite
database with the demo seeded. Headless Chromium (Debian's) opens the page at 375 px with
an empty cache and adds up what the network carried (compressed, headers included).
Lighthouse 12.2.3 (npm; 13 needs Node 22), mobile preset, writes its report to
test-artifacts/lighthouse/.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import make_app
from bench.loadclient import ROOT, Server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE = "lighthouse@12.2.3"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
SECRET = "bench-secret-key-0123456789abcdef0123456789"


def transferred(url: str) -> tuple[int, list[tuple[int, str]]]:
    """Bytes received for a first visit at 375 px: total, and (bytes, url) per request."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
        )
        context = browser.new_context(
            viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True
        )
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on(
            "Network.requestWillBeSent",
            lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]),
        )
        page.goto(url, wait_until="networkidle")
        browser.close()
    rows = sorted(((size, urls.get(key, "?")) for key, size in sizes.items()), reverse=True)
    return sum(sizes.values()), rows


def lighthouse(url: str) -> dict:
    """Lighthouse's mobile scores (0-100) for ``url``; the reports go to test-artifacts."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npx",
            "--yes",
            LIGHTHOUSE,
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=performance,accessibility",
            "--output=json",
            "--output=html",
            f"--output-path={REPORTS / 'beta-page'}",
            "--quiet",
        ],
        check=True,
        cwd=tempfile.gettempdir(),
    )
    report = json.loads((REPORTS / "beta-page.report.json").read_text())
    return {
        name: round(category["score"] * 100)
        for name, category in report["categories"].items()
        if category["score"] is not None
    }


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="pilotes-first-visit-"))
    database_url = f"sqlite:///{folder / 'visit.sqlite3'}"
    app = make_app(database_url)
    with app.app_context():
        from pilotes.cli.demo import DEMO_SLUG, seed_demo
        from pilotes.infra.extensions import db

        seed_demo(db.session)
        db.session.commit()  # the caller's unit of work
        db.session.remove()
    env = {
        "PILOTES_ENV": "production",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "PUBLIC_STATS_TTL": "10",
        "WEB_CONCURRENCY": "2",
    }
    server = Server(database_url, env=env, config="gunicorn.conf.py")
    url = f"http://{server.base}/services/{DEMO_SLUG}"
    try:
        total, rows = transferred(url)
        print(f"\nFirst visit of the beta page at 375 px (Chromium, empty cache): {url}")
        for size, address in rows:
            if address.startswith("data:"):
                continue  # inside the stylesheet: nothing crossed the network
            print(f"  {size / 1000:7.1f} KB  {address.split(server.base, 1)[-1]}")
        print(f"  {total / 1000:7.1f} KB in all  target ≤ 350 KB")
        if shutil.which("npx") is None:
            print("Lighthouse: skipped, no npx (Node.js) here.")
            return
        scores = lighthouse(url)
        print(
            f"Lighthouse {LIGHTHOUSE.split('@')[1]}, mobile: performance {scores['performance']} "
            f"(target ≥ 95), accessibility {scores['accessibility']} (target 100); "
            f"report: {REPORTS.relative_to(ROOT)}/beta-page.report.html"
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
