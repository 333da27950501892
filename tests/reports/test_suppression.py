from pilotes.reports.suppression import PRIMARY, SECONDARY, hidden_cells


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
