"""Models, one module per aggregate. Importing this package registers every table."""

from pilotes.models.account import ROLE_RANK, ROLES, AuditEntry, Membership, SignInLink, User
from pilotes.models.base import Base, TimestampMixin, utcnow
from pilotes.models.counts import (
    COUNTER_SLOTS,
    DEMAND_CONFIRMED,
    DEMAND_FLAGGED,
    DEMAND_UNCONFIRMED,
    VOLUNTEERS,
    TerritoryCount,
    WeeklyCount,
)
from pilotes.models.demand import PROFILES, Demand, Invalidation
from pilotes.models.form_token import SpentFormToken
from pilotes.models.outbox import OutboxMessage
from pilotes.models.panel import (
    ACCESS_NEEDS,
    DIGITAL_AUTONOMY,
    HELPED_ONLINE,
    PANEL_GROUPS,
    InclusionAnswers,
    PilotRound,
    RoundQuota,
)
from pilotes.models.partner import (
    ORGANISATION_TYPES,
    PARTNER_STATUSES,
    SIRET_CHECK_STATUSES,
    Partner,
    PartnerEvent,
    PartnerTerritory,
    SiretCheck,
)
from pilotes.models.report import ReportSnapshot
from pilotes.models.service import (
    AFTER_OPENING,
    DEFAULT_THRESHOLD,
    PHASES,
    STATUSES,
    THRESHOLD_BOUNDS,
    Service,
    ServiceTerritory,
)
from pilotes.models.territory import LEVEL_LABELS, LEVELS, Commune, Departement, PostalCode, Region
from pilotes.models.volunteer import VOLUNTEER_STATUSES, WAYS, Volunteer, VolunteerEvent

__all__ = [
    "ACCESS_NEEDS",
    "AFTER_OPENING",
    "COUNTER_SLOTS",
    "DEFAULT_THRESHOLD",
    "DEMAND_CONFIRMED",
    "DEMAND_FLAGGED",
    "DEMAND_UNCONFIRMED",
    "DIGITAL_AUTONOMY",
    "HELPED_ONLINE",
    "LEVELS",
    "LEVEL_LABELS",
    "ORGANISATION_TYPES",
    "PANEL_GROUPS",
    "PARTNER_STATUSES",
    "PHASES",
    "PROFILES",
    "ROLES",
    "ROLE_RANK",
    "SIRET_CHECK_STATUSES",
    "STATUSES",
    "THRESHOLD_BOUNDS",
    "VOLUNTEERS",
    "VOLUNTEER_STATUSES",
    "WAYS",
    "AuditEntry",
    "Base",
    "Commune",
    "Demand",
    "Departement",
    "InclusionAnswers",
    "Invalidation",
    "Membership",
    "OutboxMessage",
    "Partner",
    "PartnerEvent",
    "PartnerTerritory",
    "PilotRound",
    "PostalCode",
    "Region",
    "ReportSnapshot",
    "RoundQuota",
    "Service",
    "ServiceTerritory",
    "SignInLink",
    "SiretCheck",
    "SpentFormToken",
    "TerritoryCount",
    "TimestampMixin",
    "User",
    "Volunteer",
    "VolunteerEvent",
    "WeeklyCount",
    "utcnow",
]
