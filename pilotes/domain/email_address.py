"""Email addresses: checking what people type, and recognising the same person twice."""

from email_validator import EmailNotValidError, validate_email

from pilotes.infra.signing import email_hash

# Providers that ignore dots in the local part (and, like most, deliver "name+tag" to "name").
DOT_INSENSITIVE = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


class InvalidEmail(ValueError):
    """Carries a message in French, ready to show next to the field."""


def clean_email(raw: str) -> str:
    """The address as the person meant it, or InvalidEmail with a French message."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidEmail(
            "Saisissez une adresse électronique valide, par exemple prenom.nom@exemple.fr."
        ) from None


def normalize_email(address: str) -> str:
    """One spelling per mailbox: case folded, a ``+tag`` dropped whatever the domain (Outlook,
    Gmail, Proton, Fastmail… deliver ``name+tag`` to ``name``: merging two real ``a+b@x`` and
    ``a@x`` is far rarer than one person's hundred tags); for Gmail, dots dropped too."""
    local, _, domain = address.strip().lower().rpartition("@")
    domain = domain.rstrip(".")
    untagged = local.split("+", 1)[0]
    local = untagged or local  # "+x@..." has no name before its tag: kept whole
    if domain in DOT_INSENSITIVE:
        domain = DOT_INSENSITIVE[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"


def email_key(address: str) -> str:
    """A keyed hash of the normalised address: recognises a person without keeping the address
    (keyed by ``EMAIL_KEY_SECRET``, see ``pilotes.infra.signing``)."""
    return email_hash(normalize_email(address))
