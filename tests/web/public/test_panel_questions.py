"""The volunteer form's optional panel questions: kept only with their own box, shown in the
data copy, erased by the erase link; the privacy page says it all."""

from sqlalchemy import func, select

from pilotes.domain.privacy import CONSENT_TEXTS, consent_text
from pilotes.domain.signups.core import CONSENT_VERSION
from pilotes.infra.extensions import db
from pilotes.models import InclusionAnswers, Volunteer
from tests.email_links import link, only_message_to, send_outbox
from tests.factories import make_service
from tests.pages import check_page, confirm_by_link, field_error, get_page, submit

URL = "/services/mon-service/volontaire"
ANSWERS = {
    "code_postal": "35000",
    "email": "camille@exemple.fr",
    "ways": "test",
    "consent": "y",
    "access_needs": ["vision", "motor"],
    "digital_autonomy": "2",
    "helped_online": "often",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_answers_with_their_own_box_are_kept_with_the_text_the_person_read(client):
    service = make_service(name="Mon service")
    page = get_page(client, URL)
    box = page.find("label", attrs={"for": "inclusion_consent"}).get_text(" ", strip=True)
    assert consent_text(CONSENT_VERSION, "inclusion", service) in box
    assert page.find(id="access_needs").name == "fieldset"
    assert page.select("#digital_autonomy .fr-radio-rich svg use")  # the DSFR radio rich
    submit(client, page, {**ANSWERS, "inclusion_consent": "y"}, URL, status=303)
    answers = db.session.scalar(select(InclusionAnswers))
    volunteer = db.session.scalar(select(Volunteer))
    assert answers.volunteer_id == volunteer.id
    assert (answers.access_needs, answers.digital_autonomy, answers.helped_online) == (
        ["vision", "motor"],
        "2",
        "often",
    )
    assert (
        answers.consent_version == CONSENT_VERSION and "inclusion" in CONSENT_TEXTS[CONSENT_VERSION]
    )


def test_answers_without_the_box_are_not_stored_and_the_person_is_told_next_to_it(client):
    make_service()
    page = check_page(submit(client, get_page(client, URL), ANSWERS, URL, status=422))
    assert "ne seront pas enregistrées" in field_error(page, "inclusion_consent")
    assert page.find(id="error-summary").find("a", href="#inclusion_consent")
    # Everything else is kept as typed.
    assert page.find(id="email")["value"] == "camille@exemple.fr"
    assert page.find("input", attrs={"name": "digital_autonomy", "value": "2"}).has_attr("checked")
    assert page.find("input", attrs={"name": "access_needs", "value": "motor"}).has_attr("checked")
    assert (count(Volunteer), count(InclusionAnswers)) == (0, 0)
    # Taking the answers back, the person volunteers without them.
    submit(
        client,
        page,
        {"access_needs": None, "digital_autonomy": "", "helped_online": ""},
        URL,
        status=303,
    )
    assert (count(Volunteer), count(InclusionAnswers)) == (1, 0)


def test_the_box_alone_without_answers_is_fine_and_stores_nothing(client):
    make_service()
    fields = {k: v for k, v in ANSWERS.items() if k in ("code_postal", "email", "ways", "consent")}
    submit(client, get_page(client, URL), {**fields, "inclusion_consent": "y"}, URL, status=303)
    assert (count(Volunteer), count(InclusionAnswers)) == (1, 0)


def test_an_answer_that_is_not_offered_is_refused_in_french(client):
    make_service()
    page = check_page(
        submit(
            client,
            get_page(client, URL),
            {**ANSWERS, "access_needs": "telepathy", "inclusion_consent": "y"},
            URL,
            status=422,
        )
    )
    assert "besoins proposés" in field_error(page, "access_needs")
    assert count(InclusionAnswers) == 0


def test_the_data_copy_shows_the_answers_and_the_erase_link_removes_them(
    client, runner, smtp_server
):
    make_service(name="Mon service")
    submit(client, get_page(client, URL), {**ANSWERS, "inclusion_consent": "y"}, URL, status=303)
    send_outbox(runner)
    confirm_by_link(
        client, link(only_message_to(smtp_server, "camille@exemple.fr"), "/e/confirmer/")
    )
    submit(
        client, get_page(client, "/mes-donnees"), {"email": "camille@exemple.fr"}, "/mes-donnees"
    )
    send_outbox(runner)
    copy_message = smtp_server.to("camille@exemple.fr")[-1]
    copy = get_page(client, link(copy_message, "/mes-donnees/")).get_text(" ", strip=True)
    assert "La vue" in copy and "La motricité" in copy
    assert "J'utilise internet seulement avec l'aide de quelqu'un" in copy
    assert f"version {CONSENT_VERSION}" in copy

    erase_path = link(smtp_server.to("camille@exemple.fr")[0], "/e/effacer/")
    submit(client, get_page(client, erase_path), {}, erase_path, status=200)
    assert count(InclusionAnswers) == 0
    assert db.session.scalar(select(Volunteer.email)) is None


def test_the_privacy_page_explains_the_panel_questions_and_their_consent(client):
    service = make_service(name="Mon service")
    text = get_page(client, "/services/mon-service/donnees-personnelles").get_text(" ", strip=True)
    assert consent_text(CONSENT_VERSION, "inclusion", service) in text
    for expected in ("article 9.2.a", "aucune statistique publique", "fin de la campagne"):
        assert expected in text, expected
