"""Answers shaped as the « Recherche d'entreprises » API documents them (GET /search)."""


def establishment(siret, commune, address, state="A", head_office=True):
    """An item of ``matching_etablissements``, with the fields the API returns there."""
    return {
        "activite_principale": "84.11Z",
        "adresse": address,
        "commune": commune,
        "date_creation": "1982-03-02",
        "est_siege": head_office,
        "etat_administratif": state,
        "geo_id": None,
        "latitude": "48.1118",
        "longitude": "-1.6773",
        "liste_enseignes": None,
        "liste_finess": None,
        "liste_id_bio": None,
        "liste_idcc": None,
        "liste_id_organisme_formation": None,
        "liste_rge": None,
        "liste_uai": None,
        "nom_commercial": None,
        "siret": siret,
    }


def search_answer(siret, name, commune, address, state="A"):
    """The body of ``GET /search?q=<SIRET>`` when the register knows the establishment."""
    found = establishment(siret, commune, address, state)
    return {
        "results": [
            {
                "siren": siret[:9],
                "nom_complet": name,
                "nom_raison_sociale": name,
                "sigle": None,
                "nombre_etablissements": 12,
                "nombre_etablissements_ouverts": 9,
                "siege": {**found, "code_postal": "35000", "libelle_commune": "RENNES"},
                "activite_principale": "84.11Z",
                "categorie_entreprise": "GE",
                "annee_categorie_entreprise": "2022",
                "date_creation": "1982-03-02",
                "date_fermeture": None,
                "date_mise_a_jour": "2026-11-20T09:12:44",
                "dirigeants": [],
                "etat_administratif": "A",
                "nature_juridique": "7220",
                "section_activite_principale": "O",
                "tranche_effectif_salarie": "53",
                "annee_tranche_effectif_salarie": "2022",
                "statut_diffusion": "O",
                "matching_etablissements": [found],
                "finances": None,
                "complements": {"collectivite_territoriale": None, "est_service_public": True},
            }
        ],
        "total_results": 1,
        "page": 1,
        "per_page": 1,
        "total_pages": 1,
    }


NOTHING_FOUND = {"results": [], "total_results": 0, "page": 1, "per_page": 1, "total_pages": 0}
