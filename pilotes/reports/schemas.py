"""The data dictionary: every column of every export as a Table Schema (schema.data.gouv.fr).

Each schema is built from the columns the export itself writes (``formats.COLUMNS`` for
the public figures; ``domain.export_fields`` for personal data), so a column cannot be
added without a description: building the schema fails first, and a test validates real
files against it with frictionless.
"""

import re
from dataclasses import dataclass, field

from pilotes.reports.disclosure import PRIMARY, SECONDARY, label
from pilotes.reports.formats import COLUMNS

TABLE_SCHEMA = "https://frictionlessdata.io/schemas/table-schema.json"
LICENCE = {"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    constraints: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)  # format, decimalChar, example…

    def descriptor(self) -> dict:
        described = {"name": self.name, "type": self.type, "description": self.description}
        if self.constraints:
            described["constraints"] = self.constraints
        return {**described, **self.options}


def table_schema(name: str, title: str, description: str, fields: list[Field]) -> dict:
    return {
        "$schema": TABLE_SCHEMA,
        "name": name,
        "title": title,
        "description": description,
        "version": "1.0.0",
        "licenses": [LICENCE],
        "missingValues": [""],
        "fields": [f.descriptor() for f in fields],
    }


def _hidden_pattern(value: str) -> str:
    """A count column: the count, or the label standing for a hidden one."""
    small = re.escape(label(PRIMARY, 999_999)).replace("999999", "[0-9]+")
    return f"^({value}|{small}|{re.escape(label(SECONDARY, 0))})$"


COUNT = _hidden_pattern("[0-9]+")
HIDDEN_NOTE = (
    " Un compte masqué est remplacé par « moins de N » (N, publié avec les chiffres, est tel"
    " qu'un compte sous le seuil du service reste sous N une fois arrondi) ou « masqué » "
    "(masqué pour qu'un total ne redonne pas un petit compte)."
)
CODE = "^([0-9]{2,3}|2[AB]|[0-9]{5}|2[AB][0-9]{3})$"
PUBLIC = {
    "code": ("string", "Code officiel géographique (Insee) du territoire.", {"pattern": CODE}),
    "name": ("string", "Nom du territoire.", {}),
    "population": (
        "integer",
        "Population municipale (Insee, populations légales ; millésime et source dans la "
        "méthode du rapport et dans l'API) ; pour un département ou une région, somme de "
        "ses communes.",
        {"minimum": 0},
    ),
    "demands": (
        "string",
        "Demandes comptées : en ligne (confirmées et non confirmées) et accompagnées.",
        {"pattern": COUNT},
    ),
    "confirmed": ("string", "Demandes confirmées par courriel.", {"pattern": COUNT}),
    "unconfirmed": (
        "string",
        "Demandes non confirmées (sans adresse ou pas encore).",
        {"pattern": COUNT},
    ),
    "accompanied": (
        "string",
        "Demandes accompagnées : enregistrées par un médiateur (France Services, travail "
        "social, médiation numérique) pour une personne sans adresse électronique, avec son "
        "accord donné à l'oral ; comprises dans les demandes.",
        {"pattern": COUNT},
    ),
    "per_100k": (
        "string",
        "Demandes pour 100 000 habitants, arrondi au dixième, les moitiés vers le haut ; vide "
        "sans population ; « non publié » quand le nombre de demandes ne l'est pas. Virgule "
        "décimale dans le CSV « ; », point dans le CSV « , ».",
        {"pattern": "^([0-9]+([.,][0-9])?|non publié)$"},
    ),
    "volunteers": (
        "string",
        "Volontaires pilotes confirmés, sans ceux qui se sont retirés depuis.",
        {"pattern": COUNT},
    ),
    "partners": (
        "integer",
        "Partenaires qui couvrent ce territoire et dont l'équipe a examiné la candidature "
        "(contactés, engagés ou en pilote actif), chacun compté une fois.",
        {"minimum": 0},
    ),
    "partners_engaged": (
        "integer",
        "Partenaires engagés ou pilotes actifs qui couvrent ce territoire.",
        {"minimum": 0},
    ),
    "goal": (
        "integer",
        "Objectif de demandes confirmées fixé par l'équipe ; vide sans objectif.",
        {"minimum": 1},
    ),
    "open": ("string", "Le service est-il ouvert dans ce territoire ?", {"enum": ["oui", "non"]}),
}


def public_fields() -> list[Field]:
    """The columns of the CSV and of each level's XLSX sheet, in their order."""
    fields = []
    for key, title in COLUMNS:
        kind, description, constraints = PUBLIC[key]
        if (
            "pattern" in constraints
            and constraints["pattern"].startswith("^(")
            and "masqué" in (constraints["pattern"])
        ):
            description += HIDDEN_NOTE
        fields.append(Field(title, kind, description, constraints))
    return fields


STATUS = {"pattern": f"^({_hidden_pattern('')[2:-2]})?$"}
STATUS_NOTE = "Vide quand le compte est publié ; sinon « moins de N » ou « masqué »."
XLSX_HIDEABLE = ("demands", "confirmed", "unconfirmed", "accompanied", "volunteers")


def xlsx_fields() -> list[Field]:
    """The columns of each level's XLSX sheet: numbers as numbers, then their status."""
    fields = []
    for key, title in COLUMNS:
        kind, description, constraints = PUBLIC[key]
        if key in (*XLSX_HIDEABLE, "per_100k"):
            kind = "number" if key == "per_100k" else "integer"
            constraints = {"minimum": 0}
            description += " Vide quand le compte est masqué (voir la colonne de statut)."
        fields.append(Field(title, kind, description, constraints))
    for key, title in COLUMNS:
        if key in XLSX_HIDEABLE:
            fields.append(Field(f"{title} (statut)", "string", STATUS_NOTE, STATUS))
    return fields


WEEKS = [
    Field(
        "Semaine du",
        "date",
        "Lundi de la semaine ISO, à l'heure de Paris.",
        {"required": True},
    ),
    Field("Demandes", "integer", "Demandes faites cette semaine ; vide si masqué.", {}),
    Field(
        "Demandes confirmées",
        "integer",
        "Demandes de cette semaine confirmées par courriel ; vide si masqué.",
        {},
    ),
    Field("Demandes (statut)", "string", STATUS_NOTE, STATUS),
    Field("Demandes confirmées (statut)", "string", STATUS_NOTE, STATUS),
]


# The JSON download and the API: the same figures, hidden ones as null, with their reason.
JSON_TYPES = {
    "population": "integer",
    "demands": "integer",
    "confirmed": "integer",
    "unconfirmed": "integer",
    "accompanied": "integer",
    "per_100k": "number",
    "volunteers": "integer",
    "goal_reached": "boolean",
    "open": "boolean",
}
JSON_EXTRA = {
    "suppressed": (
        "object",
        "Les comptes masqués de ce territoire et pourquoi : small (sous le seuil) ou secondary "
        "(masqué pour qu'un total ne redonne pas un petit compte).",
        {},
    ),
    "goal_reached": ("boolean", "L'objectif est-il atteint ? null sans objectif.", {}),
    "goal_per_100k": (
        "integer",
        "Quand l'équipe a fixé l'objectif pour 100 000 habitants : ce taux (goal est alors le "
        "nombre de demandes confirmées qu'il fait pour la population, arrondi au-dessus) ; "
        "null sinon.",
        {"minimum": 1},
    ),
}


def json_fields() -> list[Field]:
    """The keys of each item of ``territories`` in the JSON download and the API."""
    fields = []
    for key, _ in COLUMNS:
        kind, description, constraints = PUBLIC[key]
        constraints = {k: v for k, v in constraints.items() if k != "pattern" or kind == "string"}
        if key in JSON_TYPES:
            kind = JSON_TYPES[key]
            constraints = {k: v for k, v in constraints.items() if k == "minimum"}
            if kind in ("integer", "number") and key != "population":
                description += " null quand le compte est masqué (voir suppressed)."
        fields.append(Field(key, kind, description, constraints))
    present = {f.name for f in fields}
    fields += [Field(k, *JSON_EXTRA[k]) for k in JSON_EXTRA if k not in present]
    return fields


DAYS = [
    Field(
        "Code",
        "string",
        "Code officiel géographique (Insee) de la région ou du département.",
        {"required": True, "pattern": CODE},
    ),
    Field("Territoire", "string", "Nom du territoire.", {"required": True}),
    Field(
        "Jour",
        "date",
        "Jour, à l'heure de Paris (chaque jour des semaines publiées, jusqu'à aujourd'hui).",
        {"required": True},
    ),
    Field(
        "Demandes",
        "string",
        "Demandes faites ce jour-là dans ce territoire (confirmées, non confirmées et "
        "accompagnées), "
        "arrondies comme les autres comptes." + HIDDEN_NOTE,
        {"required": True, "pattern": COUNT},
    ),
]


def public_schemas() -> dict[str, dict]:
    return {
        "jours": table_schema(
            "pilotes-jours",
            "Pilotes — demandes par jour et par territoire",
            "Une ligne par région ou département et par jour : "
            "/api/v1/services/{slug}/daily.csv (« ; ») ; les mêmes chiffres en JSON : "
            "/api/v1/services/{slug}/daily. Les jours sont protégés avec tous les autres "
            "chiffres : aucun compte caché d'un jour, d'une semaine ou d'un territoire ne "
            "peut s'en déduire.",
            DAYS,
        ),
        "territoires": table_schema(
            "pilotes-territoires",
            "Pilotes — demandes par territoire",
            "Une ligne par territoire d'un niveau (région, département ou commune) : CSV "
            "(« ; » ou « , »).",
            public_fields(),
        ),
        "territoires-xlsx": table_schema(
            "pilotes-territoires-xlsx",
            "Pilotes — demandes par territoire (classeur XLSX)",
            "Feuilles Régions, Départements, Communes du classeur XLSX : les nombres sont des "
            "nombres, chaque compte a sa colonne de statut.",
            xlsx_fields(),
        ),
        "semaines": table_schema(
            "pilotes-semaines",
            "Pilotes — demandes par semaine",
            "Feuille « Par semaine » du classeur XLSX : les demandes de tout le pays, semaine "
            "par semaine.",
            WEEKS,
        ),
        "territoires-json": table_schema(
            "pilotes-territoires-json",
            "Pilotes — demandes par territoire (JSON et API)",
            "Chaque élément de « territories » dans le fichier JSON et dans la réponse de "
            "/api/v1/services/{slug}/stats.",
            json_fields(),
        ),
    }
