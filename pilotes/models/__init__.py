"""Models, one module per aggregate. Importing this package registers every table."""

from pilotes.models.base import Base, TimestampMixin, utcnow
from pilotes.models.counts import COUNTER_SLOTS, TerritoryCount, WeeklyCount
from pilotes.models.demand import PROFILES, Demand
from pilotes.models.outbox import OutboxMessage
from pilotes.models.service import PHASES, STATUSES, Service, ServiceTerritory
from pilotes.models.territory import LEVEL_LABELS, LEVELS, Commune, Departement, PostalCode, Region

__all__ = [
    "COUNTER_SLOTS",
    "LEVELS",
    "LEVEL_LABELS",
    "PHASES",
    "PROFILES",
    "STATUSES",
    "Base",
    "Commune",
    "Demand",
    "Departement",
    "OutboxMessage",
    "PostalCode",
    "Region",
    "Service",
    "ServiceTerritory",
    "TerritoryCount",
    "TimestampMixin",
    "WeeklyCount",
    "utcnow",
]
