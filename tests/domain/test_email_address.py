import pytest

from pilotes.domain.email_address import InvalidEmail, clean_email, email_key, normalize_email


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Jean.Dupont+x@gmail.com", "jeandupont@gmail.com"),
        ("jean.dupont@googlemail.com", "JeanDupont@Gmail.com"),
        ("Marie@Exemple.FR", "marie@exemple.fr"),
        ("mallory+1@outlook.fr", "mallory+2@outlook.fr"),  # outside review
        ("Mallory+demande@Outlook.fr", "mallory@outlook.fr"),
        ("jean+a+b@exemple.fr", "jean@exemple.fr"),
    ],
)
def test_the_same_mailbox_normalises_the_same(app, one, other):
    assert normalize_email(one) == normalize_email(other)
    assert email_key(one) == email_key(other)


def test_dots_matter_outside_gmail():
    assert normalize_email("jean.dupont@exemple.fr") != normalize_email("jeandupont@exemple.fr")
    assert normalize_email("+jean@exemple.fr") != normalize_email("@exemple.fr")


@pytest.mark.parametrize("bad", ["", "jean", "jean@", "@exemple.fr", "jean@exemple", "a b@c.fr"])
def test_invalid_addresses_get_a_french_message(bad):
    with pytest.raises(InvalidEmail, match="adresse électronique valide"):
        clean_email(bad)
