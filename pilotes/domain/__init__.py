"""The rules: signups, pipelines, goals, services, accounts, privacy, abuse, counting."""

# The kinds of signup register themselves (pilotes.domain.signups.kinds) when imported;
# testimonials register what erasing a signup also erases.
from pilotes.domain import demands, partners, testimonials, volunteers  # noqa: F401
