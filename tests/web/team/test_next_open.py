"""« Où ouvrir ensuite » in the team's workspace: the ranking, its sorting (server-side,
links only) and the explanation, read from the pages as a team member sees them."""

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import ServiceTerritory
from pilotes.reports.intervals import poisson_interval
from tests.factories import make_service
from tests.pages import field_error, fill_and_send, get_page, submit
from tests.reports.test_attacker import place_demands
from tests.web.team.helpers import make_member, sign_in

# Côtes-d'Armor: many demands; Lozère: few, in few inhabitants (a higher rate, far less sure);
# Paris: one demand among two million people; Rhône: open already.
DEMANDS = {"22000": 25, "48000": 4, "75001": 1, "69001": 30}


def ranked_names(page, table_id: str) -> list[str]:
    return [row.find_all("td")[1].get_text() for row in page.select(f"#{table_id} tbody tr")]


def row_of(page, table_id: str, code: str):
    for row in page.select(f"#{table_id} tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        if cells[1].endswith(f"({code})"):
            return cells
    raise AssertionError(f"{code} not in #{table_id}")


def member_of_a_service(client, role: str = "viewer"):
    service = make_service()
    place_demands(service, DEMANDS)
    db.session.add(ServiceTerritory(service_id=service.id, code="69", opened_at=db.func.now()))
    db.session.commit()
    make_member(service, f"{role}@equipe.fr", role)
    sign_in(client, f"{role}@equipe.fr")
    return service


def test_the_dashboard_ranks_where_to_open_next_and_explains_itself(client):
    service = member_of_a_service(client)
    page = get_page(client, f"/equipe/services/{service.slug}/")
    section = page.select_one("#next-open")
    assert section.find("h2").get_text() == "Où ouvrir ensuite"
    # The surest high demand first: Côtes-d'Armor's interval starts higher than Lozère's,
    # although Lozère's rate is higher; Rhône is open, so not ranked.
    top = ranked_names(page, "next-open-top")
    assert top[:2] == ["Côtes-d'Armor (22)", "Lozère (48)"]
    assert "Rhône (69)" not in top
    explained = section.select_one("#next-open-explained").get_text(" ", strip=True)
    for words in (
        "95 fois sur 100",
        "Nettement au-dessus du taux national",
        "petit territoire",
        "le hasard des petits nombres",
        "Taux national",
    ):
        assert words in explained
    lozere = row_of(page, "next-open-top", "48")
    assert lozere[2] == "4"  # the team's view: exact counts
    population = int(
        db.session.scalar(db.text("select population from departements where code='48'"))
    )
    low, high = (b * 100_000 / population for b in poisson_interval(4))
    shown_low, shown_high = (float(x.replace(",", ".")) for x in lozere[4].split(" à "))
    assert shown_low <= low < shown_low + 0.1 and shown_high - 0.1 < high <= shown_high
    assert lozere[5] == "oui"  # far above a national rate of 60 in 68 million


def test_the_ranking_sorts_by_its_links_without_javascript(client):
    service = member_of_a_service(client)
    url = f"/equipe/services/{service.slug}/ou-ouvrir"
    page = get_page(client, url)
    assert ranked_names(page, "next-open")[:3] == [
        "Côtes-d'Armor (22)",
        "Lozère (48)",
        "Paris (75)",
    ]
    assert row_of(page, "next-open", "75")[5] == "non"  # 1 in Paris: not significantly above
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("#next-open thead a")}
    by_rate = get_page(client, links["Pour 100 000 hab. (trier)"])
    assert ranked_names(by_rate, "next-open")[:2] == ["Lozère (48)", "Côtes-d'Armor (22)"]
    assert by_rate.select_one("#next-open th[aria-sort]").get_text(strip=True).startswith("Pour")
    by_name = get_page(client, links["Territoire (trier)"])
    names = ranked_names(by_name, "next-open")
    assert names == sorted(names, key=str.casefold) or names[0].startswith("Ain")
    regions = get_page(client, url + "?niveau=region&tri=nimporte")
    assert ranked_names(regions, "next-open")[0] == "Bretagne (53)"  # bad sort: the default
    assert "déjà ouvert" in page.get_text()


def test_a_goal_per_100000_inhabitants_is_set_and_shown(client):
    service = member_of_a_service(client, "owner")
    url = f"/equipe/services/{service.slug}/objectifs"
    data = {"goal-code": "48", "goal-goal": "20", "goal-unit": "taux"}
    submit(client, get_page(client, url), data, url, selector="main form[novalidate]", status=303)
    territory = db.session.scalar(select(ServiceTerritory).where(ServiceTerritory.code == "48"))
    population = int(
        db.session.scalar(db.text("select population from departements where code='48'"))
    )
    assert territory.goal_per_100k == 20
    assert territory.goal == -(-20 * population // 100_000)  # rounded up
    ranking = get_page(client, f"/equipe/services/{service.slug}/ou-ouvrir")
    assert "(20 pour 100 000 hab.)" in row_of(ranking, "next-open", "48")[7]
    # A rate above 100 000 per 100 000 is refused next to the field, the rest kept.
    page = fill_and_send(client, url, {**data, "goal-goal": "200000"}, 422)
    assert "ne dépasse pas 100 000" in field_error(page, "goal-goal")
    assert page.select_one("#goal-unit-1, input[value=taux]").has_attr("checked")
