"""Automated-looking demands are flagged (kept, out of the public counts); surges alert the
team; owners invalidate in bulk and every count follows."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from pilotes.domain import abuse
from pilotes.domain.abuse import Criteria, Signals, alert_surges, invalidate
from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.models import Demand, OutboxMessage, utcnow
from pilotes.reports.engine import key_figures
from tests.factories import make_demand, make_service
from tests.pages import fill_and_send, get_page, submit
from tests.web.team.helpers import make_member, sign_in

FORM = "/services/mon-service/demande?code_postal=35000"


def send_form(client, data):
    return submit(
        client, get_page(client, FORM), data, FORM, selector="main form[method=post]", status=303
    )


def test_a_filled_honeypot_is_flagged_not_refused(client):
    service = make_service()
    send_form(client, {"site_web": "http://spam.example"})
    demand = db.session.scalar(select(Demand))
    assert demand.flag_reason == "honeypot"
    figures = key_figures(db.session, service)
    assert (figures.demands, figures.flagged) == (0, 1)
    assert recount(db.session, service.id, fix=False) == []


def test_a_form_sent_faster_than_a_person_can_is_flagged(app, client):
    make_service()
    app.config["MIN_FORM_SECONDS"] = 2.0
    send_form(client, {})
    assert db.session.scalar(select(Demand.flag_reason)) == "trop_rapide"


def test_a_post_without_the_form_timestamp_is_flagged(client):
    make_service()
    send_form(client, {"t": None})
    assert db.session.scalar(select(Demand.flag_reason)) == "formulaire_non_charge"


def test_a_burst_from_one_network_is_flagged_beyond_the_limit(app):
    service = make_service()
    for n in range(abuse.BURST_SIZE + 2):
        make_demand(service, "35000", signals=Signals(ip=f"192.0.2.{n % 200}"))
    make_demand(service, "35000", signals=Signals(ip="198.51.100.7"))
    reasons = db.session.scalars(select(Demand.flag_reason).order_by(Demand.id)).all()
    assert reasons[: abuse.BURST_SIZE] == [None] * abuse.BURST_SIZE
    assert reasons[abuse.BURST_SIZE : -1] == ["rafale", "rafale"]
    assert reasons[-1] is None  # another network is not affected
    assert db.session.scalar(select(Demand.ip_prefix).limit(1)) == "192.0.2.0/24"


@pytest.mark.parametrize(("minutes_ago", "flagged"), [(9, True), (11, False)])
def test_the_burst_rule_counts_only_the_last_ten_minutes(app, minutes_ago, flagged):
    service = make_service()
    for n in range(abuse.BURST_SIZE):
        make_demand(service, "35000", signals=Signals(ip=f"192.0.2.{n}"))
    then = utcnow() - timedelta(minutes=minutes_ago)
    db.session.execute(update(Demand).values(created_at=then))
    db.session.commit()
    demand = make_demand(service, "35000", signals=Signals(ip="192.0.2.250")).row
    assert demand.flag_reason == ("rafale" if flagged else None)


def test_confirming_a_flagged_demand_keeps_it_out_of_the_counts(app, client):
    service = make_service()
    send_form(client, {"site_web": "x", "email": "a@exemple.fr", "consent": "y"})
    from tests.factories import confirm_everything

    confirm_everything()
    figures = key_figures(db.session, service)
    assert (figures.confirmed, figures.unconfirmed, figures.flagged) == (0, 0, 1)
    assert recount(db.session, service.id, fix=False) == []


def test_a_surge_from_one_domain_alerts_the_team_once_an_hour(app):
    service = make_service(contact_email="equipe@exemple.fr")
    for n in range(abuse.SURGE_MIN):
        make_demand(service, "35000", email=f"robot{n}@spam.example")
    for n in range(abuse.SURGE_MIN):
        make_demand(service, "35000", email=f"p{n}@gmail.com")  # a big provider: no alert
    assert alert_surges(db.session) == 1
    assert alert_surges(db.session) == 0
    (alert,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "surge_alert"))
    assert alert.to_address == "equipe@exemple.fr" and "spam.example" in alert.body_text


def test_owners_count_then_invalidate_and_every_count_follows(client, runner):
    service = make_service()
    for n in range(4):
        make_demand(service, "35000", email=f"r{n}@spam.example", signals=Signals(ip="203.0.113.9"))
    make_demand(service, "69001", email="vrai@exemple.fr", signals=Signals(ip="198.51.100.1"))
    make_member(service, "owner@equipe.fr", "owner")
    sign_in(client, "owner@equipe.fr")
    url = f"/equipe/services/{service.slug}/moderation"
    page = fill_and_send(
        client, url, {"ip_range": "203.0.113.0/24", "action": "preview"}, status=200
    )
    assert "4 demande(s) correspondent" in page.find(id="matching").get_text()
    assert key_figures(db.session, service).demands == 5  # counting changes nothing
    submit(client, page, {"action": "confirm"}, url, selector="main form[novalidate]", status=303)
    assert key_figures(db.session, service).demands == 1
    assert recount(db.session, service.id, fix=False) == []
    result = runner.invoke(args=["pilotes", "invalidate", service.slug, "--domain", "exemple.fr"])
    assert "1 demande(s) correspondent" in result.output
    assert key_figures(db.session, service).demands == 1  # without --yes: only counted


def test_invalidation_needs_a_criterion_and_a_valid_range(app):
    service = make_service()
    for criteria, message in (
        (Criteria(), "Indiquez au moins une plage, un domaine ou une période."),
        (
            Criteria(ip_range="pas une plage"),
            "Plage d'adresses invalide, par exemple 192.0.2.0/24.",
        ),
        # A host address stands for its network, as people copy it from a log.
        (Criteria(ip_range="192.0.2.7/25"), "Une plage plus large que /24, seule connue."),
    ):
        try:
            invalidate(db.session, service, criteria)
        except abuse.InvalidationError as error:
            assert str(error) == message
        else:
            raise AssertionError("no error")


def test_networks_are_ipv4_slash_24_and_ipv6_slash_48():
    assert abuse.network_prefix("192.0.2.77") == "192.0.2.0/24"
    assert abuse.network_prefix("2001:db8:1:2::5") == "2001:db8:1::/48"
    assert abuse.network_prefix(None) is None and abuse.network_prefix("pas une ip") is None


def test_a_burst_sent_to_another_service_does_not_flag_ours(app):
    theirs, ours = make_service(slug="le-leur"), make_service(slug="le-notre")
    for n in range(abuse.BURST_SIZE):
        make_demand(theirs, "35000", signals=Signals(ip=f"192.0.2.{n}"))
    assert make_demand(ours, "35000", signals=Signals(ip="192.0.2.99")).row.flag_reason is None
