"""Who may open what: every team page, for each role, against a matrix written by hand.

The matrix is the rule (viewers see aggregates; editors also people, pipelines and the
page; owners also members, openings, goals, settings, moderation and the audit log), so
it is written here rather than read back from the views it checks.
"""

import pytest

from pilotes.models import MEDIATOR, ROLE_RANK
from tests.factories import (
    add_partner,
    add_testimonial,
    add_volunteer,
    make_mediator,
    make_round,
    make_service,
    record_accompanied,
)
from tests.web.team.helpers import make_member, sign_in
from tests.web.team.test_isolation import team_routes, url_for_rule

LOWEST_ROLE = {
    "team.dashboard": "viewer",
    "team.territories": "viewer",
    "team.next_territories": "viewer",
    "team.reports": "viewer",
    "team.report_download": "viewer",
    "team.pipeline": "editor",
    "team.pipeline_row": "editor",
    "team.pipeline_export": "editor",
    "team.demands_export": "editor",
    "team.edit_page": "editor",
    "team.panel_rounds": "editor",
    "team.panel_round": "editor",
    "team.panel_export": "editor",
    "team.testimonials_page": "editor",
    "team.testimonials_invite": "editor",
    "team.testimonial_moderate": "editor",
    "team.change_status": "editor",
    "team.audit_log": "owner",
    "team.members": "owner",
    "team.member_role": "owner",
    "team.member_remove": "owner",
    "team.moderation": "owner",
    "team.flag_review": "owner",
    "team.open_territory": "owner",
    "team.close_territory": "owner",
    "team.set_goal": "owner",
    "team.settings": "owner",
    "team.mediators_page": "owner",
    "team.mediator_remove": "owner",
    "team.mediator_from_partner": "owner",
    # A mediator records demands for people offline, and opens nothing else; no team role
    # opens its pages either.
    "team.mediator_record": MEDIATOR,
    "team.mediator_erase": MEDIATOR,
    "team.admin_services": "admin",
}


def test_the_matrix_covers_every_team_page(app):
    checked = {
        rule.endpoint for rule, _, view in team_routes(app) if view.access in ("member", "admin")
    }
    assert checked == set(LOWEST_ROLE)


def allowed(role: str, lowest: str) -> bool:
    if MEDIATOR in (role, lowest):
        return role == lowest
    return lowest != "admin" and ROLE_RANK[role] >= ROLE_RANK[lowest]


@pytest.mark.parametrize("role", ["viewer", "editor", "owner", MEDIATOR])
def test_each_role_opens_exactly_the_pages_of_its_rank(app, no_csrf_client, role):
    service = make_service()
    volunteer = add_volunteer(service)
    partner = add_partner(service)
    if role == MEDIATOR:
        mediator = make_mediator(service, f"{role}@equipe.fr")
    else:
        make_member(service, f"{role}@equipe.fr", role)
        mediator = make_mediator(service)
    testimonial = add_testimonial(service)
    target = make_member(service, "cible@equipe.fr", "editor")
    sign_in(no_csrf_client, f"{role}@equipe.fr")
    samples = {
        "slug": service.slug,
        "kind": "volontaires",
        "row_id": volunteer.id,
        "membership_id": target.id,
        "fmt": "csv",
        "mediator_id": mediator.id,
        "partner_id": partner.id,
        "demand_reference": record_accompanied(mediator).reference,
        "round_id": make_round(service).id,
        "testimonial_id": testimonial.id,
    }
    # Removing a member last, so the other routes still find them.
    routes = sorted(
        (r for r in team_routes(app) if r[0].endpoint in LOWEST_ROLE),
        key=lambda r: (r[0].endpoint == "team.member_remove", r[0].endpoint, r[1]),
    )
    for rule, method, _ in routes:
        url = url_for_rule(rule, samples)
        status = no_csrf_client.open(url, method=method, data={}).status_code
        if allowed(role, LOWEST_ROLE[rule.endpoint]):
            assert status < 400 or status == 422, f"{role}: {method} {url}: {status}"
        else:
            assert status == 403, f"{role}: {method} {url}: {status}, wanted 403"


def test_an_editor_cannot_read_the_audit_log(app, client_request):
    service = make_service()
    add_volunteer(service, email="v@exemple.fr")
    client_request.sign_in_as("owner", service, "owner@equipe.fr")
    client_request.response("team.pipeline_export", slug=service.slug, kind="volontaires")
    journal = client_request.get("team.audit_log", slug=service.slug)
    assert "Export des volontaires (CSV)" in journal.get_text()
    editor = client_request.other()
    editor.sign_in_as("editor", service, "editor@equipe.fr")
    refused = editor.get("team.audit_log", _status=403, slug=service.slug)
    assert b"owner@equipe.fr" not in refused.response.data
