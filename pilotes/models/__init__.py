"""Models, one module per aggregate. Importing this package registers every table."""

from pilotes.models.base import Base, TimestampMixin, utcnow
from pilotes.models.counts import COUNTER_SLOTS, TerritoryCount, WeeklyCount
from pilotes.models.demand import PROFILES, Demand
from pilotes.models.outbox import OutboxMessage
from pilotes.models.volunteer import VOLUNTEER_STATUSES, WAYS, Volunteer, VolunteerEvent
from pilotes.models.partner import (
    ORGANISATION_TYPES,
    PARTNER_STATUSES,
    Partner,
    PartnerEvent,
    PartnerTerritory,
)
from pilotes.models.service import AFTER_OPENING, PHASES, STATUSES, Service, ServiceTerritory
from pilotes.models.territory import LEVEL_LABELS, LEVELS, Commune, Departement, PostalCode, Region

__all__ = [
    "AFTER_OPENING",
    "ORGANISATION_TYPES",
    "PARTNER_STATUSES",
    "VOLUNTEER_STATUSES",
    "WAYS",
    "Partner",
    "PartnerEvent",
    "PartnerTerritory",
    "Volunteer",
    "VolunteerEvent",
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
