"""Abuse resistance: see what looks automated, alert on surges, invalidate in bulk.

Suspicious demands are *flagged*, not refused: one address may be a library or a town
hall helping people. Flagged demands stay out of the public counts; the team sees them.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from pilotes.domain.flags import record_invalidation
from pilotes.domain.form_tokens import read_form_token
from pilotes.infra.driver import run_on_driver
from pilotes.infra.networks import network
from pilotes.infra.outbox import enqueue
from pilotes.models import Demand, Service, User, utcnow

BURST_WINDOW = timedelta(minutes=10)
BURST_SIZE = 30  # more demands than this from one network in the window are flagged
SURGE_WINDOW = timedelta(hours=1)
SURGE_MIN = 50
SURGE_SHARE = 0.5
# Big mailbox providers: many people share them, so their share means nothing.
COMMON_DOMAINS = {
    "gmail.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "laposte.net",
    "hotmail.com",
    "hotmail.fr",
    "outlook.com",
    "outlook.fr",
    "yahoo.fr",
    "yahoo.com",
    "icloud.com",
    "live.fr",
    "bbox.fr",
    "neuf.fr",
    "aol.com",
    "protonmail.com",
    "proton.me",
}


def network_prefix(address: str | None) -> str | None:
    """The network of an address: IPv4 /24, IPv6 /48 (the address itself is not kept)."""
    return network(address, 24, 48)


def email_domain(address: str | None) -> str | None:
    return address.rpartition("@")[2].lower() if address and "@" in address else None


@dataclass(frozen=True)
class Signals:
    """What the request says about who sent it."""

    ip: str | None = None
    honeypot: str | None = None  # a field hidden from people: bots fill it
    form_age: float | None = 60.0  # seconds since the form was shown; None: no valid token
    form_nonce: str | None = None  # the form token's one-use part, spent when filing

    @classmethod
    def from_form(cls, ip: str | None, honeypot: str | None, token: str | None) -> "Signals":
        read = read_form_token(token)
        age, nonce = read if read else (None, None)
        return cls(ip=ip, honeypot=honeypot, form_age=age, form_nonce=nonce)


def flag_reason(session: Session, service: Service, signals: Signals) -> str | None:
    if signals.honeypot:
        return "honeypot"
    if signals.form_age is None:
        return "formulaire_non_charge"
    if signals.form_age < current_app.config["MIN_FORM_SECONDS"]:
        return "trop_rapide"
    prefix = network_prefix(signals.ip)
    if prefix:
        (recent,) = run_on_driver(
            session,
            _burst_statement(),
            {"service_id": service.id, "prefix": prefix, "since": utcnow() - BURST_WINDOW},
        )
        if recent >= BURST_SIZE:
            return "rafale"
    return None


@lru_cache
def _burst_statement():
    """How many of the network's recent demands, counted up to BURST_SIZE: at most that
    many entries of ``ix_demands_service_network`` are read, however big the burst."""
    recent = (
        select(Demand.id)
        .where(
            Demand.service_id == bindparam("service_id"),
            Demand.ip_prefix == bindparam("prefix"),
            Demand.created_at > bindparam("since", type_=Demand.created_at.type),
        )
        .limit(BURST_SIZE)
        .subquery()
    )
    return select(func.count()).select_from(recent)


# ---------------------------------------------------------------------------- surges


@dataclass(frozen=True)
class Surge:
    service: Service
    kind: str  # "réseau" or "domaine"
    value: str
    count: int
    total: int


def find_surges(session: Session, now: datetime | None = None) -> list[Surge]:
    """Networks or email domains that make most of a service's last hour of demands."""
    now = now or utcnow()
    since = now - SURGE_WINDOW
    surges = []
    totals = dict(
        session.execute(
            select(Demand.service_id, func.count())
            .where(Demand.created_at > since)
            .group_by(Demand.service_id)
        ).all()
    )
    for service_id, total in totals.items():
        if total < SURGE_MIN:
            continue
        service = session.get(Service, service_id)
        for kind, column in (("réseau", Demand.ip_prefix), ("domaine", Demand.email_domain)):
            query = (
                select(column, func.count())
                .where(
                    Demand.service_id == service_id, Demand.created_at > since, column.is_not(None)
                )
                .group_by(column)
                .order_by(func.count().desc())
                .limit(3)
            )
            for value, count in session.execute(query):
                if kind == "domaine" and value in COMMON_DOMAINS:
                    continue
                if count >= SURGE_MIN and count >= SURGE_SHARE * total:
                    surges.append(Surge(service, kind, value, count, total))
    return surges


def alert_surges(session: Session, now: datetime | None = None) -> int:
    """Email each service's team about its surges, once per surge and hour."""
    from pilotes.domain.services import team_addresses

    now = now or utcnow()
    sent = 0
    for surge in find_surges(session, now):
        hour = now.strftime("%Y%m%d%H")
        for address in team_addresses(surge.service):
            sent += enqueue(
                session,
                "surge_alert",
                address,
                f"Afflux inhabituel de demandes pour {surge.service.name}",
                {"surge": surge, "service": surge.service},
                dedupe_key=f"surge:{surge.service.id}:{surge.kind}:{surge.value}:{hour}:{address}",
            )
    return sent


# ---------------------------------------------------------------------------- invalidation


# Kept network prefixes one invalidation may list: each is a query parameter, and
# PostgreSQL takes at most 65,535 in one statement.
MAX_PREFIXES = 16384


class InvalidationError(ValueError):
    pass


@dataclass(frozen=True)
class Criteria:
    ip_range: str | None = None  # a network, e.g. 192.0.2.0/24
    email_domain: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def as_record(self) -> dict:
        """The criteria as a decision keeps them (JSON)."""
        values = {
            "plage": self.ip_range,
            "domaine": self.email_domain,
            "depuis": self.since.isoformat() if self.since else None,  # with its offset
            "jusqu_a": self.until.isoformat() if self.until else None,
        }
        return {key: value for key, value in values.items() if value}


def _matching(service: Service, criteria: Criteria):
    conditions = [Demand.service_id == service.id, Demand.invalidated_at.is_(None)]
    if criteria.ip_range:
        try:
            network = ipaddress.ip_network(criteria.ip_range, strict=False)
        except ValueError:
            raise InvalidationError(
                "Plage d'adresses invalide, par exemple 192.0.2.0/24."
            ) from None
        prefix = 24 if network.version == 4 else 48
        if network.prefixlen > prefix:
            raise InvalidationError(f"Une plage plus large que /{prefix}, seule connue.")
        if 2 ** (prefix - network.prefixlen) > MAX_PREFIXES:  # counted, never enumerated
            raise InvalidationError(
                f"Plage trop large : au plus {MAX_PREFIXES:,} réseaux /{prefix}".replace(",", " ")
                + f", par exemple /{prefix - MAX_PREFIXES.bit_length() + 1} au plus."
            )
        wanted = [str(n) for n in network.subnets(new_prefix=prefix)]
        conditions.append(Demand.ip_prefix.in_(wanted))
    if criteria.email_domain:
        conditions.append(Demand.email_domain == criteria.email_domain.strip().lower())
    if criteria.since:
        conditions.append(Demand.created_at >= criteria.since)
    if criteria.until:
        conditions.append(Demand.created_at <= criteria.until)
    if len(conditions) == 2:
        raise InvalidationError("Indiquez au moins une plage, un domaine ou une période.")
    return conditions


def count_matching(session: Session, service: Service, criteria: Criteria) -> int:
    return session.scalar(
        select(func.count()).select_from(Demand).where(*_matching(service, criteria))
    )


def invalidate(
    session: Session, service: Service, criteria: Criteria, user: User | None = None
) -> int:
    """Invalidate every matching demand as one saved decision, out of every count."""
    rows = list(session.scalars(select(Demand).where(*_matching(service, criteria))))
    if rows:
        record_invalidation(session, service, user, criteria.as_record(), rows)
    return len(rows)
