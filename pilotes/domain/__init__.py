"""The rules: signups, pipelines, goals, services, accounts, privacy, abuse, counting."""

# The kinds of signup register themselves (pilotes.domain.signups.kinds) when imported.
from pilotes.domain import demands, partners, volunteers  # noqa: F401
