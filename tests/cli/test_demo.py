"""The demo a new user of `make run` lands on."""

from sqlalchemy import func, select

from pilotes.cli.demo import DEMO_OWNER
from pilotes.domain import panel
from pilotes.domain.counting import recount
from pilotes.infra.extensions import db
from pilotes.models import Demand, InclusionAnswers, OutboxMessage, Service
from pilotes.reports.edition import published_payload
from pilotes.reports.engine import key_figures
from tests.pages import get_page


def test_demo_is_a_living_published_service_and_seeding_twice_changes_nothing(client, runner):
    result = runner.invoke(args=["pilotes", "demo"])
    assert result.exit_code == 0, result.output
    service = db.session.scalar(select(Service))
    assert service.is_published
    demands = db.session.scalar(select(func.count()).select_from(Demand))
    assert demands >= 2000
    summary = key_figures(db.session, service)
    assert summary.demands == demands and 0 < summary.confirmed < demands
    assert summary.territories_with_demand > 80
    assert recount(db.session, service.id, fix=False) == []
    # The inclusive panel: answers of volunteers who consented, and a round showing its gaps.
    (pilot_round,) = panel.rounds(db.session, service)
    assert db.session.scalar(select(func.count()).select_from(InclusionAnswers)) > 0
    assert panel.candidates(db.session, pilot_round)

    assert "déjà présent" in runner.invoke(args=["pilotes", "demo"]).output
    assert db.session.scalar(select(func.count()).select_from(Demand)) == demands

    soup = get_page(client, f"/services/{service.slug}")
    assert soup.find(id="counter")
    # A goal's bar where its published confirmed count shows (it depends on the rounding).
    goals = published_payload(db.session, service, service.level).territories
    shown = [t for t in goals if t.goal and t.confirmed is not None]
    assert len(soup.find_all("progress")) == len(shown) > 0
    assert len(soup.find("h2", string="Déjà ouvert").find_next("ul").find_all("li")) == 3
    _spread_over_twelve_weeks_by_population()
    # /dev/mails shows the team's sign-in link, not thousands of demo confirmations.
    assert DEMO_OWNER in db.session.scalars(select(OutboxMessage.to_address)).all()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) < 10


def _spread_over_twelve_weeks_by_population():
    """The demo's demands (filed through the domain) over the last twelve weeks."""
    oldest, newest = db.session.execute(
        select(func.min(Demand.created_at), func.max(Demand.created_at))
    ).one()
    assert 75 <= (newest - oldest).days <= 84
    per_departement = dict(
        db.session.execute(
            select(Demand.departement_code, func.count()).group_by(Demand.departement_code)
        ).all()
    )
    assert per_departement["59"] > per_departement.get("48", 0)  # Nord over Lozère
    assert "69" not in per_departement  # open there: nobody asks
