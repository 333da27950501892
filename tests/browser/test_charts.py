"""The public statistics page's charts, read with and without JavaScript, at 1280 and 375 px,
and the map that partners embed on their own sites."""

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Service
from tests.browser.a11y import assert_accessible
from tests.browser.sites import https_site
from tests.browser.test_what_people_see import WIDTHS, visit
from tests.email_links import BASE_URL
from tests.factories import confirm_everything, make_demand, make_service
from tests.web.team.helpers import make_member, sign_in_link


def small_and_large_service():
    """Rhône and Bouches-du-Rhône with enough demands to be published; Ille-et-Vilaine too
    few (hidden)."""
    service = make_service(name="Mon service")
    for n in range(30):
        make_demand(service, "69001", email=f"r{n}@exemple.fr")
    for n in range(20):
        make_demand(service, "13001", email=f"b{n}@exemple.fr")
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
            # On a phone the weekly chart keeps a readable height (it scrolls sideways).
            assert page.locator("#weeks svg").bounding_box()["height"] >= 150
            updated = page.locator("#updated").inner_text()
            assert updated.startswith("Chiffres arrêtés le ") and len(updated) > 25
            suffix = "" if javascript else "-sans-js"
            page.screenshot(
                path=str(artifacts / f"stats-charts-{width}{suffix}.png"), full_page=True
            )
            if javascript:  # axe itself is a script
                assert_accessible(page)
            context.close()


def publish_page(folder, snippet: str) -> None:
    folder.joinpath("index.html").write_text(
        '<!doctype html><html lang="fr"><title>Journal local</title><main><h1>Journal local</h1>'
        f"{snippet}</main></html>"
    )


def team_lists_origin_and_copies_snippet(browser, live_server, artifacts, origin: str) -> str:
    """An owner lists the partner's site in the settings and copies the map's code from
    the reports page, as the page documents it."""
    make_member(db.session.scalar(select(Service)), "owner@equipe.fr", "owner")
    link = sign_in_link("owner@equipe.fr")
    db.session.commit()
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    page.goto(link)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/equipe/services/mon-service/rapports")
    assert "Aucun site n'est encore autorisé" in page.locator("#embed-origins").inner_text()
    page.get_by_role(
        "link", name="Modifier la liste des sites autorisés dans les paramètres"
    ).click()
    page.get_by_label("Sites autorisés à afficher la carte et le formulaire intégrables").fill(
        origin
    )
    page.get_by_role("button", name="Enregistrer").click()
    page.goto("/equipe/services/mon-service/rapports")
    assert origin in page.locator("#embed-origins").inner_text()
    snippet = page.locator("#snippet-carte").inner_text()
    assert snippet.startswith("<iframe src=") and "/services/mon-service/embed/carte" in snippet
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#integrer").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"reports-embed-{width}.png"), full_page=True)
        assert_accessible(page)
    context.close()
    # The code names the site by BASE_URL, which the test configuration points nowhere.
    return snippet.replace(BASE_URL, live_server)


def test_the_map_embeds_on_a_listed_site_only(browser, live_server, artifacts, tmp_path):
    small_and_large_service()
    (tmp_path / "listed").mkdir()
    (tmp_path / "unlisted").mkdir()
    with (  # only https origins may frame Pilotes
        https_site("127.0.0.2", tmp_path / "listed", tmp_path) as listed,
        https_site("127.0.0.3", tmp_path / "unlisted", tmp_path) as unlisted,
    ):
        snippet = team_lists_origin_and_copies_snippet(browser, live_server, artifacts, listed)
        publish_page(tmp_path / "listed", snippet)
        publish_page(tmp_path / "unlisted", snippet)
        context = browser.new_context(  # the partners' certificates are ours
            viewport={"width": 1280, "height": 1000}, ignore_https_errors=True
        )
        page = context.new_page()
        page.goto(f"{listed}/index.html")
        frame = page.frame_locator("iframe")
        name = "Demandes pour 100 000 habitants, par département"
        figure = frame.get_by_role("figure", name=name)
        assert figure.get_by_role("img", name=name).is_visible()
        assert frame.locator('path[data-code="35"]').get_attribute("fill") == "url(#hidden)"
        figure.locator("summary").click()
        assert "non publié" in frame.locator('tr[data-code="35"]').inner_text()
        page.screenshot(path=str(artifacts / "embed-map-listed-1280.png"), full_page=True)

        page.goto(f"{unlisted}/index.html")
        page.wait_for_load_state("load")  # the page's load waits for its iframe
        assert page.frames[1].locator("figure").count() == 0  # not listed: refused
        page.screenshot(path=str(artifacts / "embed-map-unlisted-1280.png"), full_page=True)
        context.close()
    for width in WIDTHS:  # the embedded page itself, as a reader's browser gets it
        context, page = visit(browser, live_server, "/services/mon-service/embed/carte", width)
        page.locator("#map summary").click()
        page.screenshot(path=str(artifacts / f"embed-map-{width}.png"), full_page=True)
        assert_accessible(page)
        context.close()


def test_the_map_legend_is_readable_on_a_phone(browser, live_server):
    """The drawing is scaled to a third at 375 px: its own legend would be 5 px high; the
    page's legend is text, at least 12 px, and says the same as the drawing's."""
    small_and_large_service()
    context, page = visit(browser, live_server, "/services/mon-service/stats", 375)
    drawn = page.locator("#map svg .map-legend text").all_text_contents()
    key = page.locator("#map-key li")
    assert [t.strip() for t in key.all_inner_texts()] == drawn and "nombre non publié" in drawn
    for item in key.all():
        assert item.is_visible()
        size = item.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 12 and item.bounding_box()["height"] >= 12, size
    assert page.locator("#map svg .map-legend").is_hidden()  # not twice, nor tiny
    assert_accessible(page)
    context.close()
