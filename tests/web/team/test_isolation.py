"""Every team route checks membership and role: walked over the whole URL map."""

import pytest
from flask import Flask

from pilotes import create_app
from pilotes.infra.extensions import db
from tests.factories import (
    add_testimonial,
    add_volunteer,
    make_demand,
    make_round,
    make_service,
    service_round,
)
from tests.web.team.helpers import make_member, sign_in

SKIPPED_METHODS = {"HEAD", "OPTIONS"}


def team_routes(app: Flask):
    """(rule, method, view) for every team route."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("team."):
            for method in sorted(rule.methods - SKIPPED_METHODS):
                yield rule, method, app.view_functions[rule.endpoint]


def unchecked_routes(app: Flask) -> list[str]:
    return [
        f"{method} {rule.rule}"
        for rule, method, view in team_routes(app)
        if getattr(view, "access", None) not in ("public", "signed_in", "admin", "member")
    ]


def test_every_team_route_declares_who_may_use_it(app):
    assert unchecked_routes(app) == []


def test_a_route_added_without_a_check_is_caught(migrated_database):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=migrated_database)
    app.add_url_rule("/equipe/services/<slug>/oubli", "team.forgotten", lambda slug: "oups")
    assert unchecked_routes(app) == ["GET /equipe/services/<slug>/oubli"]


@pytest.fixture
def two_services(app):
    ours, theirs = make_service(slug="le-notre"), make_service(slug="le-leur")
    make_demand(theirs, "35000", email="quelquun@exemple.fr")
    volunteer = add_volunteer(theirs, confirmed=False)
    owner_there = make_member(theirs, "owner@leur.fr", "owner")
    make_round(theirs)
    return ours, theirs, volunteer, owner_there


def route_samples(service, volunteer, membership) -> dict:
    """A value for each argument of the team routes; a new argument needs one here."""
    return {
        "slug": service.slug,
        "kind": "volontaires",
        "row_id": volunteer.id,
        "membership_id": membership.id,
        "fmt": "csv",
        "mediator_id": 1,
        "partner_id": 1,
        "demand_reference": "ABCD-2345",
        "round_id": service_round(service).id,
        "testimonial_id": add_testimonial(service).id,
    }


def url_for_rule(rule, samples: dict) -> str:
    missing = [arg for arg in rule.arguments if arg not in samples]
    assert not missing, f"add a sample value for {missing} of {rule.rule} to this test"
    url = rule.rule
    for arg in rule.arguments:
        url = url.replace(f"<{arg}>", str(samples[arg]))
        for converter in ("int", "any(volontaires, partenaires)"):
            url = url.replace(f"<{converter}:{arg}>", str(samples[arg]))
    return url


def member_routes(app):
    return [
        (rule, method, view) for rule, method, view in team_routes(app) if view.access == "member"
    ]


def test_a_member_of_another_service_gets_404_everywhere(app, no_csrf_client, two_services):
    ours, theirs, volunteer, owner_there = two_services
    make_member(ours, "owner@notre.fr", "owner")
    sign_in(no_csrf_client, "owner@notre.fr")
    samples = route_samples(theirs, volunteer, owner_there)
    routes = member_routes(app)
    assert len(routes) >= 15
    for rule, method, _ in routes:
        url = url_for_rule(rule, samples)
        response = no_csrf_client.open(url, method=method, data={"status": "published"})
        assert response.status_code == 404, f"{method} {url}: {response.status_code}"
        assert b"quelquun@exemple.fr" not in response.data


def test_a_viewer_gets_403_wherever_editing_is_needed(app, no_csrf_client, two_services):
    _ours, theirs, volunteer, owner_there = two_services
    make_member(theirs, "viewer@leur.fr", "viewer")
    sign_in(no_csrf_client, "viewer@leur.fr")
    samples = route_samples(theirs, volunteer, owner_there)
    checked = 0
    for rule, method, view in member_routes(app):
        url = url_for_rule(rule, samples)
        response = no_csrf_client.open(url, method=method, data={})
        expected = 200 if view.required_role == "viewer" else 403
        assert response.status_code == expected, f"{method} {url}: {response.status_code}"
        checked += expected == 403
    assert checked >= 10
    db.session.expire_all()
    assert theirs.status == "published"  # nothing was changed by the walk


def test_signed_out_visitors_are_sent_to_sign_in(app, client_request, two_services):
    _ours, theirs, volunteer, owner_there = two_services
    samples = route_samples(theirs, volunteer, owner_there)
    for rule, method, view in team_routes(app):
        if view.access == "public" or method != "GET":
            continue
        client_request.get_url(url_for_rule(rule, samples), _status=302, _redirect="team.sign_in")
