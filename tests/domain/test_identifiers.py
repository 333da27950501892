import pytest
from stdnum import luhn

from pilotes.domain.identifiers import InvalidIdentifier, clean_phone, clean_siret


def test_a_valid_siret_is_accepted_with_spaces():
    assert clean_siret("130 025 265 00013") == "13002526500013"  # DINUM


def test_a_siret_with_a_bad_check_digit_is_refused():
    with pytest.raises(InvalidIdentifier, match="n'est pas valide"):
        clean_siret("13002526500014")


def test_a_siret_of_the_wrong_length_is_refused():
    with pytest.raises(InvalidIdentifier, match="14 chiffres"):
        clean_siret("1300252650001")


def test_la_poste_establishments_follow_the_sum_of_digits_rule():
    la_poste = "35600000049837"  # an establishment of La Poste (SIREN 356 000 000)
    assert not luhn.is_valid(la_poste) and sum(map(int, la_poste)) % 5 == 0
    assert clean_siret(la_poste) == la_poste
    assert clean_siret("35600000000048") == "35600000000048"  # the head office, Luhn-valid
    with pytest.raises(InvalidIdentifier):
        clean_siret("35600000049838")  # neither rule


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("01 22 33 44 55", "+33122334455"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+33 (0)1 22 33 44 55", "+33122334455"),
        ("0262 12 34 56", "+262262123456"),
        ("+262 262 12 34 56", "+262262123456"),
        ("06 96 12 34 56", "+596696123456"),
        ("+33 2 62 12 34 56", "+262262123456"),
    ],
)
def test_french_phone_formats(typed, clean):
    assert clean_phone(typed) == clean


@pytest.mark.parametrize("bad", ["123", "00 00 00 00 00", "+44 20 7946 0000", "abc"])
def test_other_phone_numbers_are_refused_in_french(bad):
    with pytest.raises(InvalidIdentifier, match="numéro de téléphone français"):
        clean_phone(bad)


def test_full_width_digits_are_stored_as_ascii_digits_and_other_scripts_refused():
    """A SIRET pasted with a full-width last digit was stored as typed (outside review)."""
    assert clean_siret("1300252650001３") == "13002526500013"
    assert clean_phone("０６ １２ ３４ ５６ ７８").isascii()
    with pytest.raises(InvalidIdentifier, match="14 chiffres"):
        clean_siret("1300252650001٣")  # an Arabic-Indic 3: not a digit of a SIRET
