"""The kinds of signup, in one registry: each kind registers itself where it is defined.

``demands``, ``volunteers`` and ``partners`` call ``register`` on import (and
``pilotes.domain`` imports them), so that nothing in this package imports them back:
a kind depends on ``core``, never the other way round.
"""

from pilotes.domain.signups.core import SignupKind

_KINDS: dict[str, SignupKind] = {}


def register(kind: SignupKind) -> SignupKind:
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, SignupKind]:
    """{name in tokens: kind} for demands, pilot volunteers and partners."""
    return dict(_KINDS)
