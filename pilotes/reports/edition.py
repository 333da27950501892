"""The day's edition: what anyone outside the team sees of the figures is fixed once a day.

Published as they move, rounded counts let someone who files demands one at a time and
reads the figures after each see which demand made a count step, and so narrow a hidden
count, or hold a cell just under a step and see each new demand of others there
(docs/methodology.md, « différenciation »). Fixed once a day (Europe/Paris), the figures
move at most once a day, by everyone's demands of the day together: each step of such an
attack costs a day, and no single demand shows.

The first reader of the day computes the figures (``payload.publish``) and stores them
(``Edition``); every process and every format (pages, API, CSV, XLSX, PDF, data.gouv.fr)
then reads that row, so two app servers never show two versions of one day. A team
action that changes what the figures say beside the counts (opening or closing a
territory, a goal, the threshold or the level, a review of set-aside demands) withdraws
the edition (``protection.withdraw_edition``), and the next reader publishes again; a new
demand never does.

With ``PUBLISH_DAILY`` off (the tests that read what they just wrote), every read
publishes afresh.
"""

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pilotes.infra.cache import kept
from pilotes.infra.database import write_aside
from pilotes.infra.french import paris_today
from pilotes.infra.sql import upsert_insert
from pilotes.models import Edition, Service, utcnow
from pilotes.reports.payload import publish
from pilotes.reports.published import Published


def figures(session: Session, service: Service) -> dict[str, Published]:
    """{level: Published} as published today."""
    if not current_app.config["PUBLISH_DAILY"]:
        return publish(session, service)
    day = paris_today()
    stored = session.scalar(_stored(service, day))
    if stored is None:
        made = publish(session, service)
        row = {
            "service_id": service.id,
            "day": day,
            "figures": {level: _as_json(published) for level, published in made.items()},
            "made_at": utcnow(),
        }
        store = upsert_insert(session, Edition.__table__).values(row).on_conflict_do_nothing()
        older = delete(Edition).where(Edition.service_id == service.id, Edition.day < day)
        # Another process may have stored the day's figures first: theirs are served.
        stored = write_aside(session, [store, older], then=_stored(service, day))
    return {level: Published.from_json(data) for level, data in stored.items()}


def published_payload(session: Session, service: Service, level: str) -> Published:
    """The day's figures at ``level``, kept ``PUBLIC_STATS_TTL`` seconds in this process:
    public pages and the API read them on every view."""
    return kept("published", service.id, lambda: figures(session, service))[level]


def build_payload(session: Session, service: Service, level: str) -> Published:
    return figures(session, service)[level]


def _stored(service: Service, day):
    return select(Edition.figures).where(Edition.service_id == service.id, Edition.day == day)


def _as_json(published: Published) -> dict:
    return {**published.as_json(), "daily": published.daily_json()}
