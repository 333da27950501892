"""An error stands next to the field it is about, and the summary's link goes there."""

from pilotes.infra.extensions import db
from tests.browser.a11y import assert_accessible
from tests.factories import make_service


def test_the_territories_error_is_under_their_legend_and_its_link_focuses_them(
    browser, live_server
):
    make_service(name="Mon service", level="departement")
    db.session.commit()
    context = browser.new_context(
        base_url=live_server, bypass_csp=True, viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    page.goto("/services/mon-service/partenaire")
    page.get_by_role("button", name="Proposer mon organisation").click()
    legend = page.locator("#territories-legend").bounding_box()
    error = page.locator("#territories-error").bounding_box()
    gap = error["y"] - (legend["y"] + legend["height"])
    assert 0 <= gap < 50, f"the error is {gap}px below the legend of its checkboxes"
    page.locator("#error-summary a[href='#territories']").click()
    assert page.evaluate("document.activeElement.id") == "territories"
    assert page.locator("#territories").is_visible()
    assert_accessible(page)
    context.close()


def test_the_commune_choice_error_leads_to_its_first_radio_button(browser, live_server):
    make_service(name="Mon service")
    db.session.commit()
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    page.goto("/services/mon-service/demande?code_postal=01400")
    page.get_by_role("button", name="Continuer").click()  # no commune chosen
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.locator("#error-summary a").click()
    assert page.evaluate("document.activeElement.id") == "commune-0"
    assert page.evaluate("document.activeElement.type") == "radio"
    assert_accessible(page)
    context.close()
