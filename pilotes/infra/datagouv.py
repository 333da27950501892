"""Client of the data.gouv.fr API (``/api/1``), plain HTTP with the key in ``X-API-KEY``.

Used calls, as data.gouv.fr's guide documents them: ``GET /datasets/{id}/`` (the dataset
and its ``resources``), ``POST /datasets/{id}/upload/`` (a new resource from a file),
``POST /datasets/{id}/resources/{rid}/upload/`` (a new file for an existing resource) and
``PUT /datasets/{id}/resources/{rid}/`` (its title and description). Any failure (refused,
timeout, an error status, a body of another shape) is ``DataGouvError``.
"""

import requests


class DataGouvError(Exception):
    """data.gouv.fr did not do what was asked; the message says what, in French."""


class DataGouvClient:
    def __init__(self, base_url: str, api_key: str | None, timeout: float = 30.0):
        self.api = base_url.rstrip("/") + "/api/1"
        self.http = requests.Session()
        self.http.headers["User-Agent"] = "Pilotes (beta.gouv.fr)"
        if api_key:
            self.http.headers["X-API-KEY"] = api_key
        self.timeout = timeout

    def _call(self, method: str, path: str, **kwargs) -> dict:
        url = f"{self.api}{path}"
        try:
            response = self.http.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise DataGouvError(
                f"{method} {url} : pas de réponse ({type(error).__name__})"
            ) from error
        if not response.ok:
            raise DataGouvError(f"{method} {url} : HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise DataGouvError(f"{method} {url} : réponse qui n'est pas du JSON") from None
        if not isinstance(body, dict):
            raise DataGouvError(f"{method} {url} : réponse inattendue")
        return body

    def resources(self, dataset: str) -> dict[str, str]:
        """Title → id of the dataset's resources."""
        body = self._call("GET", f"/datasets/{dataset}/")
        try:
            return {item["title"]: item["id"] for item in body["resources"]}
        except (KeyError, TypeError) as error:
            raise DataGouvError(f"jeu de données {dataset} : réponse inattendue") from error

    def upload(self, dataset: str, resource: str | None, filename: str, body: bytes, mime: str):
        """Send a file: a new resource, or a new version of ``resource``. Its id."""
        path = f"/datasets/{dataset}/" + (f"resources/{resource}/" if resource else "")
        answer = self._call("POST", f"{path}upload/", files={"file": (filename, body, mime)})
        if "id" not in answer:
            raise DataGouvError(f"envoi de {filename} : réponse sans identifiant")
        return answer["id"]

    def describe(self, dataset: str, resource: str, metadata: dict) -> None:
        self._call("PUT", f"/datasets/{dataset}/resources/{resource}/", json=metadata)
