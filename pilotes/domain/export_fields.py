"""The columns of the personal-data CSVs, described: the exports write these names, in this
order, and the data dictionary publishes them as Table Schemas."""

from pilotes.domain.flags import REASONS
from pilotes.models import (
    ORGANISATION_TYPES,
    PANEL_GROUPS,
    PARTNER_STATUSES,
    PROFILES,
    VOLUNTEER_STATUSES,
)
from pilotes.reports.schemas import CODE, Field, table_schema

MINUTE = {"format": "%Y-%m-%d %H:%M%z"}
PARIS_NOTE = (
    " Date et heure de Paris, à la minute, suivies de leur décalage avec UTC (+01:00 en hiver, "
    "+02:00 en été) ; vide si ce n'est pas arrivé."
)


def _id(what: str) -> Field:
    return Field("id", "integer", f"Numéro de {what} dans Pilotes.", {"required": True})


def _moment(name: str, what: str) -> Field:
    return Field(name, "datetime", what + PARIS_NOTE, options=MINUTE)


EMAIL = Field(
    "adresse électronique",
    "string",
    "Adresse donnée par la personne ; vide si elle n'en a pas donné ou si elle a été effacée.",
    options={"format": "email"},
)
POSTAL_CODE = Field("code postal", "string", "Code postal donné.", {"pattern": "^[0-9]{5}$"})
COMMUNE = Field("commune", "string", "Code Insee (COG) de la commune.", {"pattern": CODE})
DEPARTEMENT = Field("département", "string", "Code Insee (COG) du département.", {"pattern": CODE})

FIELDS = {
    "demandes": [
        _id("la demande"),
        EMAIL,
        POSTAL_CODE,
        COMMUNE,
        DEPARTEMENT,
        Field("profil", "string", "Profil choisi.", {"enum": list(PROFILES.values())}),
        Field(
            "commentaire",
            "string",
            "Texte libre de la personne (une apostrophe est ajoutée devant ce qu'un tableur "
            "prendrait pour une formule).",
        ),
        _moment("confirmée le", "Confirmation de l'adresse par le lien reçu."),
        _moment("faite le", "Envoi de la demande."),
        Field(
            "signalée",
            "string",
            "Motif pour lequel la demande a été mise de côté comme automatique : "
            + " ; ".join(f"{code} : {text}" for code, text in REASONS.items())
            + ". Une demande rétablie garde son motif ; vide si elle n'a pas été mise de côté.",
            {"enum": list(REASONS)},
        ),
        _moment("invalidée le", "Invalidation par l'équipe (la demande ne compte plus)."),
        Field(
            "accompagnée par",
            "string",
            "Organisation du médiateur qui a enregistré la demande pour une personne sans "
            "internet, avec son accord donné à l'oral ; « (médiateur oublié après la durée de "
            "conservation) » ensuite ; vide pour une demande faite en ligne.",
        ),
    ],
    "volontaires": [
        _id("la personne volontaire"),
        EMAIL,
        POSTAL_CODE,
        COMMUNE,
        DEPARTEMENT,
        Field("participation", "string", "Façons de participer choisies, séparées par « , »."),
        Field("disponibilités", "string", "Disponibilités données par la personne."),
        Field(
            "statut", "string", "Suivi par l'équipe.", {"enum": list(VOLUNTEER_STATUSES.values())}
        ),
        _moment("confirmé le", "Confirmation de l'adresse."),
        _moment("inscrit le", "Inscription."),
        _moment("retiré le", "Retrait de la personne."),
    ],
    "partenaires": [
        _id("l'organisation"),
        Field("organisation", "string", "Nom de l'organisation.", {"required": True}),
        Field(
            "type", "string", "Type d'organisation.", {"enum": list(ORGANISATION_TYPES.values())}
        ),
        Field("SIRET", "string", "SIRET de l'organisation, si donné.", {"pattern": "^[0-9]{14}$"}),
        Field(
            "territoires",
            "string",
            "Codes Insee des territoires couverts, séparés par une espace.",
            {"pattern": "^[0-9AB]{2,5}( [0-9AB]{2,5})*$"},
        ),
        Field("contact", "string", "Nom de la personne à contacter ; vide une fois effacé."),
        Field("fonction", "string", "Sa fonction."),
        EMAIL,
        Field("téléphone", "string", "Téléphone, si donné."),
        Field("offre", "string", "Ce que l'organisation propose."),
        Field(
            "capacité", "integer", "Nombre de personnes qu'elle peut accompagner.", {"minimum": 0}
        ),
        Field("statut", "string", "Suivi par l'équipe.", {"enum": list(PARTNER_STATUSES.values())}),
        _moment("confirmé le", "Confirmation de l'adresse."),
        _moment("inscrit le", "Candidature."),
    ],
    "campagne": [
        _id("la personne volontaire"),
        EMAIL,
        POSTAL_CODE,
        DEPARTEMENT,
        Field(
            "groupes",
            "string",
            "Groupes du panel de la personne, d'après ses réponses facultatives (données de "
            "santé, données avec son consentement explicite), séparés par « , » : "
            + " ; ".join(PANEL_GROUPS.values())
            + ".",
        ),
        Field(
            "quotas manquants comblés",
            "string",
            "Quotas de la campagne encore incomplets auxquels la personne correspond, séparés "
            "par « , » (avec le département pour un quota départemental).",
        ),
        Field(
            "statut", "string", "Suivi par l'équipe.", {"enum": list(VOLUNTEER_STATUSES.values())}
        ),
        Field(
            "contacts possibles",
            "integer",
            "Messages que l'équipe peut encore lui envoyer sur 30 jours glissants.",
            {"minimum": 0},
        ),
    ],
}

TITLES = {
    "demandes": "des demandes",
    "campagne": "des volontaires à contacter d'une campagne de tests",
    "volontaires": "des volontaires pilotes",
    "partenaires": "des partenaires",
}


def header(kind: str) -> list[str]:
    return [f.name for f in FIELDS[kind]]


def personal_schemas() -> dict[str, dict]:
    """Table Schemas of the personal-data CSVs (« ; », UTF-8 with BOM)."""
    return {
        kind: table_schema(
            f"pilotes-{kind}",
            f"Pilotes — export {TITLES[kind]} (données personnelles)",
            f"Export CSV {TITLES[kind]} d'un service, réservé à son équipe ; chaque export "
            "est inscrit au journal. Séparateur « ; », UTF-8 avec BOM.",
            fields,
        )
        for kind, fields in FIELDS.items()
    }
