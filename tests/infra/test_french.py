"""French typography: « de » with a name, elided as French writes it."""

import pytest

from pilotes.infra.french import of_name


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Mon service", "de Mon service"),
        ("Autre service", "d'Autre service"),
        ("Écrivain public", "d'Écrivain public"),
        ("Ille-et-Vilaine", "d'Ille-et-Vilaine"),
        ("Yvetot", "d'Yvetot"),
        ("Yaoundé", "de Yaoundé"),
        ("Hôpital à domicile", "d'Hôpital à domicile"),
        ("Haute-Garonne", "de Haute-Garonne"),  # an aspirated h keeps « de »
        ("Le Havre", "du Havre"),
        ("Les Abymes", "des Abymes"),
        ("La Rochelle", "de La Rochelle"),
        ("", "de "),
    ],
)
def test_de_elides_before_a_vowel_or_a_mute_h_and_keeps_its_place_before_a_consonant(name, written):
    assert of_name(name) == written
