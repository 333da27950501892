"""The team's pilot rounds: built through the form, their gaps and whom to contact first,
seen only by owners and editors, exported through the audit log, never in public figures."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from pilotes.domain.inclusion import today
from pilotes.infra.extensions import db
from pilotes.models import PANEL_GROUPS, AuditEntry, PilotRound
from tests.domain.test_panel import panel_volunteer
from tests.factories import make_round, make_service
from tests.pages import check_page, field_error, get_page, submit
from tests.web.team.helpers import make_member, sign_in

ROUNDS = "/equipe/services/mon-service/campagnes"
FORM = "main form[novalidate]"


@pytest.fixture
def team(app, client):
    service = make_service(name="Mon service")
    make_member(service, "editor@equipe.fr", "editor")
    sign_in(client, "editor@equipe.fr")
    return service


def test_an_editor_builds_a_round_with_quotas_and_sees_the_gaps(client, team):
    panel_volunteer(team, "vue@exemple.fr", needs=("vision",), status="participant")
    panel_volunteer(team, "aide@exemple.fr", helped="often", postal_code="69003")
    panel_volunteer(team, "rien@exemple.fr", autonomy="5")
    start = today()
    response = submit(
        client,
        get_page(client, ROUNDS),
        {
            "name": "Tests de décembre",
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=20)).isoformat(),
            "q_vision": "1",
            "q_helped": "2",
            "t1_group": "helped",
            "t1_code": "69",
            "t1_target": "1",
        },
        ROUNDS,
        selector=FORM,
        status=303,
    )
    page = get_page(client, response.headers["Location"])
    assert page.h1.get_text() == "Tests de décembre"
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in page.select("#quotas tbody tr")
    ]
    assert [row[:3] for row in rows] == [
        ["Besoins liés à la vue", "Tous", "1 / 1"],
        ["Aidées en ligne par quelqu'un", "Tous", "0 / 2"],
        ["Aidées en ligne par quelqu'un", "69", "0 / 1"],
    ]
    missing = page.find(id="missing-groups").get_text(" ", strip=True)
    assert "Aidées en ligne par quelqu'un (69)" in missing and "vue" not in missing
    candidates = [row.find("a").get_text() for row in page.select("#candidates tbody tr")]
    assert candidates == ["aide@exemple.fr", "rien@exemple.fr"]  # the gaps first
    listing = get_page(client, ROUNDS)
    assert listing.find("a", string="Tests de décembre")


def test_round_form_mistakes_are_explained_next_to_their_field_and_answers_kept(client, team):
    start = today()
    page = check_page(
        submit(
            client,
            get_page(client, ROUNDS),
            {
                "name": "Campagne",
                "starts_on": start.isoformat(),
                "ends_on": (start - timedelta(days=1)).isoformat(),
                "q_vision": "trois",
                "t1_group": "motor",
            },
            ROUNDS,
            selector=FORM,
            status=422,
        )
    )
    assert "suivre la date de début" in field_error(page, "ends_on")
    assert "en chiffres" in field_error(page, "q_vision")
    assert "choisissez le groupe, le département" in field_error(page, "t1_target")
    assert page.find(id="name")["value"] == "Campagne"
    empty = check_page(
        submit(
            client,
            page,
            {"ends_on": start.isoformat(), "q_vision": "", "t1_group": ""},
            ROUNDS,
            selector=FORM,
            status=422,
        )
    )
    assert "au moins un quota" in field_error(empty, "q_vision")
    assert db.session.scalar(select(PilotRound)) is None


def test_a_viewer_is_refused_every_panel_page(app, client_request):
    service = make_service()
    pilot_round = make_round(service)
    client_request.sign_in_as("viewer", service)
    client_request.get("team.panel_rounds", _status=403, slug=service.slug)
    for endpoint in ("team.panel_round", "team.panel_export"):
        client_request.get(endpoint, _status=403, slug=service.slug, round_id=pilot_round.id)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_panel")) is None


def test_a_round_of_another_service_is_not_found(client_request, team):
    other = make_service(slug="autre")
    theirs = make_round(other)
    for endpoint in ("team.panel_round", "team.panel_export"):
        client_request.get(endpoint, _status=404, slug=team.slug, round_id=theirs.id)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_panel")) is None


def test_the_export_of_a_round_goes_through_the_audit_log(client_request, team):
    panel_volunteer(team, "vue@exemple.fr", needs=("vision",))
    pilot_round = make_round(team)
    response = client_request.response("team.panel_export", slug=team.slug, round_id=pilot_round.id)
    body = response.get_data(as_text=True)
    assert "vue@exemple.fr" in body and "Besoins liés à la vue" in body
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_panel"))
    assert (entry.rows, entry.actor) == (1, "editor@equipe.fr")


def test_the_volunteer_page_shows_the_answers_to_the_team(client, team):
    volunteer = panel_volunteer(team, "vue@exemple.fr", needs=("vision",), autonomy="1")
    page = get_page(client, f"/equipe/services/{team.slug}/volontaires/{volunteer.id}")
    text = page.get_text(" ", strip=True)
    assert "La vue" in text and "Je n'utilise pas internet, ou presque jamais" in text


def test_the_answers_are_never_in_public_figures(client_request, team):
    panel_volunteer(team, "vue@exemple.fr", needs=("vision", "hearing"), helped="often")
    stats = client_request.json("api.service_stats", slug=team.slug, level="departement")
    published = json.dumps(stats, ensure_ascii=False)
    page = str(client_request.get("public.service_stats", slug=team.slug))
    for key, label in PANEL_GROUPS.items():
        assert key not in published and label not in published and label not in page
