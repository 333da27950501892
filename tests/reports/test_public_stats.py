"""The public statistics page, the embeddable form, the map outlines."""

from datetime import datetime
from zoneinfo import ZoneInfo

from pilotes.infra.extensions import db
from pilotes.infra.french import datetime_fr as iso_datetime_fr
from pilotes.reports.geometry import outlines
from pilotes.reports.payload import service_rule
from tests.factories import make_demand, make_service
from tests.pages import get_page


def test_stats_page_shows_key_figures_map_trend_and_hidden_counts(client, known_service):
    page = get_page(client, "/services/connu/stats")
    national = service_rule(known_service).rounded(("demands", "nation", "FR"), 72)
    assert str(national) in page.find(id="key-figures").get_text()  # 72 demands, rounded
    # Drawn on the server, named, with their data tables: readable without JavaScript.
    assert not page.find("map-chart") and not page.find("line-chart")
    assert not [s for s in page.find_all("script", src=True) if "chart" in s["src"]]
    for figure_id, title in (
        ("map", "Demandes pour 100 000 habitants"),
        ("weeks", "Demandes par semaine"),
    ):
        figure = page.find("figure", id=figure_id)
        assert title in figure.find(id=f"{figure_id}-title").get_text()
        assert figure.find("svg", attrs={"role": "img", "aria-label": True})
        assert figure.find("details").find("table").select("tbody tr")
        assert "Échelle" in figure.find("figcaption").get_text()
    assert "Hachures" in page.find(id="map-legend").get_text()
    assert "Chiffres arrêtés le " in page.find(id="updated").get_text()
    text = page.find(id="stats").get_text(" ")
    assert "moins de 15" in text
    hidden = [
        row.find_all("td")
        for row in page.select("tr[data-code]")
        if "moins de" in row.find_all("td")[2].get_text()
    ]
    # A hidden rate is not « moins de 15 » (a rate is not a count): it is « non publié ».
    # (Columns: code, name, demands, confirmed, accompanied, per 100,000, …)
    assert hidden and all(cells[5].get_text(strip=True) == "non publié" for cells in hidden)
    assert page.find("a", href="http://pilotes.test/methodologie")
    for level in ("region", "commune"):
        assert get_page(client, f"/services/connu/stats?niveau={level}").find(id="stats")


def test_the_embed_form_may_be_framed_only_by_listed_origins(client_request):
    service = make_service()
    response = client_request.get("public.embed", slug="mon-service").response
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"
    service.embed_origins = ["https://mon-service.gouv.fr"]
    db.session.commit()
    page = client_request.get("public.embed", slug="mon-service")
    assert page.response.headers["Content-Security-Policy"].endswith(
        "frame-ancestors https://mon-service.gouv.fr"
    )
    assert "X-Frame-Options" not in page.response.headers
    form = page.find("form")
    assert form["action"] == "/services/mon-service/demande"


def test_http_origins_stored_before_https_was_required_frame_nothing(client_request):
    """The settings once let http://localhost… through: stored, such an origin is left out of
    frame-ancestors, on the form and the map (outside review)."""
    service = make_service()
    service.embed_origins = ["http://localhost:1", "https://mon-service.gouv.fr", "http://x.fr"]
    db.session.commit()
    for endpoint in ("public.embed", "public.embed_map"):
        csp = client_request.get(endpoint, slug="mon-service").response.headers
        assert csp["Content-Security-Policy"].endswith(
            "frame-ancestors https://mon-service.gouv.fr"
        )
    service.embed_origins = ["http://127.0.0.1:8080"]
    db.session.commit()
    response = client_request.get("public.embed", slug="mon-service").response
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_embeddable_map_is_framed_by_the_same_listed_origins_as_the_form(client_request):
    service = make_service()
    for endpoint in ("public.embed_map", "public.embed"):
        response = client_request.get(endpoint, slug="mon-service").response
        assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
        assert response.headers["X-Frame-Options"] == "DENY"
    service.embed_origins = ["https://journal-local.fr", "https://mdph.exemple.fr"]
    db.session.commit()
    page = client_request.get("public.embed_map", slug="mon-service")
    assert page.response.headers["Content-Security-Policy"].endswith(
        "frame-ancestors https://journal-local.fr https://mdph.exemple.fr"
    )
    assert "X-Frame-Options" not in page.response.headers
    assert page.find("h1") and page.find("figure", id="map").find("table")
    assert not page.find("script")  # nothing to run: the SVG and its table are the map


def test_all_101_departements_have_an_outline(app):
    shapes = outlines(app.config["NODE_MODULES_DIR"])
    assert len(shapes.metropole) == 96 and "2A" in shapes.metropole
    assert sorted(shapes.overseas) == ["971", "972", "973", "974", "976"]


def test_the_time_of_the_figures_is_paris_time_and_the_territories_are_named(client_request):
    """Readers and weeks are in Paris: « 07:20 (UTC) » made them do the sum. The count of
    territories says which territories, at each level's tab."""
    service = make_service()
    for n in range(20):
        make_demand(service, "35000", email=None if n % 2 else f"{n}@exemple.fr")
    answer = client_request.json("api.service_stats", slug=service.slug, level="commune")
    moment = datetime.fromisoformat(answer["generated_at"]).astimezone(ZoneInfo("Europe/Paris"))
    page = client_request.get("public.service_stats", slug=service.slug, niveau="commune")
    updated = page.find(id="updated").get_text(" ", strip=True)
    assert updated.endswith(f"à {moment:%H} h {moment:%M} (heure de Paris).")
    assert "UTC" not in updated
    published = [row for row in answer["territories"] if row["demands"] is not None]
    figures = page.find(id="key-figures").get_text(" ", strip=True)
    assert f"{len(published)} communes dont le nombre de demandes est publié" in figures


def test_french_dates_and_times():
    assert iso_datetime_fr("2026-11-22T23:30:00+00:00") == "23 novembre 2026 à 00 h 30"
    assert iso_datetime_fr("2026-07-01T10:05:00+00:00") == "1er juillet 2026 à 12 h 05"  # summer
    assert iso_datetime_fr("") == ""
