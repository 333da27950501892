"""A territory that covers exactly the same people as another is one figure, printed the
same at both levels: Guadeloupe (a région of one département) and Paris (a département of
one commune). Two independent roundings of one count would narrow it, and one level could
read « moins de 15 » while the other read 15 (found by an outside audit)."""

import pytest

from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.reports.disclosure import PRIMARY, SECONDARY, Cell, Rule, protect
from pilotes.reports.payload import service_rule
from tests.factories import make_demand, make_service

PAIRS = [
    ("97110", ("region", "01"), ("departement", "971")),
    ("75001", ("departement", "75"), ("commune", "75056")),
]


def figure(client_request, slug: str, level: str, code: str) -> tuple:
    answer = client_request.json("api.service_stats", slug=slug, level=level, per_page=500)
    rows = {t["code"]: t for t in answer["territories"]}
    row = rows.get(code)
    if row is None:  # a commune whose counts are all hidden is not listed
        return (None, "not listed")
    return (row["demands"], row.get("suppressed", {}).get("demands"))


@pytest.mark.parametrize(("postal_code", "upper", "lower"), PAIRS)
def test_the_same_people_read_the_same_figure_at_both_levels(
    client_request, postal_code, upper, lower
):
    for n in range(9, 19):  # around the threshold (11) and the bound (15), ten secrets
        service = make_service(slug=f"meme-{postal_code}-{n}")
        for _ in range(n):
            make_demand(service, postal_code)
        db.session.commit()
        recount(db.session, service.id, fix=True)
        db.session.commit()
        rule = service_rule(service)
        assert rule.offset(("demands", *upper)) == rule.offset(("demands", *lower))
        high = figure(client_request, service.slug, *upper)
        low = figure(client_request, service.slug, *lower)
        if low != (None, "not listed"):
            assert high == low, (n, high, low)
        else:
            assert high[0] is None, (n, high)


def test_a_figure_hidden_at_one_level_is_hidden_at_the_other_and_nothing_more():
    """Hiding Guadeloupe's région to protect a small neighbour hides its département with
    it (one figure, one decision), rather than going on to hide the nation."""
    nation, guadeloupe, martinique = (
        ("d", "nation", "FR"),
        ("d", "region", "01"),
        ("d", "region", "02"),
    )
    dept = ("d", "departement", "971")
    counts = {nation: 43, guadeloupe: 40, martinique: 3, dept: 40}
    equations = [(nation, (guadeloupe, martinique)), (guadeloupe, (dept,))]
    rule = Rule(
        threshold=11, secret=b"test", base=1, same={("region", "01"): ("departement", "971")}
    )
    cells = protect(counts, equations, rule)
    assert cells[martinique].status == PRIMARY
    assert cells[guadeloupe] == cells[dept] == Cell(None, SECONDARY)
    assert cells[nation] == Cell(43)
