from pilotes.reports.suppression import PRIMARY, SECONDARY, hidden_cells, label


def test_small_counts_are_hidden_and_zero_is_not():
    assert hidden_cells({"a": 0, "b": 3, "c": 5, "d": 40, "e": 2}, {}, 5) == {
        "b": PRIMARY,
        "e": PRIMARY,
    }


def test_a_lone_small_count_in_a_group_takes_the_smallest_other_with_it():
    values = {"35": 3, "29": 12, "22": 7, "56": 0, "69": 2, "01": 30}
    groups = {"35": "53", "29": "53", "22": "53", "56": "53", "69": "84", "01": "84"}
    assert hidden_cells(values, groups, 5) == {
        "35": PRIMARY,
        "22": SECONDARY,
        "69": PRIMARY,
        "01": SECONDARY,
    }


def test_a_threshold_of_zero_or_one_hides_nothing():
    assert hidden_cells({"a": 1}, {}, 0) == {} == hidden_cells({"a": 1}, {}, 1)


def test_a_count_of_one_is_hidden_even_with_a_threshold_of_two():
    assert hidden_cells({"a": 1, "b": 1, "c": 2}, {}, 2) == {"a": PRIMARY, "b": PRIMARY}


def test_every_group_is_looked_at_even_after_one_needing_nothing():
    values = {"35": 12, "29": 9, "69": 2, "01": 30, "38": 8}
    groups = {"35": "53", "29": "53", "69": "84", "01": "84", "38": "84"}
    assert hidden_cells(values, groups, 5) == {"69": PRIMARY, "38": SECONDARY}


def test_a_hidden_count_is_labelled_in_french_and_a_shown_one_not():
    assert label(PRIMARY, 7) == "moins de 7"
    assert label(SECONDARY, 7) == "masqué"
    assert label(None, 7) is None
