"""The public statistics page's charts, read with and without JavaScript, at 1280 and 375 px."""

from pilotes.infra.extensions import db
from tests.browser.a11y import assert_accessible
from tests.browser.test_what_people_see import WIDTHS, visit
from tests.factories import confirm_everything, make_demand, make_service


def small_and_large_service():
    """Rhône with enough demands to be published; Ille-et-Vilaine too few (hidden)."""
    service = make_service(name="Mon service")
    for n in range(30):
        make_demand(service, "69001", email=f"r{n}@exemple.fr")
    for n in range(2):
        make_demand(service, "35000", email=f"i{n}@exemple.fr")
    confirm_everything()
    db.session.commit()
    return service


def test_stats_charts_are_named_tables_without_javascript(browser, live_server, artifacts):
    small_and_large_service()
    for javascript in (True, False):
        for width in WIDTHS:
            context, page = visit(
                browser, live_server, "/services/mon-service/stats", width, javascript
            )
            for name in (
                "Demandes pour 100 000 habitants, par département",
                "Demandes par semaine",
            ):
                figure = page.get_by_role("figure", name=name)
                assert figure.get_by_role("img", name=name).is_visible()
                figure.locator("summary").click()  # the data table, disclosed
                assert figure.get_by_role("table").is_visible()
            legend = page.locator("#map-legend").inner_text()
            assert "Échelle : de " in legend and "Hachures" in legend
            # Ille-et-Vilaine's 2 demands are hidden: hatched, and the table says so.
            assert page.locator('#map path[data-code="35"]').get_attribute("fill") == "url(#hidden)"
            row = page.locator('#map tr[data-code="35"]').inner_text()
            assert "non publié" in row and "2" not in row.split("\t")[-1]
            assert "non publié" in page.locator("#map svg text").last.text_content()
            updated = page.locator("#updated").inner_text()
            assert updated.startswith("Mise à jour : le ") and len(updated) > 25
            suffix = "" if javascript else "-sans-js"
            page.screenshot(
                path=str(artifacts / f"stats-charts-{width}{suffix}.png"), full_page=True
            )
            if javascript:  # axe itself is a script
                assert_accessible(page)
            context.close()
