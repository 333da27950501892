"""Rate limits count a mailbox however it is spelt, and a client by IPv4 address or IPv6 /64."""

import pytest

from pilotes import create_app
from pilotes.domain.accounts import get_or_create_user
from pilotes.infra.extensions import db
from tests.client_request import ClientRequest
from tests.factories import make_service


def limited_app(database_url, **config):
    return create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_ENABLED=True,
        WTF_CSRF_ENABLED=False,
        **config,
    )


SPELLINGS = [
    "viewer.demo@example.org",
    "viewer.demo@ｅxample.org",  # full-width e
    "Viewer.Demo@example。org",  # ideographic full stop
    "ｖiewer.demo@EXAMPLE.ORG",
    " VIEWER.DEMO@example.org ",
    "viewer.demo@example.org.",
]


def test_sign_in_is_limited_per_mailbox_however_it_is_spelt(app, migrated_database):
    get_or_create_user(db.session, "viewer.demo@example.org")
    db.session.commit()
    browser = ClientRequest.browser(limited_app(migrated_database))
    statuses = []
    for n, spelling in enumerate(SPELLINGS):
        # Each from its own client, so only the per-address budget (5 a minute) can stop it;
        # raw, for the client address (REMOTE_ADDR) client_request does not set.
        response = browser.raw_post(
            browser.url("team.sign_in"),
            data={"email": spelling, "password": "pas le bon mot de passe"},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"},
        )
        statuses.append(response.status_code)
    assert statuses[:5].count(429) == 0 and statuses[5] == 429, statuses


def _post_from(browser, address):
    """A demand sent from ``address`` (raw: client_request sets no REMOTE_ADDR)."""
    return browser.raw_post(
        browser.url("public.demand_submit", slug="mon-service"),
        data={"code_postal": "35000", "commune": "35238"},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


@pytest.mark.parametrize(
    ("addresses", "shared"),
    [
        (["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9", "2001:db8:1:2::a"], True),
        (["2001:db8:1:2::1", "2001:db8:1:3::1", "2001:db8:1:4::1", "2001:db8:1:5::1"], False),
        (["192.0.2.1", "::ffff:192.0.2.1", "192.0.2.1", "::ffff:c000:201"], True),
        (["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"], False),
    ],
)
def test_clients_are_counted_per_ipv4_address_and_per_ipv6_64(
    app, migrated_database, addresses, shared
):
    make_service()
    # The limit other tests use: each app adds its limit to the shared blueprint.
    browser = ClientRequest.browser(limited_app(migrated_database, POST_RATE_LIMIT="3 per minute"))
    statuses = [_post_from(browser, address) for address in addresses]
    assert statuses == ([303, 303, 303, 429] if shared else [303, 303, 303, 303])
