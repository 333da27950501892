"""The published figures of a service at one level: one payload for every format.

The public statistics page, the open data API, the JSON, CSV and XLSX downloads and the
PDF report are all made from ``build_payload``, so they cannot disagree.
"""

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from pilotes.infra.cache import kept
from pilotes.models import PARTNER_STATUSES, Commune, Departement, Service
from pilotes.reports import engine
from pilotes.reports.rates import RATES_ROUNDING
from pilotes.reports.suppression import hidden_cells
from pilotes.territories.source import population_source

METRICS = ("demands", "confirmed", "unconfirmed", "volunteers")


def _parents(session: Session, level: str) -> dict[str, str]:
    """The group each territory adds up into, for secondary suppression."""
    if level == "departement":
        return dict(session.execute(select(Departement.code, Departement.region_code)).all())
    if level == "commune":
        return dict(session.execute(select(Commune.code, Commune.departement_code)).all())
    return {}  # régions add up to the country


def _hide(values: dict, groups: dict, threshold: int) -> dict:
    return hidden_cells(values, groups, threshold)


def published_payload(session: Session, service: Service, level: str) -> dict:
    """``build_payload``, kept ``PUBLIC_STATS_TTL`` seconds: public pages and the API read
    it on every view, and a few seconds of delay in public figures cost nobody anything."""
    return kept("payload", f"{service.id}:{level}", lambda: build_payload(session, service, level))


def build_payload(session: Session, service: Service, level: str) -> dict:
    rows = engine.territory_rows(session, service, level)
    figures = engine.key_figures(session, service, rows if level == service.level else None)
    threshold = service.suppression_threshold or 0
    groups = _parents(session, level)

    demands_hidden = _hide({r.code: r.demands for r in rows}, groups, threshold)
    # The confirmed/unconfirmed split of a territory is shown only when both parts are
    # large enough; hiding one part alone would let the total give it back.
    split = {
        r.code: min(r.confirmed, r.unconfirmed) if r.confirmed and r.unconfirmed else 0
        for r in rows
    }
    split_hidden = _hide(split, groups, threshold)
    volunteers_hidden = _hide({r.code: r.volunteers for r in rows}, groups, threshold)

    territories = []
    for r in rows:
        hidden = {
            "demands": demands_hidden.get(r.code),
            "confirmed": demands_hidden.get(r.code) or split_hidden.get(r.code),
            "unconfirmed": demands_hidden.get(r.code) or split_hidden.get(r.code),
            "volunteers": volunteers_hidden.get(r.code),
        }
        values = {
            "demands": r.demands,
            "confirmed": r.confirmed,
            "unconfirmed": r.unconfirmed,
            "volunteers": r.volunteers,
        }
        territories.append(
            {
                "code": r.code,
                "name": r.name,
                "population": r.population,
                **{metric: None if hidden[metric] else values[metric] for metric in METRICS},
                "per_100k": None if hidden["demands"] else r.per_100k,
                "suppressed": {metric: reason for metric, reason in hidden.items() if reason},
                "partners": r.active_partners,
                "partners_engaged": r.engaged_partners,
                "goal": r.goal,
                "goal_reached": (r.confirmed >= r.goal) if r.goal else None,
                "open": r.is_open,
            }
        )

    weeks = engine.weekly_series(session, service)
    week_demands = {week.isoformat(): c + u for week, c, u in weeks}
    week_split = {week.isoformat(): min(c, u) if c and u else 0 for week, c, u in weeks}
    weeks_hidden = _hide(week_demands, {}, threshold)
    split_hidden_weeks = _hide(week_split, {}, threshold)
    weekly = []
    for week, confirmed, unconfirmed in weeks:
        key = week.isoformat()
        reason = weeks_hidden.get(key)
        weekly.append(
            {
                "week": key,
                "demands": None if reason else confirmed + unconfirmed,
                "confirmed": None if reason or split_hidden_weeks.get(key) else confirmed,
                "suppressed": reason or split_hidden_weeks.get(key),
            }
        )
    return {
        "service": {
            "slug": service.slug,
            "name": service.name,
            "level": service.level,
            "phase": service.phase,
        },
        "level": level,
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "suppression_threshold": threshold,
        "population_source": population_source(current_app.config["NODE_MODULES_DIR"]).as_dict(),
        "rates_rounding": RATES_ROUNDING,
        "totals": {
            **_national(figures, threshold),
            "territories_with_demand": sum(1 for r in rows if r.demands),
            "open_territories": figures.open_territories,
            "partners": {status: figures.partners.get(status, 0) for status in PARTNER_STATUSES},
        },
        "territories": territories,
        "weekly": weekly,
        "demand_without_partner": [
            r.code for r in engine.demand_without_partner(rows) if not demands_hidden.get(r.code)
        ],
        "partner_without_demand": [r.code for r in engine.partner_without_demand(rows)],
    }


def _national(figures: engine.KeyFigures, threshold: int) -> dict:
    """Country totals, themselves hidden when small (a single small territory otherwise
    shows through the total)."""

    def small(value: int) -> bool:
        return 0 < value < threshold

    split_hidden = small(figures.confirmed) or small(figures.unconfirmed)
    return {
        "demands": None if small(figures.demands) else figures.demands,
        "confirmed": None if split_hidden or small(figures.demands) else figures.confirmed,
        "unconfirmed": None if split_hidden or small(figures.demands) else figures.unconfirmed,
        "volunteers": None if small(figures.volunteers) else figures.volunteers,
    }
