"""Configuration classes, picked by name (``PILOTES_ENV``), values from the environment."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEFAULT_SECRET_KEY = "dev-secret-key-change-me"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalize_database_url(url: str) -> str:
    """postgres:// and postgresql:// URLs use psycopg 3, the driver Pilotes installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


class Config:
    # No default: only development falls back to the key in the repository. To rotate it, put
    # the old value in SECRET_KEY_FALLBACKS (comma-separated): links already sent keep working.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SECRET_KEY_FALLBACKS = [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k]
    # Keys the email hashes that recognise a person twice (email_key). Unset: SECRET_KEY, as
    # before this setting existed; see "Secrets" in the README to separate and rotate them.
    EMAIL_KEY_SECRET = os.environ.get("EMAIL_KEY_SECRET") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'pilotes.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Pilotes <ne-pas-repondre@pilotes.beta.gouv.fr>"
    )
    MAIL_SUPPRESS_SEND = False
    # Outbox: how many times a message is tried before it is left for a human to look at.
    OUTBOX_MAX_ATTEMPTS = 8

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Empty by default: Flask-Limiter keeps the first non-empty prefix it is given.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Per client address, on every form sent; a town hall helping people stays well under.
    POST_RATE_LIMIT = os.environ.get("POST_RATE_LIMIT", "20 per minute;300 per hour")
    # A sign-in answer (link sent or password refused) never comes sooner than this, so
    # that its timing does not tell whether the account exists (bench/sign_in_timing.py).
    SIGN_IN_FLOOR_SECONDS = float(os.environ.get("SIGN_IN_FLOOR_SECONDS", "0.5"))
    # Per signed-in account, on every report download (a PDF takes seconds to make).
    REPORT_RATE_LIMIT = os.environ.get("REPORT_RATE_LIMIT", "10 per minute;100 per hour")
    # Demands one mediator account may record in 24 hours: a France Services desk helps a
    # few dozen people a day; beyond, the account is refused (domain.mediators).
    MEDIATOR_DAILY_LIMIT = int(os.environ.get("MEDIATOR_DAILY_LIMIT", "40"))

    WTF_I18N_ENABLED = False  # WTForms' own French messages (pilotes.forms.Form), no Babel
    WTF_CSRF_TIME_LIMIT = None  # a form left open in a tab must still work tomorrow
    MAX_CONTENT_LENGTH = 1024 * 1024
    SEND_FILE_MAX_AGE_DEFAULT = 3600
    # Where `npm ci` put the front-end packages; the app serves them itself.
    NODE_MODULES_DIR = os.environ.get("NODE_MODULES_DIR", str(BASE_DIR / "node_modules"))
    # What `python -m pilotes.assets` built from them (make install): fingerprinted, compressed.
    ASSETS_DIR = os.environ.get("ASSETS_DIR", str(INSTANCE_DIR / "assets"))

    SHOW_DEV_MAILS = False
    # Mentions légales of this instance (who publishes it, who answers for it, who hosts it).
    LEGAL_PUBLISHER = os.environ.get("LEGAL_PUBLISHER", "")
    LEGAL_DIRECTOR = os.environ.get("LEGAL_DIRECTOR", "")
    LEGAL_HOST = os.environ.get("LEGAL_HOST", "")
    # Flask-Caching. With Redis, every process sees a change at once (two app servers).
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    CACHE_TYPE = "RedisCache" if CACHE_REDIS_URL else "SimpleCache"
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "pilotes:")
    CACHE_DEFAULT_TIMEOUT = 0  # the generation number lives as long as the cache
    # Seconds the public figures (pages, API) are kept before being read again.
    PUBLIC_STATS_TTL = float(os.environ.get("PUBLIC_STATS_TTL", "10"))
    # The published figures are fixed once a day (pilotes/reports/edition.py): "0" publishes
    # them as they move, which lets anyone see what each of their own demands changed.
    PUBLISH_DAILY = os.environ.get("PUBLISH_DAILY", "1") != "0"
    # A demand sent sooner than this after its form was shown looks automated (flagged).
    MIN_FORM_SECONDS = 2.0
    # « Recherche d'entreprises » (no key): partners' SIRET numbers are looked up there by the
    # worker after their form is saved. Empty: no lookup.
    REGISTER_API_URL = os.environ.get(
        "REGISTER_API_URL", "https://recherche-entreprises.api.gouv.fr"
    ).rstrip("/")
    REGISTER_TIMEOUT = float(os.environ.get("REGISTER_TIMEOUT", "5"))
    REGISTER_MAX_ATTEMPTS = 8
    # ProConnect (OpenID Connect for public agents), beside the emailed link: on only when
    # PROCONNECT_CLIENT_ID and PROCONNECT_DISCOVERY_URL are set.
    PROCONNECT_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID")
    PROCONNECT_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET")
    PROCONNECT_DISCOVERY_URL = os.environ.get("PROCONNECT_DISCOVERY_URL")
    PROCONNECT_ACR_VALUES = os.environ.get("PROCONNECT_ACR_VALUES", "eidas1")
    PROCONNECT_TIMEOUT = float(os.environ.get("PROCONNECT_TIMEOUT", "5"))
    # `pilotes publish` sends the published figures to data.gouv.fr with this key.
    DATAGOUV_API_URL = os.environ.get("DATAGOUV_API_URL", "https://www.data.gouv.fr")
    DATAGOUV_API_KEY = os.environ.get("DATAGOUV_API_KEY")
    DATAGOUV_TIMEOUT = float(os.environ.get("DATAGOUV_TIMEOUT", "30"))
    # Matomo (the programme's instance, e.g. https://stats.beta.gouv.fr/) in the CNIL's
    # consent-exempt setup; off unless both are set. « Je donne mon avis »: its address.
    MATOMO_URL = os.environ.get("MATOMO_URL")
    MATOMO_SITE_ID = os.environ.get("MATOMO_SITE_ID")
    JDMA_URL = os.environ.get("JDMA_URL", "https://jedonnemonavis.numerique.gouv.fr")
    # Logs: "json" (one object a line, with the request id), "text", or "default" (leave
    # Python's logging alone). Errors go to Sentry only when SENTRY_DSN is set.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "default")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    SENTRY_DSN = os.environ.get("SENTRY_DSN")
    SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
    # Behind N reverse proxies, trust N X-Forwarded-For hops for the client's address.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))


class DevelopmentConfig(Config):
    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    # No SMTP server on a new machine: the sender records messages as sent and
    # /dev/mails (registered for this config only) shows them, unless MAIL_SERVER is set.
    MAIL_SUPPRESS_SEND = "MAIL_SERVER" not in os.environ
    # `make run` reaches no outside service unless told to: partners' SIRET numbers are
    # sent to the register only when REGISTER_API_URL is set.
    REGISTER_API_URL = os.environ.get("REGISTER_API_URL", "").rstrip("/")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY_FALLBACKS: list[str] = []
    EMAIL_KEY_SECRET = "test-email-key-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "TEST_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'test.sqlite3'}"
    )
    BASE_URL = "http://pilotes.test"
    # Port 9 (discard) on loopback refuses connections: a test that forgot to start
    # its own SMTP server fails loudly instead of reaching a real one.
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 9
    MAIL_USE_TLS = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "Pilotes <ne-pas-repondre@pilotes.test>"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = False
    PROCONNECT_CLIENT_ID = None  # the ProConnect tests start their own provider
    MATOMO_URL = None
    DATAGOUV_API_URL = "http://127.0.0.1:9"  # refused: tests start their own
    DATAGOUV_API_KEY = None
    REGISTER_API_URL = "http://127.0.0.1:9"  # refused: tests start their own register
    REGISTER_TIMEOUT = 2.0
    LOG_FORMAT = "default"  # pytest captures logs; a test that checks the lines sets it
    SENTRY_DSN = None  # a test that checks error reports starts its own receiver
    MIN_FORM_SECONDS = 0.0  # tests fill forms at machine speed; the abuse tests set it back
    SIGN_IN_FLOOR_SECONDS = 0.0  # likewise; the test of the floor sets it
    # Tests read what they just wrote; the benchmarks set it as in production.
    PUBLIC_STATS_TTL = float(os.environ.get("PUBLIC_STATS_TTL", "0"))
    PUBLISH_DAILY = False  # likewise; the tests of the day's edition set it


class ProductionConfig(Config):
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "https"


def check_secret_key(key: str | None) -> None:
    """Outside development, refuse to start with a missing, default or short SECRET_KEY."""
    if not key or key == DEFAULT_SECRET_KEY or len(key) < 32:
        raise RuntimeError(
            "Only PILOTES_ENV=development runs without a real SECRET_KEY: set the SECRET_KEY "
            "environment variable to a random value of at least 32 characters, "
            'for example the output of: python -c "import secrets; print(secrets.token_hex(32))"'
        )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def get_config(name: str | None = None) -> type[Config]:
    """The config class for ``name``, or for ``PILOTES_ENV``; without either, production.

    A deployed process that forgot PILOTES_ENV must fail closed, not run in development.
    """
    name = name or os.environ.get("PILOTES_ENV") or "production"
    try:
        config = CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"Unknown PILOTES_ENV {name!r}: use one of {', '.join(CONFIGS)}."
        ) from None
    return config
