"""A mediator in Chromium: invited by the team, signed in by the invitation's link, records
a demand for someone offline; it shows in the public figures only as disclosure allows."""

import re

from sqlalchemy import select

from pilotes.infra.extensions import db
from pilotes.models import Demand, Mediator
from pilotes.reports.edition import build_payload
from pilotes.reports.payload import service_rule
from tests.browser.a11y import assert_accessible
from tests.browser.test_journeys import deliver, link_in
from tests.factories import make_service, record_accompanied
from tests.web.team.helpers import sign_in_browser

RECORD = "/equipe/services/mon-service/accompagner"


def test_a_mediator_is_invited_signs_in_and_records_a_demand(app, browser, page, smtp_server):
    service = make_service(name="Mon service")
    sign_in_browser(page, service, "owner@equipe.fr", "owner")
    page.goto("/equipe/services/mon-service/mediateurs")
    assert_accessible(page)
    page.get_by_label("Nom de l'organisation").fill("France services de Gap")
    page.get_by_label("Type d'organisation").select_option("france_services")
    page.get_by_label("Adresse électronique de la personne").fill("accueil@fs-gap.fr")
    page.get_by_role("button", name="Ouvrir l'accès").click()
    assert "France services de Gap" in page.locator("#mediators").inner_text()
    assert_accessible(page)

    deliver(app)
    (message,) = smtp_server.to("accueil@fs-gap.fr")
    # The mediator's own browser (bypass_csp lets axe in, as the page fixture does).
    mediator = browser.new_context(
        base_url=page.url.split("/equipe")[0],
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    ).new_page()
    mediator.goto(link_in(message, "/equipe/connexion/lien/"))
    mediator.get_by_role("button", name="Se connecter").click()
    mediator.get_by_role("link", name="Mon service").click()
    mediator.wait_for_url(re.compile("/accompagner"))
    assert_accessible(mediator)
    assert mediator.goto("/equipe/services/mon-service/").status == 403  # no figures
    mediator.goto(RECORD)
    mediator.get_by_label("Code postal de la personne").fill("05000")
    mediator.get_by_role("button", name="Enregistrer la demande").click()
    assert mediator.locator("#error-summary").is_visible()  # no consent yet
    assert "accord" in mediator.locator("#oral_consent-messages").inner_text()
    assert_accessible(mediator)
    mediator.locator("label", has_text="Gap").click()  # 05000 covers eight communes
    mediator.locator("label[for=oral_consent]").click()
    mediator.get_by_role("button", name="Enregistrer la demande").click()
    assert "enregistrée" in mediator.locator(".fr-alert--success").inner_text()
    assert_accessible(mediator)
    demand = db.session.scalar(select(Demand))
    assert demand.accompanied and demand.email is None and demand.commune_code == "05061"
    # The mediator reads out and notes a reference, never the demand's id.
    assert demand.reference in mediator.locator(".fr-alert--success").inner_text()
    assert mediator.locator("#recorded td").first.inner_text() == demand.reference

    # One accompanied demand: « moins de 15 » wherever it is counted, the nation included.
    page.goto("/services/mon-service/stats?niveau=departement")
    assert "moins de 15" in page.locator("#stats tr[data-code='05'] td").nth(4).inner_text()
    assert "moins de 15" in page.locator("#key-figures").inner_text()
    assert_accessible(page)

    # Twenty-four more: published as the method allows, rounded with the cell's offset.
    for _ in range(24):
        record_accompanied(db.session.get(Mediator, demand.mediator_id), "05000")
    db.session.commit()
    page.goto("/services/mon-service/stats?niveau=departement")
    shown = page.locator("#stats tr[data-code='05'] td").nth(4).inner_text()
    (published,) = [
        t for t in build_payload(db.session, service, "departement").territories if t.code == "05"
    ]
    if published.accompanied is None:
        assert shown == "masqué" and published.suppressed["accompanied"] == "secondary"
    else:
        rounded = service_rule(service).rounded(("accompanied", "departement", "05"), 25)
        assert int(shown.replace("\u202f", "")) == published.accompanied == rounded
        assert 21 <= rounded <= 29
