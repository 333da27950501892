"""The day's edition: what anyone outside the team sees of the figures moves once a day
(Europe/Paris), whatever is filed meanwhile; a decision of the team publishes at once."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from pilotes.domain import flags, goals, opening
from pilotes.domain.abuse import Criteria, Signals, invalidate
from pilotes.domain.services import set_status
from pilotes.infra import french
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import Demand, Edition
from pilotes.reports.payload import publish
from tests.factories import make_demand
from tests.pages import get_page

LEVELS = ("region", "departement", "commune")
OPEN_FORM = "main form[novalidate]"
SEND = "form:has(button[value=envoyer])"


@pytest.fixture
def daily(app):
    app.config["PUBLISH_DAILY"] = True
    return app


def paris_today() -> date:
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def read(client_request, level="departement") -> dict:
    response = client_request.response("api.service_stats", slug="connu", level=level)
    return response.get_json()


def counts(figures: dict) -> dict:
    """What a figure says: everything but the moment it was computed."""
    return {key: value for key, value in figures.items() if key != "generated_at"}


def fresh(service, level="departement") -> dict:
    """The figures published afresh from the counts as they are now (no edition)."""
    return counts(publish(db.session, service)[level].as_json())


def test_filing_demands_one_at_a_time_moves_no_published_figure_that_day(
    daily, client_request, known_service
):
    """The attack of the methodology: file one's own demands one at a time, read every
    level after each. Published as they move, the national total would step (one more
    demand than a rounding step); published once a day, nothing moves, not even the time."""
    first = {level: read(client_request, level) for level in LEVELS}
    for _ in range(6):
        make_demand(known_service, "35000")
        assert {level: read(client_request, level) for level in LEVELS} == first
    assert fresh(known_service)["totals"]["demands"] != first["departement"]["totals"]["demands"]
    page = get_page(client_request.client, "/services/connu/stats")
    assert "arrêtées une fois par jour" in page.find("main").get_text()


def test_the_next_day_publishes_what_was_filed_and_keeps_only_its_edition(
    daily, client_request, known_service
):
    first = read(client_request)
    for _ in range(6):
        make_demand(known_service, "35000")
    yesterday = paris_today() - timedelta(days=1)
    db.session.execute(update(Edition).values(day=yesterday))  # the edition was yesterday's
    db.session.commit()
    now = read(client_request)
    assert counts(now) == fresh(known_service) != counts(first)
    assert db.session.scalars(select(Edition.day)).all() == [paris_today()]


def test_every_format_shows_the_edition_whoever_reads_first(daily, client_request, known_service):
    """A team download can be the day's first reader: a writing request, which on SQLite
    holds the write lock; it stores the edition in its own transaction, and the API, read
    by anyone after a new demand, serves the same figures."""
    client_request.sign_in_as("viewer", known_service)
    url = "/equipe/services/connu/rapports/json?niveau=departement"
    downloaded = client_request.response_from_url(url).get_json()
    assert db.session.scalar(select(Edition.day)) == paris_today()
    make_demand(known_service, "69001")
    assert read(client_request) == downloaded


def test_the_day_changes_at_midnight_in_paris(daily, client_request, known_service, monkeypatch):
    """At 23:30 UTC on 24 November it is already 25 November in Paris."""

    class HalfPastMidnightInParis(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 11, 24, 23, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(french, "datetime", HalfPastMidnightInParis)
    read(client_request)
    assert db.session.scalar(select(Edition.day)) == date(2026, 11, 25)


def _open(client_request, service):
    confirm = client_request.submit(
        "team.open_territory", {"code": "35"}, 200, _form=OPEN_FORM, slug=service.slug
    )
    client_request.submit_form(confirm, {"action": "envoyer"}, 303, _form=SEND)


def _close(client_request, service):
    with unit_of_work():
        opening.close_territory(db.session, service, "69")


def _goal(client_request, service):
    with unit_of_work():
        goals.set_goal(db.session, service, "69", 15)


def _restore(client_request, service):
    make_demand(service, "69001", signals=Signals(honeypot="x"))
    flagged = db.session.scalar(select(Demand.id).where(Demand.flagged_at.is_not(None)))
    with unit_of_work():
        flags.restore(db.session, service, None, [flagged])


def _invalidate(client_request, service):
    with unit_of_work():
        invalidate(db.session, service, Criteria(since=datetime.now(UTC) - timedelta(hours=1)))


def _unpublish_and_publish(client_request, service):
    with unit_of_work():
        set_status(db.session, service, "draft")
    with unit_of_work():
        set_status(db.session, service, "published")


def _settings(client_request, service):
    client_request.submit(
        "team.settings", {"suppression_threshold": "12"}, 303, _form=OPEN_FORM, slug=service.slug
    )


@pytest.mark.parametrize(
    "decision",
    [_open, _close, _goal, _restore, _invalidate, _unpublish_and_publish, _settings],
)
def test_a_decision_of_the_team_is_published_at_once(
    daily, client_request, known_service, decision
):
    """Opening or closing a territory, a goal, a review of set-aside demands, the status or
    the settings: the edition goes, and the next reader publishes the counts of the moment."""
    client_request.sign_in_as("owner", known_service)
    with unit_of_work():
        opening.open_territory(db.session, known_service, "69")  # for _close to close
    read(client_request)
    for _ in range(6):
        make_demand(known_service, "35000")
    decision(client_request, known_service)
    assert counts(read(client_request)) == fresh(known_service)
