"""Tests of Pilotes.

The test config, like production, refuses to start without a real SECRET_KEY: the suite
makes one per run (config.py reads it when first imported, which is after this).
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
