"""« Grâce à … » end to end: invited by email after an opening, answered through the link,
moderated by the team, shown on the beta page and in the PDF; withdrawn, gone from both."""

import io

import pypdf
import pytest
from sqlalchemy import select

from pilotes import create_app
from pilotes.domain import testimonials
from pilotes.infra.extensions import db
from pilotes.models import AuditEntry, Service, Testimonial
from tests.client_request import ClientRequest
from tests.email_links import link, send_outbox
from tests.factories import add_testimonial, confirm_everything, make_demand, make_service
from tests.pages import check_page, field_error, get_page, submit
from tests.web.team.helpers import make_member

SENTENCE = "Grâce à ce service, j'ai eu moins de problèmes <b>vraiment</b>."


def pdf_text(client_request, slug="mon-service") -> str:
    response = client_request.response("team.report_download", slug=slug, fmt="pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def quotes(soup) -> list[str]:
    return [q.get_text(" ", strip=True) for q in soup.select("#testimonials figure.fr-quote")]


@pytest.fixture
def opened(app, runner):
    """A service open in Ille-et-Vilaine, where one person asked and confirmed."""
    service = make_service(after_opening="keep")
    make_demand(service, "35000", email="camille@exemple.fr")
    confirm_everything()
    result = runner.invoke(args=["pilotes", "open-territory", "mon-service", "35"])
    assert result.exit_code == 0, result.output
    make_member(service, "owner@equipe.fr", "owner")
    return service


def invite_from_the_team_page(client_request, service) -> ClientRequest:
    team = client_request.other()
    team.sign_in_as("owner", service, "owner@equipe.fr")
    page = team.get("team.testimonials_page", slug=service.slug)
    row = page.select_one("#invite-territories tbody tr")
    assert "Ille-et-Vilaine" in row.get_text() and "1" in row.find_all("td")[1].get_text()
    team.submit_form(page, _status=303, _form="#invite-territories form")
    assert (
        "1 invitation(s) envoyée(s)"
        in team.get("team.testimonials_page", slug=service.slug).get_text()
    )
    return team


def test_a_testimonial_goes_from_the_email_to_the_beta_page_and_the_pdf_and_back(
    app, client, client_request, runner, smtp_server, opened
):
    team = invite_from_the_team_page(client_request, opened)
    send_outbox(runner)
    (invitation,) = [
        m for m in smtp_server.to("camille@exemple.fr") if "a changé pour vous" in m["Subject"]
    ]
    assert invitation["List-Unsubscribe"]  # the contact rules of every email to a signup
    path = link(invitation, "/e/temoignage/")

    # A line break and a missing first name are refused next to their fields; the rest stays.
    form = get_page(client, path)
    bad = {
        "sentence": "Une phrase\r\nsur deux lignes.",
        "helped": "en_partie",
        "publish": "y",
        "signed_as": "prenom",
        "first_name": "",
    }
    refused = check_page(submit(client, form, bad, path, selector="main form", status=422))
    assert "Sur une seule ligne" in field_error(refused, "sentence")
    assert "prénom" in field_error(refused, "first_name")
    assert refused.find("input", id="helped-1").has_attr("checked")  # « En partie » kept
    assert refused.find(id="publish").has_attr("checked")

    good = {**bad, "sentence": SENTENCE, "helped": "oui", "first_name": "Camille"}
    thanks = check_page(submit(client, refused, good, path, selector="main form", status=200))
    assert "Merci pour votre réponse" in thanks.get_text()
    assert not quotes(get_page(client, "/services/mon-service"))  # not before moderation

    page = team.get("team.testimonials_page", slug=opened.slug)
    assert SENTENCE in page.find(id="testimonials").get_text()  # escaped, as typed
    team.submit_form(page, {"action": "publier"}, 303, _form="#testimonials form")
    moderated = select(AuditEntry.action).where(AuditEntry.action.like("temoignage_%"))
    assert db.session.scalar(moderated) == "temoignage_publie"

    beta = get_page(client, "/services/mon-service")
    assert quotes(beta) == [f"« {SENTENCE} » Camille Ille-et-Vilaine"]
    assert beta.select_one("#testimonials b") is None  # the words are text, never markup
    text = pdf_text(team)
    assert "j'ai eu moins de problèmes" in text and "Camille, Ille-et-Vilaine" in text

    # The author withdraws through the same link: gone from the page and the report.
    status_page = get_page(client, path)
    withdraw_url = status_page.find("a", string="Retirer mon témoignage")["href"]
    asked = get_page(client, withdraw_url)
    assert db.session.scalar(select(Testimonial.status)) == "published"  # opening asks only
    done = check_page(submit(client, asked, {}, withdraw_url, "main form"))
    assert "Votre témoignage est retiré" in done.get_text()
    assert not quotes(get_page(client, "/services/mon-service"))
    text = pdf_text(team)
    assert "moins de problèmes" not in text and "Camille" not in text
    assert db.session.scalar(select(Testimonial.sentence)) is None


def test_a_bad_or_forged_link_is_refused(client_request, opened):
    client_request.get("public.testimony", _status=400, token="pas-un-jeton")
    client_request.post("public.testimony_withdraw", _status=400, token="pas-un-jeton")


def test_a_link_for_another_purpose_is_refused(app, client_request, opened):
    from pilotes.infra import signing

    testimonial = add_testimonial(opened, status="invited", sentence=None)
    forged = signing.sign(signing.UNSUBSCRIBE, ["testimony", testimonial.id])
    client_request.get("public.testimony", _status=400, token=forged)
    for value in (["volunteer", testimonial.id], ["testimony", True], ["testimony", "1"]):
        wrong_shape = signing.sign(signing.TESTIMONY, value)
        client_request.get("public.testimony", _status=400, token=wrong_shape)


def test_an_answered_link_shows_the_answer_and_accepts_no_second_one(app, client_request, opened):
    from pilotes.infra import signing

    testimonial = add_testimonial(opened, status="private", publish_consent=False)
    token = signing.sign(signing.TESTIMONY, ["testimony", testimonial.id])
    page = client_request.get("public.testimony", token=token)
    assert "Réponse privée" in page.get_text() and page.find("textarea") is None
    second = {"sentence": "Autre chose.", "helped": "non"}  # sent as a form, with its token
    client_request.post("public.testimony", second, 200, token=token)
    db.session.expire_all()
    assert db.session.get(Testimonial, testimonial.id).sentence.startswith("Grâce à ce service")


@pytest.fixture
def kept_app(app, migrated_database):
    """The app as in production: public pages kept 60 s (``app`` cleans up)."""
    return create_app("test", SQLALCHEMY_DATABASE_URI=migrated_database, PUBLIC_STATS_TTL=60)


def test_a_withdrawn_testimonial_leaves_the_kept_beta_page_at_once(kept_app):
    visitor = kept_app.test_client()
    with kept_app.app_context():
        service = make_service()
        testimonial = add_testimonial(service, status="published", signed_as="anonyme")
        ids = service.id, testimonial.id
    assert quotes(get_page(visitor, "/services/mon-service"))  # now kept for 60 s
    with kept_app.app_context():
        testimonials.withdraw(db.session, db.session.get(Testimonial, ids[1]))
        db.session.commit()
        assert db.session.get(Service, ids[0]) is not None
    assert not quotes(get_page(visitor, "/services/mon-service"))


def test_a_data_copy_shows_the_persons_private_words(app, client, runner, smtp_server, opened):
    from pilotes.infra.database import unit_of_work

    with unit_of_work():
        testimonials.invite(db.session, opened, "35", "owner@equipe.fr")
    with unit_of_work():
        testimonial = db.session.scalar(select(Testimonial))
        private = testimonials.Answer("Grâce à lui, un dossier de moins.", "en_partie", False)
        testimonials.answer(db.session, testimonial, private)
    submit(
        client, get_page(client, "/mes-donnees"), {"email": "camille@exemple.fr"}, "/mes-donnees"
    )
    send_outbox(runner)
    (message,) = [m for m in smtp_server.to("camille@exemple.fr") if "Vos données" in m["Subject"]]
    text = get_page(client, link(message, "/mes-donnees/")).get_text(" ", strip=True)
    assert "« Grâce à lui, un dossier de moins. » — aidé : En partie — privé" in text


def test_the_privacy_page_gives_the_consent_to_publish_word_for_word(client, opened):
    from pilotes.domain.privacy import CONSENT_TEXTS

    text = get_page(client, "/services/mon-service/donnees-personnelles").get_text(" ")
    expected = CONSENT_TEXTS["2026-11-t1"]["testimony"].format(service="Mon service")
    assert expected in " ".join(text.split())
