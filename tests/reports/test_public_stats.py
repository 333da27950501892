"""The public statistics page, the embeddable form, the map outlines."""

from pilotes.infra.extensions import db
from pilotes.reports.geometry import outlines
from pilotes.web.filters import number_fr
from tests.factories import make_service
from tests.pages import get_page
from tests.reports.conftest import HIDDEN_DEMANDS


def test_stats_page_shows_key_figures_map_trend_and_hidden_counts(client, known_service):
    page = get_page(client, "/services/connu/stats")
    assert "72" in page.find(id="key-figures").get_text()
    text = page.find(id="stats").get_text(" ")
    assert "moins de 5" in text and "non publié" in text and "masqué" not in text
    for level in ("region", "commune"):
        assert get_page(client, f"/services/connu/stats?niveau={level}").find(id="stats")


def test_the_embed_form_may_be_framed_only_by_listed_origins(client):
    service = make_service()
    response = client.get("/services/mon-service/embed")
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"
    service.embed_origins = ["https://mon-service.gouv.fr"]
    db.session.commit()
    response = client.get("/services/mon-service/embed")
    assert response.headers["Content-Security-Policy"].endswith(
        "frame-ancestors https://mon-service.gouv.fr"
    )
    assert "X-Frame-Options" not in response.headers
    form = get_page(client, "/services/mon-service/embed").find("form")
    assert form["action"] == "/services/mon-service/demande"


def test_all_101_departements_have_an_outline(app):
    shapes = outlines(app.config["NODE_MODULES_DIR"])
    assert len(shapes.metropole) == 96 and "2A" in shapes.metropole
    assert sorted(shapes.overseas) == ["971", "972", "973", "974", "976"]


def api_rows(client) -> list[dict]:
    return client.get("/api/v1/services/connu/stats?level=departement").get_json()["territories"]


def test_the_map_and_the_weekly_chart_have_a_name_a_scale_and_a_data_table(client, known_service):
    page = get_page(client, "/services/connu/stats")
    for figure_id, title in (
        ("map", "Demandes pour 100 000 habitants, par département"),
        ("weeks", "Demandes par semaine"),
    ):
        figure = page.find(id=figure_id)
        assert figure.name == "figure"
        assert page.find(id=figure["aria-labelledby"]).get_text(strip=True) == title
        drawing = figure.find("svg")
        assert drawing["role"] == "img" and drawing["aria-label"] == title
        assert "Échelle" in figure.find("figcaption").get_text()
        table = figure.find("details").find("table")
        assert table.caption.get_text(strip=True) == title
    drawing = page.find(id="map").find("svg")
    hidden = list(HIDDEN_DEMANDS)
    assert len(drawing.find_all("path", fill="url(#hidden)")) == len(hidden)
    caption = page.find(id="map").find("figcaption").get_text(" ", strip=True)
    low = min(t["per_100k"] for t in api_rows(client) if t["per_100k"])
    assert f"de {number_fr(low)} à" in caption  # the scale, in words
    legend = [t.get_text() for t in drawing.find_all("text")]
    assert any(t.startswith("jusqu'à") for t in legend)  # the classes' bounds
    assert drawing.find("rect", fill="url(#hidden)")  # the hatching, in the legend
    rows = {
        tr.td.get_text(): tr.find_all("td")[2].get_text(strip=True)
        for tr in page.find(id="map").find("tbody").find_all("tr")
    }
    for code in hidden:
        assert rows[code] in ("moins de 5", "non publié")
    weeks = page.find(id="weeks").find("tbody").find_all("tr")
    assert "(semaine en cours)" in weeks[-1].td.get_text()  # demands were made this week
