"""Transactions at the edges: domain functions never commit, one unit of work decides."""

from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from pilotes.domain.services import ServiceError, create_service
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import Service, ServiceTerritory, User
from tests.factories import make_service

PACKAGE = Path(__file__).resolve().parents[2] / "pilotes"


def test_a_command_failing_midway_leaves_nothing_committed(app, runner):
    """The account is made, then the service is not found: the account must not stay."""
    result = runner.invoke(args=["pilotes", "user", "create", "ana@exemple.fr", "--service", "x"])
    assert result.exit_code != 0 and "Aucun service" in result.output
    assert db.session.scalars(select(User.email)).all() == []


def test_a_nested_unit_that_fails_undoes_only_its_own_writes(app):
    """A view catching a domain error keeps what it did before; the failed part is gone."""
    with unit_of_work():
        create_service(db.session, slug="premier", name="Premier", level="departement")
        with pytest.raises(ServiceError), unit_of_work():
            create_service(db.session, slug="second", name="Second", level="departement")
            create_service(db.session, slug="premier", name="Encore", level="departement")
    db.session.close()
    assert db.session.scalars(select(Service.slug)).all() == ["premier"]


def test_setting_a_goal_is_one_commit(app, runner):
    make_service()
    commits = []
    listener = lambda session: commits.append(session)  # noqa: E731
    event.listen(Session, "after_commit", listener)
    try:
        result = runner.invoke(args=["pilotes", "set-goal", "mon-service", "35", "20"])
    finally:
        event.remove(Session, "after_commit", listener)
    assert result.exit_code == 0, result.output
    assert len(commits) == 1
    assert db.session.scalar(select(ServiceTerritory.goal)) == 20


@pytest.mark.parametrize("layer", ["domain", "reports", "territories"])
def test_no_commit_below_the_edges(layer):
    found = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / layer).rglob("*.py")
        if ".commit()" in path.read_text(encoding="utf-8")
    ]
    assert found == []
