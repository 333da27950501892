"""One's own service's URL with another service's record id: 404, nothing read or changed.

The walk in ``test_isolation`` varies the slug; here the slug is ours and the record is
theirs, which only the ownership check of each record stops.
"""

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import MEDIATOR, Membership, Partner, ReportSnapshot, Testimonial, Volunteer
from pilotes.reports.edition import build_payload
from pilotes.reports.pdf import snapshot
from tests.factories import (
    add_partner,
    add_testimonial,
    add_volunteer,
    make_demand,
    make_mediator,
    make_round,
    make_service,
    record_accompanied,
)
from tests.web.team.helpers import make_member, sign_in
from tests.web.team.test_isolation import url_for_rule

# Arguments that only name the service or a choice of page, not a record.
NOT_RECORDS = {"slug", "kind", "fmt", "filename", "package", "code"}
# What a request would send to change a record, had it been let through.
CHANGES = {"action": "status", "s-status": "contacted", "role": "viewer", "n-body": "vu"}


def record_routes(app):
    """(rule, method) for every team or public route that names a record of a service."""
    for rule in app.url_map.iter_rules():
        if "slug" in rule.arguments and rule.arguments - NOT_RECORDS:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def seed_theirs(service):
    volunteer = add_volunteer(service, email="volontaire@leur.fr")
    partner = add_partner(service, email="partenaire@leur.fr")
    membership = make_member(service, "editrice@leur.fr", "editor")
    make_demand(service, "35000", email="demandeur@leur.fr")
    frozen = snapshot(
        db.session, service, "departement", build_payload(db.session, service, "departement")
    )
    pilot_round = make_round(service)
    return volunteer, partner, membership, frozen, pilot_round


def test_another_services_records_through_our_own_urls_are_not_found(app, no_csrf_client):
    ours, theirs = make_service(slug="le-notre"), make_service(slug="le-leur")
    add_volunteer(ours, email="volontaire@notre.fr")  # ours have records too
    add_partner(ours, email="partenaire@notre.fr")
    volunteer, partner, membership, frozen, pilot_round = seed_theirs(theirs)
    make_member(ours, "owner@notre.fr", "owner")
    sign_in(no_csrf_client, "owner@notre.fr")

    routes = list(record_routes(app))
    named = {arg for rule, _ in routes for arg in rule.arguments}
    assert {"row_id", "membership_id", "reference", "round_id", "testimonial_id"} <= named, named
    testimonial = add_testimonial(theirs)
    make_mediator(ours, "mediateur@notre.fr")
    our_mediator = app.test_client()
    sign_in(our_mediator, "mediateur@notre.fr")
    mediator = make_mediator(theirs, "mediateur@leur.fr")
    accompanied = record_accompanied(mediator)
    walked = 0
    for kind, row in (("volontaires", volunteer), ("partenaires", partner)):
        samples = {
            "slug": ours.slug,
            "kind": kind,
            "row_id": row.id,
            "membership_id": membership.id,
            "reference": frozen.reference,
            "round_id": pilot_round.id,
            "testimonial_id": testimonial.id,
            "mediator_id": mediator.id,
            "demand_reference": accompanied.reference,
            "partner_id": partner.id,
        }
        for rule, method in routes:
            url = url_for_rule(rule, samples)
            # A mediator's own pages are walked by our mediator (an owner is refused them).
            view = app.view_functions[rule.endpoint]
            mediators_only = getattr(view, "required_role", None) == MEDIATOR
            client = our_mediator if mediators_only else no_csrf_client
            response = client.open(url, method=method, data=CHANGES)
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
            assert b"@leur.fr" not in response.data, f"{method} {url} shows their people"
            walked += 1
    assert walked >= 10

    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).status == "new"
    assert db.session.get(Partner, partner.id).status == "new"
    assert db.session.get(Membership, membership.id).role == "editor"
    assert not db.session.get(Volunteer, volunteer.id).events
    assert db.session.scalar(select(ReportSnapshot.reference)) == frozen.reference
    assert db.session.get(Testimonial, testimonial.id).status == "pending"


def test_our_exports_hold_only_our_people(app, client_request):
    ours, theirs = make_service(slug="le-notre"), make_service(slug="le-leur")
    add_volunteer(ours, email="volontaire@notre.fr")
    add_partner(ours, email="partenaire@notre.fr")
    make_demand(ours, "35000", email="demandeur@notre.fr")
    seed_theirs(theirs)
    client_request.sign_in_as("owner", ours, "owner@notre.fr")
    exports = [("team.pipeline_export", {"kind": kind}) for kind in ("volontaires", "partenaires")]
    for endpoint, values in [*exports, ("team.demands_export", {})]:
        response = client_request.response(endpoint, slug=ours.slug, **values)
        body, export = response.get_data(as_text=True), response.request.path
        assert "@notre.fr" in body, export
        assert "@leur.fr" not in body, f"{export} holds their people"
