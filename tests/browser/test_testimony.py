"""« Grâce à … » in a real browser, checked by axe: giving a testimonial, moderating it."""

import re

from sqlalchemy import select

from pilotes.domain import testimonials
from pilotes.domain.opening import open_territory
from pilotes.infra.database import unit_of_work
from pilotes.infra.extensions import db
from pilotes.models import OutboxMessage, Testimonial
from tests.browser.a11y import assert_accessible
from tests.factories import confirm_everything, make_demand, make_service, outbox_bodies
from tests.web.team.helpers import make_member, sign_in_browser, sign_in_link

LINK = re.compile(r"http://pilotes\.test(/e/temoignage/\S+)")


def invited_link() -> str:
    """A person asked in Ille-et-Vilaine, it opened, the team invited: their email's link."""
    service = make_service(after_opening="keep")
    make_demand(service, "35000", email="camille@exemple.fr")
    confirm_everything()
    with unit_of_work():
        open_territory(db.session, service, "35")
        testimonials.invite(db.session, service, "35", "owner@equipe.fr")
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "testimony_invitation")
    ).all()
    (body,) = outbox_bodies(messages)
    return LINK.search(body).group(1)


def test_giving_a_testimonial_then_withdrawing_it(page):
    link = invited_link()
    db.session.commit()
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.wait_for_selector("#error-summary")
    assert "Écrivez une phrase." in page.locator("#sentence-messages").inner_text()
    assert_accessible(page)  # with its errors shown
    page.get_by_label("Grâce à ce service, …").fill("Grâce à ce service, j'ai fait ma demande.")
    page.locator("label[for=helped-0]").click()  # Oui
    page.locator("label[for=publish]").click()
    page.locator("label[for=signed_as-0]").click()  # Mon prénom
    page.get_by_label("Votre prénom").fill("Camille")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.wait_for_selector("text=Merci pour votre réponse")
    assert_accessible(page)
    db.session.expire_all()
    stored = db.session.scalar(select(Testimonial))
    assert (stored.status, stored.first_name, stored.helped) == ("pending", "Camille", "oui")
    db.session.rollback()  # holds no lock while the browser writes
    page.get_by_role("link", name="Retirer mon témoignage").click()
    assert_accessible(page)
    page.get_by_role("button", name="Retirer mon témoignage").click()
    page.wait_for_selector("text=Votre témoignage est retiré")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.scalar(select(Testimonial.status)) == "withdrawn"


def test_the_team_moderates_and_the_sentence_appears_on_the_beta_page(page):
    link = invited_link()
    with unit_of_work():
        testimonial = db.session.scalar(select(Testimonial))
        answer = testimonials.Answer("Grâce à lui, moins de papiers.", "en_partie", True, "anonyme")
        testimonials.answer(db.session, testimonial, answer)
    assert link
    sign_in_browser(page, testimonial.service, "owner@equipe.fr", "owner")
    page.goto("/equipe/services/mon-service/")
    page.get_by_role("link", name="Témoignages").click()
    page.wait_for_selector("#testimonials")
    assert_accessible(page)
    page.get_by_role("button", name="Publier (réponse").click()
    page.wait_for_selector("text=Décision enregistrée")
    assert_accessible(page)
    page.goto("/services/mon-service")
    quote = page.locator("#testimonials figure.fr-quote")
    assert "Grâce à lui, moins de papiers." in quote.inner_text()
    assert "Anonyme" in quote.inner_text() and "Ille-et-Vilaine" in quote.inner_text()
    assert_accessible(page)


def test_the_teams_table_of_answers_scrolls_with_the_keyboard_on_a_phone(browser, live_server):
    """At 375 px the table of answers is wider than the screen: with no button inside (private
    answers have no decision to take), the table itself must take the focus to scroll."""
    service = make_service(after_opening="keep")
    for n in range(3):
        make_demand(service, "35000", email=f"p{n}@exemple.fr")
    confirm_everything()
    make_member(service, "owner@equipe.fr", "owner")
    with unit_of_work():
        open_territory(db.session, service, "35")
        testimonials.invite(db.session, service, "35", "owner@equipe.fr")
        for n, testimonial in enumerate(db.session.scalars(select(Testimonial))):
            sentence = f"Grâce à ce service, j'ai gagné {n + 1} heures. " * 3
            testimonials.answer(
                db.session, testimonial, testimonials.Answer(sentence, "oui", False)
            )
    for width in (1280, 375):
        context = browser.new_context(
            base_url=live_server, bypass_csp=True, viewport={"width": width, "height": 800}
        )
        page = context.new_page()
        link = sign_in_link("owner@equipe.fr")
        db.session.commit()  # the browser's requests write; this test holds no lock
        page.goto(link)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/equipe/**")
        page.goto("/equipe/services/mon-service/temoignages")
        assert page.locator("#testimonials tbody tr").count() == 3
        assert page.locator("#testimonials button").count() == 0
        assert_accessible(page)
        context.close()
