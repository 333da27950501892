"""Fixtures shared by the team workspace tests."""

import pytest


@pytest.fixture
def no_csrf_client(app, client):
    """Authorisation is what is walked here; CSRF has its own tests. (This test's app only.)"""
    app.config["WTF_CSRF_ENABLED"] = False
    return client
