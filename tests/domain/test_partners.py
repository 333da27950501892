"""Partner organisations volunteer to pilot the service in their territories."""

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Partner
from tests.email_links import link, only_message_to, send_outbox
from tests.factories import make_service
from tests.pages import check_page, confirm_by_link, field_error, get_page, submit

URL = "/services/mon-service/partenaire"
ANSWERS = {
    "organisation_name": "MDPH d'Ille-et-Vilaine",
    "organisation_type": "mdph",
    "siret": "130 025 265 00013",
    "territories": ["35", "22"],
    "contact_name": "Camille Martin",
    "contact_role": "Directrice",
    "email": "camille.martin@mdph35.fr",
    "phone": "02 99 02 20 20",
    "offer": "Un accueil et deux agents formés.",
    "capacity": "40",
    "consent": "y",
}


def test_a_partner_volunteers_and_confirms(client, runner, smtp_server):
    make_service(name="Mon service")
    soup = get_page(client, URL)
    # Every inhabited département, overseas too; not TAAF (984) nor Clipperton (989).
    assert len(soup.select("input[name=territories]")) == 107
    submit(client, soup, ANSWERS, URL, status=303)
    partner = db.session.scalar(select(Partner))
    assert (partner.organisation_name, partner.siret, partner.phone, partner.capacity) == (
        "MDPH d'Ille-et-Vilaine",
        "13002526500013",
        "+33299022020",
        40,
    )
    assert [t.code for t in partner.territories] == ["22", "35"]
    assert partner.confirmed_at is None and partner.status == "new"
    send_outbox(runner)
    message = only_message_to(smtp_server, "camille.martin@mdph35.fr")
    assert "candidature" in message["Subject"]
    page = confirm_by_link(client, link(message, "/e/confirmer/"))
    assert "MDPH d'Ille-et-Vilaine" in page.get_text()
    db.session.expire_all()
    assert db.session.get(Partner, partner.id).confirmed_at is not None


def test_sending_the_same_organisation_twice_makes_one_partner(client):
    make_service()
    for _ in range(2):
        submit(client, get_page(client, URL), ANSWERS, URL, status=303)
    assert len(db.session.scalars(select(Partner)).all()) == 1


def test_the_form_cannot_fill_a_strangers_inbox(client, runner, smtp_server):
    """Nine organisations sent in a row with one address, as an outside review did: one
    confirmation email reaches that address this quarter of an hour; another address still
    gets its own."""
    make_service()
    for n in range(9):
        answers = ANSWERS | {"organisation_name": f"Organisation {n}", "siret": ""}
        submit(client, get_page(client, URL), answers, URL, status=303)
    other = ANSWERS | {"organisation_name": "Autre", "siret": "", "email": "autre@exemple.fr"}
    submit(client, get_page(client, URL), other, URL, status=303)
    assert len(db.session.scalars(select(Partner)).all()) == 10  # every candidacy is kept
    send_outbox(runner)
    received = [m["To"] for m in smtp_server.messages]
    assert sorted(received) == ["autre@exemple.fr", "camille.martin@mdph35.fr"]


def test_bad_answers_are_explained_next_to_each_field_and_kept(client):
    make_service()
    answers = {
        **ANSWERS,
        "siret": "13002526500014",
        "phone": "123",
        "territories": None,
        "organisation_type": "",
        "capacity": "beaucoup",
    }
    page = check_page(submit(client, get_page(client, URL), answers, URL, status=422))
    assert "n'est pas valide" in field_error(page, "siret")
    assert "numéro de téléphone français" in field_error(page, "phone")
    assert "au moins un territoire" in field_error(page, "territories")
    assert "type de votre organisation" in field_error(page, "organisation_type")
    assert "nombre entier" in field_error(page, "capacity")
    assert page.find(id="organisation_name")["value"] == "MDPH d'Ille-et-Vilaine"
    assert page.find(id="siret")["value"] == "13002526500014"
    assert page.find(id="siret")["aria-invalid"] == "true"  # read out with the field
    assert not page.find(id="organisation_name").has_attr("aria-invalid")
    summary = page.find(id="error-summary")("li")
    assert len(summary) == 5
    # Each names its field: read alone, « Indiquez un nombre entier » would not say which.
    for item in summary:
        field_id = item.a["href"].removeprefix("#")
        label = page.find("label", attrs={"for": field_id}) or page.find(id=f"{field_id}-legend")
        name = label.find(string=True, recursive=False) or label.get_text()
        assert item.get_text(" ", strip=True).startswith(name.strip()), item
    assert db.session.scalars(select(Partner)).all() == []


def test_status_changes_are_kept_with_who_made_them(client, runner):
    make_service()
    submit(client, get_page(client, URL), ANSWERS, URL, status=303)
    partner = db.session.scalar(select(Partner))
    for status, author in (("contacted", "ana@equipe.fr"), ("engaged", "leo@equipe.fr")):
        result = runner.invoke(
            args=[
                "pilotes",
                "partner",
                "set-status",
                str(partner.id),
                status,
                "--by",
                author,
                "--note",
                f"Passage à {status}",
            ]
        )
        assert result.exit_code == 0, result.output
    db.session.expire_all()
    partner = db.session.get(Partner, partner.id)
    assert partner.status_label == "Engagé"
    assert [(e.author, e.from_status, e.to_status) for e in partner.events] == [
        ("ana@equipe.fr", "new", "contacted"),
        ("leo@equipe.fr", "contacted", "engaged"),
    ]


def test_erasing_keeps_the_organisation_and_drops_the_person_and_what_they_wrote(
    client, runner, smtp_server
):
    make_service()
    submit(client, get_page(client, URL), ANSWERS, URL, status=303)
    send_outbox(runner)
    erase = link(only_message_to(smtp_server, "camille.martin@mdph35.fr"), "/e/effacer/")
    submit(client, get_page(client, erase), {}, erase, status=200)
    db.session.expire_all()
    partner = db.session.scalar(select(Partner))
    assert partner.organisation_name == "MDPH d'Ille-et-Vilaine"
    erased = (partner.email, partner.contact_name, partner.contact_role, partner.phone)
    assert erased == (None, None, None, None)
    assert partner.offer is None  # free text: « Un accueil et deux agents formés. »


def test_a_commune_level_service_takes_insee_or_postal_codes(client):
    make_service(level="commune")
    soup = get_page(client, URL)
    assert not soup.select("input[name=territories]")
    answers = {**ANSWERS, "territories": None, "territory_codes": "35238, 29200, 75011"}
    submit(client, soup, answers, URL, status=303)
    assert [t.code for t in db.session.scalar(select(Partner)).territories] == [
        "29019",
        "35238",
        "75056",
    ]
    ambiguous = {**answers, "email": "autre@exemple.fr", "territory_codes": "05110"}
    page = check_page(submit(client, soup, ambiguous, URL, status=422))
    error = field_error(page, "territory_codes")
    assert "peut désigner plusieurs communes" in error
    # Communes of both départements of 05110, each named with its own.
    assert "(Alpes-de-Haute-Provence, 04" in error and "(Hautes-Alpes, 05" in error
