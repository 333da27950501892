"""Benchmarks of Pilotes (test config, which needs a real SECRET_KEY: one per run)."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
