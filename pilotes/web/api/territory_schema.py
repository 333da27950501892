"""The OpenAPI pieces that describe one territory's published counts (API v1)."""

COUNT = {
    "type": ["integer", "null"],
    "minimum": 0,
    "description": "null quand le compte est caché (voir `suppressed`) ; sinon un multiple "
    "de `rounding_base`, à rounding_base - 1 au plus du vrai compte.",
}


def described(count: dict, text: str) -> dict:
    """A count of the API with what it counts, then how it is published."""
    return {**count, "description": f"{text} {count['description']}"}


ACCOMPANIED = described(
    COUNT,
    "Demandes enregistrées par un médiateur (France Services, travailleur social, médiateur "
    "numérique) pour une personne sans adresse électronique (« demandes accompagnées ») ; "
    "comprises dans `demands`, qui vaut confirmed + unconfirmed (en ligne) + accompanied.",
)
SUPPRESSED = {
    "type": "string",
    "enum": ["small", "secondary"],
    "description": "small : sous `hidden_below` (« moins de N ») ; secondary : assez "
    "grand, caché pour qu'aucune somme publiée ne redonne un petit compte (« masqué »).",
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
        "code": {"type": "string", "description": "Code officiel géographique (Insee)."},
        "name": {"type": "string", "description": "Nom officiel du territoire."},
        "population": {
            "type": "integer",
            "minimum": 0,
            "description": "Population municipale (Insee) du territoire.",
        },
        "demands": described(COUNT, "Demandes : confirmed + unconfirmed + accompanied."),
        "confirmed": described(COUNT, "Demandes confirmées par courriel."),
        "unconfirmed": described(COUNT, "Demandes en ligne dont l'adresse n'est pas confirmée."),
        "volunteers": described(COUNT, "Volontaires pilotes qui ont confirmé leur adresse."),
        "accompanied": ACCOMPANIED,
        "per_100k": {
            "type": ["number", "null"],
            "minimum": 0,
            "description": "Demandes pour 100 000 habitants (population municipale), "
            "arrondi au dixième, les demi-dixièmes vers le haut.",
        },
        "suppressed": {
            "type": "object",
            "additionalProperties": SUPPRESSED,
            "propertyNames": {
                "enum": ["demands", "confirmed", "unconfirmed", "volunteers", "accompanied"]
            },
            "description": "Pour chaque compte caché (par son nom), pourquoi il l'est.",
        },
        "partners": {
            "type": "integer",
            "minimum": 0,
            "description": "Organisations partenaires confirmées, hors déclinées.",
        },
        "partners_engaged": {
            "type": "integer",
            "minimum": 0,
            "description": "Partenaires engagés ou pilotes actifs.",
        },
        "goal": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "Objectif de demandes confirmées fixé par l'équipe ; null sans "
            "objectif.",
        },
        "goal_per_100k": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "Quand l'équipe a fixé l'objectif pour 100 000 habitants : ce "
            "taux (goal est alors le compte qu'il représente pour la population, arrondi à "
            "l'entier supérieur) ; sinon null.",
        },
        "goal_reached": {
            "type": ["boolean", "null"],
            "description": "null sans objectif, ou quand le compte publié (arrondi) ne "
            "permet pas de le dire.",
        },
        "open": {
            "type": "boolean",
            "description": "true quand le service est disponible dans ce territoire.",
        },
    },
}
