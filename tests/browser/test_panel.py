"""The inclusive panel in Chromium, with axe on every page: a volunteer gives access needs
with their consent, another answers without it (not stored, told why), and a team member
builds a round with quotas and sees the gaps."""

from datetime import timedelta

from sqlalchemy import func, select

from pilotes.domain.inclusion import today
from pilotes.infra.extensions import db
from pilotes.models import InclusionAnswers, Volunteer
from tests.browser.a11y import assert_accessible
from tests.domain.test_panel import panel_volunteer
from tests.factories import make_service
from tests.web.team.helpers import sign_in_browser

FORM = "/services/mon-service/volontaire"


def fill_the_volunteer_form(page, email: str):
    page.goto(FORM)
    assert_accessible(page)
    page.get_by_label("Votre code postal").fill("35000")
    page.get_by_label("Votre adresse électronique").fill(email)
    page.locator("label[for=ways-1]").click()  # DSFR draws the box on its label
    page.locator("label[for=consent]").click()
    page.locator("label", has_text="La vue").click()
    page.locator("label", has_text="L'audition").click()
    page.locator("label", has_text="J'utilise internet seulement avec l'aide").click()
    page.locator("label", has_text="Oui, de temps en temps").click()


def count(model) -> int:
    """A fresh read of what the server wrote, ended at once: SQLite's lock would stop it."""
    db.session.rollback()
    found = db.session.scalar(select(func.count()).select_from(model))
    db.session.rollback()
    return found


def test_a_volunteer_gives_access_needs_with_their_consent(page):
    make_service(name="Mon service")
    db.session.commit()
    fill_the_volunteer_form(page, "camille@exemple.fr")
    assert page.locator("#digital_autonomy .fr-radio-rich__pictogram").count() == 5
    page.locator("label[for=inclusion_consent]").click()
    assert_accessible(page)
    page.get_by_role("button", name="Je me porte volontaire").click()
    page.wait_for_url("**/volontaire/merci")
    assert_accessible(page)
    db.session.rollback()
    answers = db.session.scalar(select(InclusionAnswers))
    assert (answers.access_needs, answers.digital_autonomy, answers.helped_online) == (
        ["vision", "hearing"],
        "2",
        "sometimes",
    )


def test_a_volunteer_who_does_not_tick_the_box_keeps_their_answers_private(page):
    make_service(name="Mon service")
    db.session.commit()
    fill_the_volunteer_form(page, "dominique@exemple.fr")
    page.get_by_role("button", name="Je me porte volontaire").click()
    message = page.locator("#inclusion_consent-messages")
    assert "ne seront pas enregistrées" in message.inner_text()
    assert page.locator("#error-summary").is_visible()
    assert page.get_by_label("Votre adresse électronique").input_value() == "dominique@exemple.fr"
    assert_accessible(page)
    assert (count(Volunteer), count(InclusionAnswers)) == (0, 0)
    # The person takes the answers back and volunteers without them.
    page.locator("label", has_text="La vue").click()
    page.locator("label", has_text="L'audition").click()
    page.locator("#digital_autonomy label", has_text="Je préfère ne pas répondre").click()
    page.locator("#helped_online label", has_text="Je préfère ne pas répondre").click()
    page.get_by_role("button", name="Je me porte volontaire").click()
    page.wait_for_url("**/volontaire/merci")
    assert (count(Volunteer), count(InclusionAnswers)) == (1, 0)


def test_a_team_member_builds_a_round_with_quotas_and_sees_the_gaps(page):
    service = make_service(name="Mon service")
    panel_volunteer(service, "vue@exemple.fr", needs=("vision",), status="participant")
    panel_volunteer(service, "aide@exemple.fr", helped="often", postal_code="69003")
    sign_in_browser(page, service, "editor@equipe.fr", "editor")
    page.goto("/equipe/services/mon-service/")
    page.get_by_role("link", name="Campagnes de tests").click()
    assert_accessible(page)
    page.get_by_role("button", name="Créer la campagne").click()  # nothing given: explained
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Nom de la campagne").fill("Tests de décembre")
    page.get_by_label("Début").fill(today().isoformat())
    page.get_by_label("Fin (les réponses").fill((today() + timedelta(days=20)).isoformat())
    page.get_by_label("Besoins liés à la vue").fill("1")
    page.get_by_label("Aidées en ligne par quelqu'un").fill("2")
    page.get_by_label("Groupe (ligne 1)").select_option("motor")
    page.get_by_label("Département (ligne 1)").select_option("35")
    page.get_by_label("Nombre de personnes (ligne 1)").fill("1")
    page.get_by_role("button", name="Créer la campagne").click()
    page.wait_for_url("**/campagnes/*")
    assert page.locator("h1").inner_text() == "Tests de décembre"
    assert_accessible(page)
    missing = page.locator("#missing-groups").inner_text()
    assert "Aidées en ligne par quelqu'un" in missing
    assert "Besoins liés à la motricité (35)" in missing
    assert "vue" not in missing  # its one participant is there
    assert "1 / 1" in page.locator("#quotas").inner_text()
    first = page.locator("#candidates tbody tr").first.inner_text()
    assert "aide@exemple.fr" in first
