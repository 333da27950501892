"""The lock `make install` uses covers what pyproject.toml asks for."""

import tomllib
from pathlib import Path

from scripts.check_lock import problems

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = {
    "project": {
        "dependencies": ["flask>=3.1,<3.2"],
        "optional-dependencies": {"dev": ["pytest>=8"]},
    }
}


def test_the_committed_lock_covers_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert problems(pyproject, (ROOT / "requirements.lock").read_text()) == []


def test_a_package_missing_from_the_lock_is_named():
    assert problems(PYPROJECT, "Flask==3.1.2\n    # via pilotes\n") == [
        "pytest is not in requirements.lock"
    ]


def test_a_pin_outside_the_range_is_named():
    assert problems(PYPROJECT, "flask==3.2.0\npytest==8.4.1\n") == [
        "flask==3.2.0 is outside <3.2,>=3.1"
    ]
