"""Small-count suppression for everything published: « moins de 5 » instead of 3.

A count below the service's threshold (and above zero) is *primary* suppressed. So that
no published total can give it back by subtraction, each group that adds up to a
published figure (the départements of a région, the communes of a département, the
régions of the country, the weeks of the series) hides either none of its cells or at
least two: when only one is hidden, the smallest other non-zero cell is hidden too
(*secondary* suppression, shown as « masqué »).
"""

from collections import defaultdict
from collections.abc import Hashable

PRIMARY = "small"
SECONDARY = "secondary"


def hidden_cells(
    values: dict[Hashable, int], groups: dict[Hashable, Hashable], threshold: int
) -> dict[Hashable, str]:
    """{key: PRIMARY or SECONDARY} for the cells of ``values`` that must not be shown."""
    if threshold <= 1:
        return {}
    hidden = {key: PRIMARY for key, value in values.items() if 0 < value < threshold}
    members: dict[Hashable, list] = defaultdict(list)
    for key in values:
        members[groups.get(key)].append(key)
    for keys in members.values():
        if sum(1 for key in keys if key in hidden) != 1:
            continue
        others = sorted(
            (values[key], str(key), key) for key in keys if key not in hidden and values[key] > 0
        )
        if others:
            hidden[others[0][2]] = SECONDARY
    return hidden


def label(reason: str | None, threshold: int) -> str | None:
    """The French text shown instead of a hidden count."""
    if reason == PRIMARY:
        return f"moins de {threshold}"
    if reason == SECONDARY:
        return "masqué"
    return None
