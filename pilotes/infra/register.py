"""Client of the « Recherche d'entreprises » API (recherche-entreprises.api.gouv.fr, no key).

``GET /search?q=<SIRET>`` answers ``{"results": [...], "total_results", "page", ...}``; each
result is a legal unit (``siren``, ``nom_complet``, ``siege``) whose ``matching_etablissements``
hold the establishments that matched, each with its ``siret``, ``adresse``, ``commune`` (the
INSEE code) and ``etat_administratif`` (``A`` active, ``F`` closed). Anything else (a timeout,
a refused connection, a 429 or 5xx, a body of another shape) is ``RegisterUnavailable``: the
caller tries again later.
"""

from dataclasses import dataclass

import requests


class RegisterUnavailable(Exception):
    """The register did not give a usable answer this time."""


@dataclass(frozen=True)
class Establishment:
    siret: str
    name: str
    address: str | None
    commune_code: str | None
    active: bool


def _establishment(result: dict, siret: str) -> Establishment | None:
    candidates = [*(result.get("matching_etablissements") or []), result.get("siege") or {}]
    for found in candidates:
        if found.get("siret") == siret:
            return Establishment(
                siret=siret,
                name=result["nom_complet"],
                address=found.get("adresse"),
                commune_code=found.get("commune"),
                active=found["etat_administratif"] == "A",
            )
    return None


class RegisterClient:
    def __init__(self, base_url: str, timeout: float = 5.0, session=None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = session or requests.Session()
        self.http.headers["User-Agent"] = "Pilotes (beta.gouv.fr)"

    def lookup(self, siret: str) -> Establishment | None:
        """The establishment with this SIRET, or None when the register does not know it."""
        try:
            response = self.http.get(
                f"{self.base_url}/search",
                params={"q": siret, "page": 1, "per_page": 1},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise RegisterUnavailable(f"{type(error).__name__}: {error}") from error
        if response.status_code != 200:
            raise RegisterUnavailable(f"HTTP {response.status_code}")
        try:
            results = response.json()["results"]
            found = [_establishment(result, siret) for result in results]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise RegisterUnavailable(f"unexpected answer: {error!r}") from error
        return next((item for item in found if item), None)
