"""`pilotes publish SLUG` sends the published figures to data.gouv.fr (a server on loopback)."""

import json

import pytest

from bench.loadclient import free_port
from pilotes.infra.extensions import db
from pilotes.reports.downloads import report
from tests.datagouv_server import API_KEY, DataGouv
from tests.factories import make_demand, make_service
from tests.http_server import Reply

TITLES = [
    "mon-service-region.csv",
    "mon-service-departement.csv",
    "mon-service-commune.csv",
    "mon-service-schema-territoires.json",
]


@pytest.fixture
def datagouv(app):
    api = DataGouv()
    app.config.update(
        DATAGOUV_API_URL=api.server.url, DATAGOUV_API_KEY=API_KEY, DATAGOUV_TIMEOUT=0.5
    )
    with api.server:
        yield api


@pytest.fixture
def service(app):
    service = make_service()
    for _ in range(7):
        make_demand(service, "35000")
    make_demand(service, "29200")  # one demand in Finistère: below the threshold of 5
    db.session.commit()
    return service


def published(service, level) -> bytes:
    return "".join(report(db.session, service, "csv-virgule", level).body).encode()


def publish(runner, *args):
    return runner.invoke(args=["pilotes", "publish", "mon-service", *args])


def publish_once(runner, datagouv) -> dict[str, str]:
    """A first publication, to a new dataset: the id of each file sent, by its title."""
    result = publish(runner, "--dataset", "jeu-pilotes")
    assert result.exit_code == 0, result.output
    return {r["title"]: r["id"] for r in datagouv.resources()}


def test_publish_creates_the_files_of_the_published_figures(runner, datagouv, service):
    ids = publish_once(runner, datagouv)
    assert sorted(ids) == sorted(TITLES)
    sent = datagouv.files[ids["mon-service-departement.csv"]]
    assert sent == published(service, "departement")  # the figures every page shows
    finistere = next(line for line in sent.decode().splitlines() if line.startswith("29,"))
    assert finistere.split(",")[3].startswith("moins de")  # one demand there: hidden
    schema = json.loads(datagouv.files[ids["mon-service-schema-territoires.json"]])
    header = sent.decode().splitlines()[0].split(",")
    assert [field["name"] for field in schema["fields"]] == header  # it describes the CSV


def test_publishing_again_replaces_the_files_in_place_without_duplicating(
    runner, datagouv, service
):
    ids = publish_once(runner, datagouv)
    first = {title: datagouv.files[ids[title]] for title in TITLES}
    for _ in range(30):
        make_demand(service, "29200")
    second = publish(runner)  # the dataset was remembered
    assert second.exit_code == 0, second.output
    assert {r["title"]: r["id"] for r in datagouv.resources()} == ids  # the same four
    assert datagouv.files[ids["mon-service-region.csv"]] != first["mon-service-region.csv"]
    sent = datagouv.files[ids["mon-service-departement.csv"]]
    assert sent == published(service, "departement")  # the figures of now, in place
    writes = [r for r in datagouv.server.requests if r.method != "GET"]
    assert all(r.headers["X-API-KEY"] == API_KEY for r in writes)
    replaced = [r.path for r in writes[8:] if r.method == "POST"]
    assert replaced == [f"/api/1/datasets/jeu-pilotes/resources/{ids[t]}/upload/" for t in TITLES]


def test_dry_run_prints_what_it_would_send_and_sends_nothing(runner, datagouv, service, app):
    app.config.update(DATAGOUV_API_KEY=None)
    result = publish(runner, "--dataset", "jeu-pilotes", "--dry-run")
    assert result.exit_code == 0, result.output
    assert [line.split()[:2] for line in result.output.splitlines()[:4]] == [
        ["créer", title] for title in TITLES
    ]
    assert "rien n'a été envoyé" in result.output
    assert {r.method for r in datagouv.server.requests} == {"GET"}
    assert datagouv.resources() == []
    assert service.datagouv_dataset_id is None


def test_a_failure_midway_is_said_and_the_next_run_completes_without_copies(
    runner, datagouv, service
):
    uploads = []

    def second_upload_fails(request):
        if request.path.endswith("/upload/"):
            uploads.append(request.path)
            if len(uploads) == 2:
                return Reply(500, {"message": "Internal Server Error"})
        return None

    datagouv.fail = second_upload_fails
    failed = publish(runner, "--dataset", "jeu-pilotes")
    assert failed.exit_code == 1
    assert "HTTP 500" in failed.output and "Déjà envoyé : mon-service-region.csv" in failed.output
    datagouv.fail = None
    again = publish(runner, "--dataset", "jeu-pilotes")
    assert again.exit_code == 0, again.output
    assert sorted(r["title"] for r in datagouv.resources()) == sorted(TITLES)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(200, {"id": "5f1e"}, delay=1.5), "pas de réponse (ReadTimeout)"),
        (Reply(200, "<html>maintenance</html>"), "n'est pas du JSON"),
        (Reply(200, {"id": "5f1e", "resources": "none"}), "réponse inattendue"),
        (Reply(503, "Service Unavailable"), "HTTP 503"),
    ],
    ids=["slow", "html", "wrong-shape", "unavailable"],
)
def test_an_unusable_answer_stops_before_anything_is_sent(
    runner, datagouv, service, reply, message
):
    datagouv.fail = lambda request: reply
    result = publish(runner, "--dataset", "jeu-pilotes")
    assert result.exit_code == 1
    assert message in result.output and "Déjà envoyé : rien" in result.output
    assert [r.method for r in datagouv.server.requests] == ["GET"]


def test_a_data_gouv_that_is_down_is_said_plainly(runner, app, service):
    app.config.update(DATAGOUV_API_URL=f"http://127.0.0.1:{free_port()}", DATAGOUV_API_KEY="k")
    result = publish(runner, "--dataset", "jeu-pilotes")
    assert result.exit_code == 1 and "pas de réponse (ConnectionError)" in result.output


def test_without_a_key_nothing_is_published(runner, app, service):
    result = publish(runner, "--dataset", "jeu-pilotes")
    assert result.exit_code == 1 and "DATAGOUV_API_KEY" in result.output


def test_the_first_run_needs_the_dataset(runner, datagouv, service):
    result = publish(runner)
    assert result.exit_code == 1 and "--dataset" in result.output
