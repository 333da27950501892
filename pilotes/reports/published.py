"""The published figures of a service at one level: one typed object for every format.

The statistics page, the API, the CSV, XLSX, JSON and PDF files, the beta and territory
pages and the frozen snapshots all render a ``Published``; its JSON form is API v1, which
only grows (fields are added, never renamed or removed).
"""

from dataclasses import asdict, dataclass, field, fields

METRICS = ("demands", "confirmed", "unconfirmed", "volunteers", "accompanied")


@dataclass(frozen=True)
class ServiceInfo:
    slug: str
    name: str
    level: str
    phase: str


@dataclass(frozen=True)
class TerritoryFigures:
    """One territory: a count is None when hidden, and ``suppressed`` says why."""

    code: str
    name: str
    population: int
    demands: int | None
    confirmed: int | None
    unconfirmed: int | None
    volunteers: int | None
    per_100k: float | None
    suppressed: dict[str, str]
    partners: int
    partners_engaged: int
    goal: int | None
    goal_reached: bool | None  # None: no goal, or the published count cannot tell
    open: bool
    goal_per_100k: int | None = None  # when the team set the goal per 100,000 inhabitants
    # Recorded by a mediator for someone without email (« demandes accompagnées »), and in
    # ``demands``. Added in v1 later: older snapshots lack it.
    accompanied: int | None = None

    def status(self, key: str) -> str | None:
        """Why a column is hidden (None: shown); per 100,000 follows the demands."""
        return self.suppressed.get("demands" if key == "per_100k" else key)


@dataclass(frozen=True)
class WeekFigures:
    week: str  # Monday of the ISO week, YYYY-MM-DD
    demands: int | None
    confirmed: int | None
    suppressed: str | None  # why demands or confirmed is hidden

    def status(self, key: str) -> str | None:
        if key == "demands" and self.demands is not None:
            return None
        if key == "confirmed" and self.confirmed is not None:
            return None
        return self.suppressed


@dataclass(frozen=True)
class DayFigures:
    """Demands of one territory on one day (Europe/Paris): the open data's daily series."""

    code: str
    day: str  # YYYY-MM-DD
    demands: int | None
    suppressed: str | None  # why it is hidden

    def status(self, key: str) -> str | None:
        return self.suppressed if key == "demands" else None


@dataclass(frozen=True)
class Totals:
    demands: int | None
    confirmed: int | None
    unconfirmed: int | None
    volunteers: int | None
    territories_with_demand: int  # whose published demand count is not hidden
    open_territories: int
    partners: dict[str, int]  # status -> confirmed partners
    suppressed: dict[str, str] = field(default_factory=dict)
    accompanied: int | None = None

    def status(self, key: str) -> str | None:
        return self.suppressed.get(key)


@dataclass(frozen=True)
class Published:
    service: ServiceInfo
    level: str
    generated_at: str
    suppression_threshold: int  # the owner's threshold: no count below it is ever shown
    hidden_below: int  # every hidden count is below it: « moins de N »
    rounding_base: int  # published counts are multiples of it
    methodology_url: str
    population_source: dict  # which population, which year, from which package
    rates_rounding: str
    totals: Totals
    territories: list[TerritoryFigures]
    weekly: list[WeekFigures]
    demand_without_partner: list[str]
    partner_without_demand: list[str]
    # Every day of the published weeks up to today (Paris), for each région or département
    # (none for communes):
    # served on its own (the daily API and CSV), so it is not in ``as_json``.
    daily: list[DayFigures] = field(default_factory=list)

    def as_json(self) -> dict:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name != "daily"}

    def daily_json(self) -> list[dict]:
        return [asdict(day) for day in self.daily]

    @classmethod
    def from_json(cls, data: dict) -> "Published":
        """A frozen snapshot back as figures (older snapshots lack the newer fields)."""
        defaults = {
            "hidden_below": data.get("suppression_threshold", 0),
            "rounding_base": 1,
            "population_source": {},
        }
        values = {
            f.name: data.get(f.name, defaults.get(f.name, ""))
            for f in fields(cls)
            if f.name != "daily"
        }
        values["service"] = ServiceInfo(**data["service"])
        values["totals"] = Totals(**_known(Totals, data["totals"]))
        values["territories"] = [
            TerritoryFigures(**_known(TerritoryFigures, t)) for t in data["territories"]
        ]
        values["weekly"] = [WeekFigures(**_known(WeekFigures, w)) for w in data["weekly"]]
        values["daily"] = [DayFigures(**d) for d in data.get("daily", [])]  # editions have it
        return cls(**values)


def _plain(value):
    """A field as JSON data (dataclasses become dicts, recursively)."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return asdict(value) if hasattr(value, "__dataclass_fields__") else value


def _known(kind, data: dict) -> dict:
    names = {f.name for f in fields(kind)}
    return {k: v for k, v in data.items() if k in names}
