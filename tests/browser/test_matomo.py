"""Matomo in a real browser: the CSP lets its script and page views through, and what it
is sent names nobody (a Matomo stand-in on loopback records the hits)."""

import threading
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from pilotes import create_app
from pilotes.infra.extensions import db
from tests.factories import make_service
from tests.http_server import HTTPServer, Reply

# A stand-in for Matomo's matomo.js: it runs the _paq commands Pilotes pushes and sends the
# page view as Matomo's tracking API names its parameters.
TRACKER = """
(function () {
  var config = {cookies: 1};
  function run(command) {
    var name = command[0];
    if (name === "disableCookies") config.cookies = 0;
    else if (name === "setTrackerUrl") config.tracker = command[1];
    else if (name === "setSiteId") config.site = command[1];
    else if (name === "setCustomUrl") config.url = command[1];
    else if (name === "setReferrerUrl") config.referrer = command[1];
    else if (name === "trackPageView") {
      var query = "?rec=1&idsite=" + encodeURIComponent(config.site) + "&url=" +
        encodeURIComponent(config.url) + "&urlref=" + encodeURIComponent(config.referrer) +
        "&cookie=" + config.cookies + "&has_cookie=" + (document.cookie ? 1 : 0);
      navigator.sendBeacon(config.tracker + query);
    }
  }
  (window._paq || []).forEach(run);
})();
"""


@pytest.fixture
def matomo():
    with HTTPServer(
        lambda request: (
            Reply(200, TRACKER, headers={"Content-Type": "text/javascript"})
            if request.path == "/matomo.js"
            else Reply(204)
        )
    ) as server:
        yield server


@pytest.fixture
def tracked_site(app, migrated_database, matomo):
    served = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=migrated_database,
        MATOMO_URL=matomo.url + "/",
        MATOMO_SITE_ID="42",
    )
    server = make_server("127.0.0.1", 0, served, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with served.app_context():
        db.engine.dispose()


def hits(matomo) -> list[dict]:
    return [
        {key: values[0] for key, values in request.query.items()}
        for request in matomo.requests
        if request.path == "/matomo.php"
    ]


def test_page_views_reach_matomo_without_cookie_token_or_refusal(browser, tracked_site, matomo):
    make_service()
    db.session.commit()
    context = browser.new_context(base_url=tracked_site)  # the CSP applies
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto("/e/confirmer/un-jeton-secret")
    page.wait_for_load_state("networkidle")
    page.goto("/services/mon-service", referer=f"{tracked_site}/e/confirmer/un-jeton-secret")
    assert page.evaluate("document.referrer").endswith("/un-jeton-secret")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    cookies = context.cookies()
    context.close()
    assert refused == []
    token_page, beta_page = hits(matomo)
    assert token_page["idsite"] == "42" and token_page["cookie"] == "0"
    assert urlsplit(token_page["url"]).path == "/e/confirmer/<token>"
    assert beta_page["url"] == f"{tracked_site}/services/mon-service"
    assert beta_page["urlref"] == f"{tracked_site}/"  # the token page, cut to its origin
    assert "un-jeton-secret" not in str(matomo.requests)
    assert not [c for c in cookies if c["name"].startswith("_pk")]
