"""French identifiers people type: SIRET numbers and phone numbers."""

import re
import unicodedata

from stdnum.fr import siret as stdnum_siret

# Overseas country codes used instead of +33 for the DROM and some COM.
OVERSEAS_CODES = ("262", "269", "508", "590", "594", "596", "681", "687", "689")
# National prefixes (after the 0) that belong to an overseas country code.
OVERSEAS_PREFIXES = {
    "262": "262",
    "263": "262",
    "692": "262",
    "693": "262",  # La Réunion
    "269": "262",
    "639": "262",  # Mayotte
    "590": "590",
    "690": "590",
    "691": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "594": "594",
    "694": "594",  # Guyane
    "596": "596",
    "696": "596",
    "697": "596",  # Martinique
    "508": "508",  # Saint-Pierre-et-Miquelon
}


class InvalidIdentifier(ValueError):
    """Carries a message in French, ready to show next to the field."""


def _digits(raw: str) -> str:
    """``raw`` without separators, full-width or other compatible digits made ASCII (a
    number pasted from a Japanese keyboard or a PDF is still that number)."""
    return re.sub(r"[\s.\-/]", "", unicodedata.normalize("NFKC", raw or ""))


def clean_siret(raw: str) -> str:
    """A SIRET as python-stdnum checks it (length, Luhn key, La Poste's own rule)."""
    siret = _digits(raw)
    if not re.fullmatch(r"[0-9]{14}", siret):
        raise InvalidIdentifier("Le numéro SIRET doit comporter 14 chiffres.")
    if not stdnum_siret.is_valid(siret):
        raise InvalidIdentifier(
            "Ce numéro SIRET n'est pas valide : vérifiez-le sur l'annuaire des entreprises."
        )
    return siret


def clean_phone(raw: str) -> str:
    """A French phone number as typed (01 23 45 67 89, +33 1 23…, 0033…, 0262…, +262…),
    in international form: +33122334455, +262262123456."""
    number = _digits(raw).replace("(0)", "")
    if number.startswith("00"):
        number = "+" + number[2:]
    if re.fullmatch(r"\+33[1-9][0-9]{8}", number):
        number = "0" + number[3:]
    if re.fullmatch(r"0[1-9][0-9]{8}", number):
        country = OVERSEAS_PREFIXES.get(number[1:4], "33")
        return f"+{country}{number[1:]}"
    if any(re.fullmatch(rf"\+{code}[0-9]{{9}}", number) for code in OVERSEAS_CODES):
        return number
    raise InvalidIdentifier(
        "Saisissez un numéro de téléphone français, "
        "par exemple 01 22 33 44 55 ou +33 1 22 33 44 55."
    )
