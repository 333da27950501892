"""Pilotes: find the first users and partners of a public service in beta, prove demand."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import DevelopmentConfig, check_secret_key, get_config, normalize_database_url
from pilotes.infra import cache, database, extensions

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app for ``config_name`` (or ``PILOTES_ENV``); ``overrides`` win over it."""
    config = get_config(config_name)
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config)
    app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    development = issubclass(config, DevelopmentConfig)
    if not development:
        check_secret_key(app.config.get("SECRET_KEY"))
    Path(app.instance_path).mkdir(exist_ok=True)
    if app.config["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"]
        )

    from pilotes.infra import observability, proconnect, sentry

    observability.register(app)  # first: a request refused early still gets its id
    sentry.init_sentry(app)
    proconnect.init_proconnect(app)
    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app, extensions.db, directory=str(ROOT / "migrations"), render_as_batch=True
    )
    extensions.csrf.init_app(app)
    extensions.mail.init_app(app)
    extensions.limiter.init_app(app)
    cache.init_app(app)

    from pilotes.web.transactions import read_only_request

    database.install(app, read_only=read_only_request)

    from pilotes.cli import pilotes_cli
    from pilotes.web import (
        analytics,
        assets,
        errors,
        filters,
        health,
        links,
        security,
        sessions,
    )
    from pilotes.web.api import bp as api_bp
    from pilotes.web.public import bp as public_bp
    from pilotes.web.team import bp as team_bp

    assets.init_app(app)
    # Every POST is rate limited per client (Redis in production: RATELIMIT_STORAGE_URI).
    extensions.limiter.limit(app.config["POST_RATE_LIMIT"], methods=["POST"])(public_bp)
    extensions.limiter.limit(app.config["POST_RATE_LIMIT"], methods=["POST"])(team_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(team_bp, url_prefix="/equipe")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    if development:  # every magic link is readable there: never in any other config
        from pilotes.web.devtools import bp as dev_bp

        app.register_blueprint(dev_bp, url_prefix="/dev")
    errors.register(app)
    links.register(app)
    security.register(app)
    sessions.register(app)
    analytics.register(app)
    filters.register(app)
    app.cli.add_command(pilotes_cli)

    @app.context_processor
    def layout_context():
        return {"asset_url": assets.asset_url}

    health.register(app)
    return app
