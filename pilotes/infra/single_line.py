"""Text that reaches an email header, a subject or a file name stays on one line."""

import unicodedata
from itertools import groupby

MESSAGE = (
    "Sur une seule ligne, sans retour à la ligne, tabulation, caractère de contrôle "
    "ni caractère invisible (espace sans largeur ou inhabituelle, trait d'union "
    "conditionnel, marque de sens d'écriture)."
)
# Line breaks and tabs (Cc), Unicode line and paragraph separators (Zl, Zp), and every format
# character (Cf): the direction marks and overrides that make a file name or a subject read
# other than it is (U+061C, U+200E, U+202E, U+2066…), the invisible ones that make two names
# look the same (U+200B, U+2060–U+2064, U+FEFF, the soft hyphen U+00AD, the Mongolian vowel
# separator U+180E, the tag characters). The joiners U+200C and U+200D stay: Persian and
# Indic names and emoji sequences are written with them.
_JOINERS = "\u200c\u200d"
_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
# Spaces (Zs) other than the ones French typography types (the space, the no-break space,
# the thin and narrow no-break spaces): an em or ideographic space makes a look-alike name.
_TYPED_SPACES = " \u00a0\u2009\u202f"


def _refused(c: str) -> bool:
    category = unicodedata.category(c)
    if category == "Zs":
        return c not in _TYPED_SPACES
    return category in _CATEGORIES and c not in _JOINERS


def has_control_characters(value: str | None) -> bool:
    """Whether ``value`` holds a character that could break a header or hide a name."""
    return bool(value) and any(_refused(c) for c in value)


def one_line(value: str) -> str:
    """``value`` with each run of such characters made one space: a subject stays a subject."""
    runs = groupby(value, _refused)
    return "".join(" " if refused else "".join(run) for refused, run in runs).strip()


def check_single_line(value: str | None) -> str | None:
    """``value`` unchanged, or ValueError with the French message."""
    if has_control_characters(value):
        raise ValueError(MESSAGE)
    return value
