"""Flask extensions, created once here and bound to an app by ``create_app``."""

from flask_caching import Cache
from flask_limiter import Limiter
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from pilotes.infra.networks import client_key
from pilotes.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
mail = Mail()
limiter = Limiter(key_func=client_key)
# Shared between processes (Redis when CACHE_REDIS_URL is set): what says a cache is stale.
cache = Cache()
# This process only, bounded: published services, postal codes, figures, anonymous pages.
local_cache = Cache()
