import pytest

from config import DEFAULT_SECRET_KEY, get_config
from pilotes import create_app


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY=None)


def test_production_refuses_the_default_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY=DEFAULT_SECRET_KEY)


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
