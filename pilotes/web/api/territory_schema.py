"""The OpenAPI pieces that describe one territory's published counts (API v1)."""

COUNT = {
    "type": ["integer", "null"],
    "minimum": 0,
    "description": "null when the count is hidden (see `suppressed`); otherwise a multiple "
    "of `rounding_base`, within rounding_base - 1 of the true count.",
}
ACCOMPANIED = {
    **COUNT,
    "description": "Demands recorded by a mediator (France Services, social worker, digital "
    "mediator) for someone without email (« demandes accompagnées »); included in `demands`, "
    "which is confirmed + unconfirmed (online) + accompanied. " + COUNT["description"],
}
SUPPRESSED = {
    "type": "string",
    "enum": ["small", "secondary"],
    "description": "small: below `hidden_below` (« moins de N »); secondary: large "
    "enough, hidden so that no published sum gives a small count back (« masqué »).",
}

TERRITORY = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "code",
        "name",
        "population",
        "demands",
        "confirmed",
        "unconfirmed",
        "volunteers",
        "per_100k",
        "suppressed",
        "partners",
        "partners_engaged",
        "goal",
        "goal_per_100k",
        "goal_reached",
        "open",
        "accompanied",
    ],
    "properties": {
        "code": {"type": "string", "description": "Official COG code."},
        "name": {"type": "string"},
        "population": {"type": "integer", "minimum": 0},
        "demands": COUNT,
        "confirmed": COUNT,
        "unconfirmed": COUNT,
        "volunteers": COUNT,
        "accompanied": ACCOMPANIED,
        "per_100k": {
            "type": ["number", "null"],
            "minimum": 0,
            "description": "Demands per 100,000 inhabitants (population municipale), "
            "rounded half up to one decimal.",
        },
        "suppressed": {
            "type": "object",
            "additionalProperties": SUPPRESSED,
            "propertyNames": {
                "enum": ["demands", "confirmed", "unconfirmed", "volunteers", "accompanied"]
            },
        },
        "partners": {
            "type": "integer",
            "minimum": 0,
            "description": "Confirmed partner organisations, not declined.",
        },
        "partners_engaged": {"type": "integer", "minimum": 0},
        "goal": {"type": ["integer", "null"], "minimum": 1},
        "goal_per_100k": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "When the team set the goal per 100,000 inhabitants: that rate "
            "(goal is then the count it makes for the population, rounded up); else null.",
        },
        "goal_reached": {
            "type": ["boolean", "null"],
            "description": "null without a goal, or when the published (rounded) count "
            "cannot tell.",
        },
        "open": {"type": "boolean"},
    },
}
