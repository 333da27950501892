"""Goals per 100,000 inhabitants: the count they make, from the CLI as from the form."""

import pytest
from sqlalchemy import select

from pilotes.domain.goals import GoalError, set_goal
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import ServiceTerritory
from tests.factories import make_service


def population(code: str) -> int:
    return int(
        db.session.scalar(db.text(f"select population from departements where code='{code}'"))
    )


def test_a_goal_per_100000_becomes_the_count_it_makes_rounded_up(app, runner):
    make_service()
    result = runner.invoke(args=["pilotes", "set-goal", "mon-service", "35", "7", "--per-100k"])
    assert result.exit_code == 0, result.output
    territory = db.session.scalar(select(ServiceTerritory).where(ServiceTerritory.code == "35"))
    count = -(-7 * population("35") // 100_000)
    assert (territory.goal_per_100k, territory.goal) == (7, count)
    assert f"soit {count} demandes confirmées" in result.output
    assert count * 100_000 >= 7 * population("35") > (count - 1) * 100_000
    # Set again as a plain count, the rate is forgotten.
    runner.invoke(args=["pilotes", "set-goal", "mon-service", "35", "40"])
    db.session.expire_all()
    territory = db.session.scalar(select(ServiceTerritory).where(ServiceTerritory.code == "35"))
    assert (territory.goal_per_100k, territory.goal) == (None, 40)


def test_a_rate_goal_under_what_is_published_or_where_nobody_lives_is_refused(app):
    service = make_service()
    with pytest.raises(GoalError, match="1 pour 100 000 habitants font ici 1 demande, "):
        set_goal(db.session, service, "48", 1, per_100k=True)  # Lozère: 76 000
    with unit_of_work():
        territory = set_goal(db.session, service, "48", 20, per_100k=True)
    assert territory.goal == 16
    try:
        with unit_of_work():
            set_goal(db.session, service, "984", 5, per_100k=True)  # TAAF: nobody
    except GoalError as error:
        assert "habitants" in str(error)
    else:
        raise AssertionError("a rate goal where nobody lives must be refused")
