"""What a test needs from the machine (Chromium, Redis): skipped with the reason outside CI,
a failure in CI (``PILOTES_REQUIRE_ALL=1``, set by ``.ci/run``), so CI cannot pass by skipping."""

import os

import pytest


def required() -> bool:
    return os.environ.get("PILOTES_REQUIRE_ALL") == "1"


def missing(reason: str):
    """Skip, saying why, or fail when everything is required."""
    if required():
        pytest.fail(f"required (PILOTES_REQUIRE_ALL=1) but missing: {reason}", pytrace=False)
    pytest.skip(reason)
