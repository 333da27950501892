"""Text that reaches an email header, a subject or a file name stays on one line."""

import re
import unicodedata

MESSAGE = (
    "Sur une seule ligne, sans retour à la ligne, tabulation, caractère de contrôle "
    "ni caractère invisible (espace sans largeur, marque de sens d'écriture)."
)
# Line breaks and tabs (Cc), Unicode line and paragraph separators, the direction marks
# and overrides that make a file name or a subject read other than it is (U+061C, the
# Arabic letter mark, among them), and the invisible zero-width characters that make two
# names look the same (U+200B, U+2060 word joiner, U+FEFF). The joiners U+200C and U+200D
# stay: Persian and Indic names and emoji sequences are written with them.
_BIDI = "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
_CATEGORIES = {"Cc", "Zl", "Zp"}


def has_control_characters(value: str | None) -> bool:
    """Whether ``value`` holds a character that could break a header or hide a name."""
    return bool(value) and any(c in _BIDI or unicodedata.category(c) in _CATEGORIES for c in value)


_RUN = re.compile("[" + re.escape(_BIDI) + r"\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(value: str) -> str:
    """``value`` with each run of such characters made one space: a subject stays a subject."""
    return _RUN.sub(" ", value).strip()


def check_single_line(value: str | None) -> str | None:
    """``value`` unchanged, or ValueError with the French message."""
    if has_control_characters(value):
        raise ValueError(MESSAGE)
    return value
