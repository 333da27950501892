"""The abuse rules at the domain's edge: what makes a surge, what an invalidation takes."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from pilotes.domain import abuse
from pilotes.domain.abuse import Criteria, InvalidationError, Signals
from pilotes.domain.accounts import add_member
from pilotes.domain.form_tokens import form_timestamp
from pilotes.infra.extensions import db
from pilotes.models import Demand, Invalidation, OutboxMessage, utcnow
from tests.factories import make_demand, make_service

NET = "203.0.113.{}"
TOO_WIDE = "Plage trop large : au plus 16 384 réseaux"
DELTA = timedelta(seconds=1)


def _demands(service, n, ip=None, domain="exemple.fr", start=0):
    for i in range(start, start + n):
        email = f"p{i}@{domain}" if domain else None
        make_demand(service, "35000", email=email, signals=Signals(ip=ip and ip.format(i % 250)))


def test_a_network_making_half_of_an_hour_of_at_least_fifty_demands_is_a_surge(app):
    service = make_service(contact_email="equipe@exemple.fr")
    _demands(service, abuse.SURGE_MIN - 1, ip=NET, domain=None)
    assert abuse.find_surges(db.session) == []  # too few to mean anything
    _demands(service, 1, ip=NET, domain=None, start=100)
    (surge,) = abuse.find_surges(db.session)
    assert (surge.service, surge.kind, surge.value) == (service, "réseau", "203.0.113.0/24")
    assert (surge.count, surge.total) == (abuse.SURGE_MIN, abuse.SURGE_MIN)
    _demands(service, abuse.SURGE_MIN, domain=None)  # as many from elsewhere: half, still
    assert [s.count for s in abuse.find_surges(db.session)] == [abuse.SURGE_MIN]
    _demands(service, 1, domain=None, start=200)  # under half now
    assert abuse.find_surges(db.session) == []


def test_a_surge_is_of_the_last_hour_and_of_one_service(app):
    service, other = make_service(), make_service(slug="autre")
    _demands(service, abuse.SURGE_MIN, domain="spam.example")
    _demands(other, abuse.SURGE_MIN, domain="exemple.fr")
    found = {(s.service.slug, s.kind, s.value) for s in abuse.find_surges(db.session)}
    assert found == {("mon-service", "domaine", "spam.example"), ("autre", "domaine", "exemple.fr")}
    later = utcnow() + abuse.SURGE_WINDOW + timedelta(minutes=1)
    assert abuse.find_surges(db.session, now=later) == []


def test_a_surge_alert_goes_to_the_team_once_per_hour(app):
    service = make_service(name="Mon service", contact_email="equipe@exemple.fr")
    _demands(service, abuse.SURGE_MIN, domain="spam.example")
    now = utcnow()
    assert abuse.alert_surges(db.session, now) == 1
    assert abuse.alert_surges(db.session, now) == 0
    assert abuse.alert_surges(db.session, now + timedelta(minutes=59 - now.minute)) == 0
    (alert,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "surge_alert"))
    assert alert.subject == "Afflux inhabituel de demandes pour Mon service"
    db.session.execute(update(Demand).values(created_at=now + timedelta(minutes=30)))
    assert abuse.alert_surges(db.session, now + timedelta(hours=1)) == 1  # the next hour
    silent = make_service(slug="muet", contact_email=None)
    _demands(silent, abuse.SURGE_MIN, domain="robot.example")
    assert abuse.alert_surges(db.session, now + timedelta(hours=1)) == 0  # no one to tell


def test_criteria_are_recorded_as_given(app):
    since, until = datetime(2026, 11, 1, 8), datetime(2026, 11, 2, 8)
    assert Criteria(ip_range="192.0.2.0/24", since=since).as_record() == {
        "plage": "192.0.2.0/24",
        "depuis": "2026-11-01T08:00:00",
    }
    assert Criteria(email_domain="spam.example", until=until).as_record() == {
        "domaine": "spam.example",
        "jusqu_a": "2026-11-02T08:00:00",
    }


@pytest.mark.parametrize(
    ("ip_range", "message"),
    [
        ("192.0.2.0/25", "Une plage plus large que /24, seule connue."),
        ("2001:db8::/49", "Une plage plus large que /48, seule connue."),
        ("10.0.0.0/9", "Plage trop large : au plus 16 384 réseaux /24, par exemple /10 au plus."),
        (
            "2001:db8::/33",
            "Plage trop large : au plus 16 384 réseaux /48, par exemple /34 au plus.",
        ),
    ],
)
def test_a_range_finer_than_what_is_kept_or_too_wide_is_refused_in_french(app, ip_range, message):
    with pytest.raises(InvalidationError) as refused:
        abuse.count_matching(db.session, make_service(), Criteria(ip_range=ip_range))
    assert str(refused.value) == message


def test_the_widest_ranges_allowed_are_counted(app):
    service = make_service()
    make_demand(service, "35000", signals=Signals(ip="10.63.1.1"))
    make_demand(service, "35000", signals=Signals(ip="2001:db8:3fff::1"))
    assert abuse.count_matching(db.session, service, Criteria(ip_range="10.0.0.0/10")) == 1
    assert abuse.count_matching(db.session, service, Criteria(ip_range="2001:db8::/34")) == 1


def test_an_invalidation_takes_what_matches_every_criterion_once_and_records_it(app):
    service, other = make_service(), make_service(slug="autre")
    _demands(service, 3, ip="192.0.2.{}", domain="Spam.Example")
    _demands(service, 2, ip="198.51.100.{}", domain="spam.example", start=10)
    _demands(other, 2, ip="192.0.2.{}", domain="spam.example", start=20)
    ids = db.session.scalars(select(Demand.id).order_by(Demand.id)).all()
    start = utcnow() - timedelta(hours=3)
    db.session.execute(update(Demand).where(Demand.id == ids[0]).values(created_at=start))
    db.session.execute(
        update(Demand).where(Demand.id == ids[1]).values(created_at=start + timedelta(hours=1))
    )
    window = Criteria(since=start, until=start + timedelta(hours=1))
    assert abuse.count_matching(db.session, service, window) == 2  # both ends included
    assert abuse.count_matching(db.session, service, Criteria(since=start + DELTA)) == 4
    assert abuse.count_matching(db.session, service, Criteria(until=start)) == 1
    both = Criteria(ip_range="192.0.2.0/24", email_domain=" SPAM.example ")
    assert abuse.count_matching(db.session, service, both) == 3
    assert abuse.invalidate(db.session, service, both) == 3
    decision = db.session.scalars(select(Invalidation)).one()
    assert (decision.count, decision.actor, decision.criteria) == (
        3,
        "ligne de commande",
        {"plage": "192.0.2.0/24", "domaine": " SPAM.example "},
    )
    assert abuse.count_matching(db.session, service, both) == 0  # not twice
    assert abuse.invalidate(db.session, service, both) == 0
    assert len(db.session.scalars(select(Invalidation)).all()) == 1  # no empty decision
    assert abuse.count_matching(db.session, other, both) == 2


def test_the_forms_signals_carry_the_senders_address(app):
    # The burst rule reads the address from these: without it no burst is ever seen.
    with app.test_request_context():
        signals = Signals.from_form("192.0.2.7", "", form_timestamp())
    assert (signals.ip, signals.honeypot) == ("192.0.2.7", "")
    assert signals.form_nonce and 0 <= signals.form_age < 60


def test_a_surge_is_found_among_many_networks_after_a_small_service_counted_in_the_hour(app):
    small, service = make_service(slug="petit"), make_service()  # the small one first
    _demands(service, 20, ip=NET, domain=None, start=300)  # two hours ago: out of the hour
    db.session.execute(update(Demand).values(created_at=utcnow() - timedelta(hours=2)))
    _demands(small, 3, domain=None)
    _demands(service, 5, ip="10.0.{}.1", domain=None)  # five networks, each listed before it
    _demands(service, abuse.SURGE_MIN, ip=NET, domain=None)
    (surge,) = abuse.find_surges(db.session)
    assert (surge.service, surge.value, surge.count, surge.total) == (
        service,
        "203.0.113.0/24",
        abuse.SURGE_MIN,
        abuse.SURGE_MIN + 5,
    )


@pytest.mark.parametrize("domain", ["abus.example", "spam.example"])  # before, after gmail
def test_a_big_providers_half_hides_no_surge_beside_it(app, domain):
    # Tied at half with gmail.com, whichever of the two the database lists first.
    service = make_service()
    _demands(service, abuse.SURGE_MIN, domain="gmail.com")
    _demands(service, abuse.SURGE_MIN, domain=domain, start=abuse.SURGE_MIN)
    found = [(s.kind, s.value, s.count) for s in abuse.find_surges(db.session)]
    assert found == [("domaine", domain, abuse.SURGE_MIN)]


def test_each_surge_is_alerted_and_the_hour_judged_is_the_one_given(app):
    service = make_service(contact_email="equipe@exemple.fr")
    _demands(service, abuse.SURGE_MIN, ip=NET, domain="spam.example")
    later = utcnow() + abuse.SURGE_WINDOW + timedelta(minutes=1)
    assert abuse.alert_surges(db.session, later) == 0  # that hour saw none
    assert abuse.alert_surges(db.session, utcnow()) == 2  # a network and a domain
    alerts = select(OutboxMessage.to_address).where(OutboxMessage.kind == "surge_alert")
    assert db.session.scalars(alerts).all() == ["equipe@exemple.fr"] * 2


def test_an_invalidation_records_who_decided_it(app):
    service = make_service()
    owner = add_member(db.session, service, "zoe@equipe.fr", "owner").user
    _demands(service, 2, domain="spam.example")
    criteria = Criteria(email_domain="spam.example")
    assert abuse.invalidate(db.session, service, criteria, user=owner) == 2
    decision = db.session.scalars(select(Invalidation)).one()
    assert (decision.actor, decision.user_id) == ("zoe@equipe.fr", owner.id)


def test_the_domain_of_an_address_follows_its_last_at_sign():
    # A quoted local part may hold « @ » (RFC 5321 § 4.1.2); the domain is after the last one.
    assert abuse.email_domain('"a@b"@Spam.Example') == "spam.example"
    assert abuse.email_domain("pas une adresse") is None and abuse.email_domain(None) is None
