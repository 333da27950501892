import os
import subprocess
import sys

import pytest

from config import DEFAULT_SECRET_KEY, ProductionConfig, get_config
from pilotes import ROOT, create_app


@pytest.mark.parametrize("name", ["production", "test", None])
@pytest.mark.parametrize("key", [None, "", DEFAULT_SECRET_KEY, "court"])
def test_outside_development_a_missing_or_default_secret_key_is_refused(monkeypatch, name, key):
    monkeypatch.delenv("PILOTES_ENV", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(name, SECRET_KEY=key)


def test_without_pilotes_env_the_app_is_production(monkeypatch):
    monkeypatch.delenv("PILOTES_ENV", raising=False)
    assert get_config() is ProductionConfig


def _start(env: dict, then: str = "") -> subprocess.CompletedProcess:
    """A real process building the app from its environment only, as gunicorn would."""
    unset = ("PILOTES_ENV", "SECRET_KEY", "REGISTER_API_URL")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-c", f"from pilotes import create_app; app = create_app(); {then}"],
        cwd=ROOT,
        env={**environment, "DATABASE_URL": "sqlite://", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("env", [{}, {"PILOTES_ENV": "test"}, {"PILOTES_ENV": "production"}])
def test_a_process_not_explicitly_in_development_refuses_to_start(env):
    started = _start(env)
    assert started.returncode != 0 and "SECRET_KEY" in started.stderr


def test_a_process_in_development_or_with_a_real_key_starts():
    assert _start({"PILOTES_ENV": "development"}).returncode == 0
    assert _start({"SECRET_KEY": "k" * 64}).returncode == 0


def test_development_sends_nothing_to_the_register_unless_told():
    read = "print(repr(app.config['REGISTER_API_URL']))"
    assert _start({"PILOTES_ENV": "development"}, read).stdout.strip() == "''"
    told = {"PILOTES_ENV": "development", "REGISTER_API_URL": "https://registre.example/"}
    assert _start(told, read).stdout.strip() == "'https://registre.example'"
    production = {"SECRET_KEY": "k" * 64}
    assert "recherche-entreprises.api.gouv.fr" in _start(production, read).stdout


def test_make_run_says_development_for_every_flask_command():
    plan = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    flask = [line for line in plan.splitlines() if "flask --app pilotes" in line]
    assert flask and all("PILOTES_ENV=development" in line for line in flask), flask


def test_production_starts_with_a_real_secret_key(tmp_path):
    app = create_app(
        "production",
        SECRET_KEY="x" * 64,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite3'}",
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert not app.debug


def test_unknown_environment_name_says_which_exist():
    with pytest.raises(RuntimeError, match="development, test, production"):
        get_config("staging")


def test_postgresql_urls_use_psycopg_3(tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI="postgresql://u@127.0.0.1:1/x")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_test_config_points_mail_at_a_closed_port():
    app = create_app("test")
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("127.0.0.1", 9)
