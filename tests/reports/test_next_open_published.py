"""« Où ouvrir ensuite » as published (the PDF report): intervals only for published counts,
from the published value; attacked with everything else that is published, and checked
against the true counts of the raw rows."""

from bs4 import BeautifulSoup

from pilotes.domain.opening import open_territory
from pilotes.infra.extensions import db
from pilotes.reports import next_open
from pilotes.reports.engine import territory_rows
from pilotes.reports.intervals import poisson_interval, rate_interval
from pilotes.reports.payload import publish
from pilotes.reports.pdf import evidence_html
from tests.factories import make_demand, make_service
from tests.reports.attacker import attack
from tests.reports.truth import true_counts

LEVELS = ("region", "departement", "commune")


def number(text: str) -> float:
    return float(text.replace("\u202f", "").replace(",", "."))


def printed_ranking(service) -> dict[str, tuple[int, float, float]]:
    """{code: (demands, low, high)} as the PDF's « Où ouvrir ensuite » prints them."""
    page = BeautifulSoup(evidence_html(db.session, service, "departement"), "html.parser")
    ranked = {}
    for row in page.select("#next-open-table tbody tr"):
        cells = [td.get_text(strip=True) for td in row.find_all("td")]
        code = cells[0].rsplit("(", 1)[1].rstrip(")")
        low, high = (number(x) for x in cells[3].split("à"))
        ranked[code] = (int(number(cells[1])), low, high)
    assert page.select_one("#next-open").get_text().count("95") >= 2  # it explains itself
    return ranked


def counts_within(low: float, high: float, population: int, most: int = 200) -> range:
    """What a printed interval says of the true count: every count whose own interval fits
    in it (an attacker who knows the method)."""
    fits = [k for k in range(most) if _inside(rate_interval(k, k, population), low, high)]
    return range(min(fits), max(fits) + 1) if fits else range(0)


def _inside(interval, low, high) -> bool:
    return low <= interval[0] and interval[1] <= high


def test_published_intervals_only_for_published_counts_and_true(client, known_service):
    service = known_service
    ranked = printed_ranking(service)
    levels = {level: p.as_json() for level, p in publish(db.session, service).items()}
    published = {t["code"]: t for t in levels["departement"]["territories"]}
    truth = true_counts(service)
    assert ranked, "the known service has published départements"
    for code, (demands, low, high) in ranked.items():
        assert published[code]["demands"] == demands  # a published count, as published
        assert (low, high) == rate_interval(
            max(0, demands - 4), demands + 4, published[code]["population"]
        )  # from the published value alone
        exact = rate_interval(
            truth[("demands", "departement", code)],
            truth[("demands", "departement", code)],
            published[code]["population"],
        )
        assert low <= exact[0] and exact[1] <= high  # and it holds the true count's interval
    hidden = {code for code, t in published.items() if t["demands"] is None}
    assert hidden and not hidden & set(ranked)


def test_the_attacker_learns_nothing_more_from_the_published_intervals(client, known_service):
    service = known_service
    levels = {level: p.as_json() for level, p in publish(db.session, service).items()}
    attacker = attack(levels)
    before = attacker.solve()
    populations = {t["code"]: t["population"] for t in levels["departement"]["territories"]}
    for code, (demands, low, high) in printed_ranking(service).items():
        cell = ("demands", "departement", code)
        said = counts_within(low, high, populations[code])
        # Never narrower than what the published count already says (± 4).
        assert said.start <= max(0, demands - 4) and said.stop - 1 >= demands + 4
        attacker.know(cell, said.start, said.stop - 1)
    attacker.assert_consistent_with(true_counts(service))
    assert attacker.pinned() == {}
    assert attacker.solve() == before


def test_intervals_from_exact_counts_would_give_hidden_counts_away(client, known_service):
    """The control: the team's intervals (exact counts), were they published, would let the
    same attacker narrow hidden counts down."""
    service = known_service
    levels = {level: p.as_json() for level, p in publish(db.session, service).items()}
    attacker = attack(levels)
    before = attacker.solve()
    ranking = next_open.from_rows("departement", territory_rows(db.session, service, "departement"))
    for c in ranking.candidates:
        cell = ("demands", "departement", c.code)
        if cell in attacker.hidden and c.population:
            said = counts_within(c.low, c.high, c.population)
            attacker.know(cell, said.start, said.stop - 1)
    after = attacker.solve()
    narrowed = [cell for cell in before if after[cell] != before[cell]]
    assert narrowed, "exact intervals of hidden cells must tell the attacker more"
    assert poisson_interval(0)[0] == 0.0


def test_every_list_of_the_report_that_says_most_ranks_as_where_to_open_next(app):
    """Cantal's 15 demands make a higher rate than Ille-et-Vilaine's 100, on far fewer: the
    report's « l'attendent le plus » and « demande sans partenaire » put Ille-et-Vilaine
    first, as « Où ouvrir ensuite » does, not Cantal as a ranking by rate would."""
    service = make_service()
    for postal_code, count in (("15000", 15), ("35000", 100)):
        for _ in range(count):
            make_demand(service, postal_code)
    page = BeautifulSoup(evidence_html(db.session, service, "departement"), "html.parser")

    def first(selector: str) -> str:
        return page.select_one(selector).get_text(" ", strip=True)

    assert "(35)" in first("#next-open-table tbody tr")
    assert "(35)" in first("#top tbody tr")
    assert "(35)" in first("#without-partner li")


def test_the_reports_top_list_says_it_shows_open_territories_that_where_to_open_next_leaves_out(
    app,
):
    """« Les territoires qui l'attendent le plus » lists an open territory, marked so, and says
    it: « Où ouvrir ensuite » ranks only the others (outside review: the note said « déjà
    ouverts compris » of a ranking that leaves them out)."""
    service = make_service()
    for postal_code, count in (("15000", 15), ("35000", 100)):
        for _ in range(count):
            make_demand(service, postal_code)
    open_territory(db.session, service, "35")
    db.session.commit()
    page = BeautifulSoup(evidence_html(db.session, service, "departement"), "html.parser")
    top = [row.td.get_text(" ", strip=True) for row in page.select("#top tbody tr")]
    assert top[0].endswith("(35) — ouvert") and not top[1].endswith("ouvert")
    ranked = page.select_one("#next-open-table tbody").get_text()
    assert "(35)" not in ranked and "(15)" in ranked
    note = page.select_one("#top").find_previous("p").get_text(" ", strip=True)
    assert "signalés « ouvert »" in note and "ne classe que les autres" in note
