"""data.gouv.fr's API on loopback, as its guide documents the calls `publish` makes: it keeps
datasets and their resources, and records every request (tests.http_server)."""

import email.parser
import email.policy
import uuid

from tests.http_server import HTTPServer, Reply

API_KEY = "cle-de-test"


def _uploaded_file(request) -> tuple[str, bytes]:
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(head + request.body)
    part = next(message.iter_parts())
    return part.get_filename(), part.get_payload(decode=True)


class DataGouv:
    def __init__(self):
        self.datasets = {"jeu-pilotes": {"id": "5f1e", "title": "Pilotes", "resources": []}}
        self.files: dict[str, bytes] = {}  # resource id → last file received
        self.fail = None  # request -> Reply | None: a failure to answer instead
        self.server = HTTPServer(self.handle)

    def resources(self, dataset="jeu-pilotes"):
        return self.datasets[dataset]["resources"]

    def handle(self, request) -> Reply:
        failure = self.fail(request) if self.fail else None
        if failure:
            return failure
        parts = request.path.strip("/").split("/")  # api 1 datasets <id> ...
        if parts[:3] != ["api", "1", "datasets"] or parts[3] not in self.datasets:
            return Reply(404, {"message": "Not found"})
        dataset = self.datasets[parts[3]]
        if request.method == "GET" and len(parts) == 4:
            return Reply(200, dataset)
        if request.headers.get("X-API-KEY") != API_KEY:
            return Reply(401, {"message": "Invalid API Key"})
        if request.method == "POST" and parts[4:] == ["upload"]:
            filename, body = _uploaded_file(request)
            resource = {"id": str(uuid.uuid4()), "title": filename, "format": "csv"}
            dataset["resources"].append(resource)
            self.files[resource["id"]] = body
            return Reply(201, resource)
        found = next((r for r in dataset["resources"] if r["id"] == parts[5]), None)
        if found is None:
            return Reply(404, {"message": "Resource not found"})
        if request.method == "POST" and parts[6:] == ["upload"]:
            self.files[found["id"]] = _uploaded_file(request)[1]
            return Reply(200, found)
        if request.method == "PUT":
            found.update(request.json())
            return Reply(200, found)
        return Reply(405, {"message": "Method not allowed"})
